// Sign out: ends the server session (its refresh token stops working) and clears the cookies.
import { define } from "../utils.ts";
import { clearSessionCookies } from "../lib/auth/cookies.ts";

export const handler = define.handlers({
  async POST(ctx) {
    if (ctx.state.session) await ctx.state.app.auth.logout(ctx.state.session.claims);
    clearSessionCookies(ctx.hono);
    return ctx.redirect("/login?notice=signed-out");
  },
});
