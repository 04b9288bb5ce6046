// Sign out: ends the server session (its refresh token stops working) and clears the cookies.
import { define } from "../utils.ts";
import { clearSessionCookies } from "../lib/auth/cookies.ts";
import { AuthError } from "../lib/auth/errors.ts";

export const handler = define.handlers({
  async POST(ctx) {
    try {
      if (ctx.state.session) await ctx.state.app.auth.logout(ctx.state.session);
    } catch (error) {
      // Supabase Auth out of reach: this browser is signed out all the same (its token expires within the hour).
      if (!(error instanceof AuthError)) throw error;
      console.error(`logout: ${error.message}`);
    }
    clearSessionCookies(ctx.hono);
    return ctx.redirect("/login?notice=signed-out");
  },
});
