// The sign-in gate for every app page: a session, a finished two-factor check, and a team.
import { define } from "../../utils.ts";
import { loginUrl } from "../../lib/auth/redirects.ts";
import { shellUnread } from "../../lib/chat/unread.ts";
import { shellCredits } from "../../lib/credits/balance.ts";
import { sessionCaller } from "../../lib/caller.ts";

export const handler = define.middleware(async (ctx) => {
  const session = ctx.state.session;
  const here = ctx.url.pathname + ctx.url.search;
  if (!session) return ctx.redirect(loginUrl(here), 303);
  if (session.needsMfa) return ctx.redirect(`/login/mfa?next=${encodeURIComponent(here)}`, 303);
  if (!session.team) return ctx.redirect("/teams/new", 303);
  // the app shell shows unread chat on every page (its layout renders synchronously, so it is loaded here)
  if (ctx.req.method === "GET") {
    ctx.state.chatUnread = await shellUnread(ctx.state.app.db, session.claims, session.team);
    const { claims, team } = session;
    ctx.state.credits = await shellCredits(sessionCaller(ctx.state.app.db, { claims, team }));
  }
  return ctx.next();
});
