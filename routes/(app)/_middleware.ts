// The sign-in gate for every app page: a session, a finished two-factor check, and a team.
import { define } from "../../utils.ts";
import { loginUrl } from "../../lib/auth/redirects.ts";

export const handler = define.middleware((ctx) => {
  const session = ctx.state.session;
  const here = ctx.url.pathname + ctx.url.search;
  if (!session) return ctx.redirect(loginUrl(here), 303);
  if (session.needsMfa) return ctx.redirect(`/login/mfa?next=${encodeURIComponent(here)}`, 303);
  if (!session.team) return ctx.redirect("/teams/new", 303);
  return ctx.next();
});
