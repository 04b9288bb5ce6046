// /notifications/<id>: opens a notification: marks it read and goes to what it is about. Links in the bell,
// the inbox and the email digest point here, so reading a notification anywhere counts it as read.
import { define, type SignedInState } from "../../../utils.ts";
import { applyAction } from "../../../lib/notifications/store.ts";
import { isUuid } from "../../../lib/ids.ts";
import { announceChange } from "../../../lib/notifications/live.ts";
import { safePath } from "../../../lib/notifications/format.ts";

export const handler = define.handlers({
  async GET(ctx) {
    const { session } = ctx.state as SignedInState;
    const id = ctx.params.id;
    if (!isUuid(id)) return ctx.redirect("/notifications?filter=all");
    try {
      const result = await applyAction(ctx.state.app.db, session.claims, session.team.id, "read", [id]);
      announceChange(ctx.state.app, session.claims.sub, {
        team_id: session.team.id,
        action: "read",
        ids: [id],
        unread_count: result.unread_count,
      });
      return ctx.redirect(safePath(result.data[0]?.url));
    } catch {
      // Someone else's, gone, or from another workspace: the inbox says what there is.
      return ctx.redirect("/notifications?filter=all");
    }
  },
});
