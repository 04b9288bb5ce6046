// The one typed `define` for this app, as in Fresh: routes import it to get ctx.state typed.
import { createDefine } from "./lib/web/define.ts";
import type { Session } from "./lib/auth/session.ts";
import type { AppServices } from "./app/services.ts";
import type { ChatUnread } from "./lib/chat/unread.ts";
import type { CreditBalance } from "./lib/credits/balance.ts";

export interface State {
  /** Per-request CSP nonce for inline scripts. */
  nonce: string;
  /** Double-submit CSRF token; forms post it back as `_csrf`. */
  csrf: string;
  /** The signed-in user's session, or null for visitors. */
  session: Session | null;
  /** Database, auth, mailer and config of this app instance. */
  app: AppServices;
  /** Unread chat for the app shell, counted by routes/(app)/_middleware.ts on page loads. */
  chatUnread?: ChatUnread;
  /** The team's credit balance for the app header, read by routes/(app)/_middleware.ts on page loads. */
  credits?: CreditBalance | null;
}

/** State on pages behind the sign-in gate (routes/(app)/_middleware.ts guarantees a session and team). */
export type SignedInState = State & { session: Session & { team: NonNullable<Session["team"]> } };

export const define = createDefine<State>();
