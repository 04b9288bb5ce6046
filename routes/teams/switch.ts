// POST from the team switcher: work in another of your workspaces.
import { z } from "zod";
import { define } from "../../utils.ts";
import { loginUrl } from "../../lib/auth/redirects.ts";
import { parseForm } from "../../lib/forms.ts";
import { switchTeamAndReissue } from "../../lib/team-session.ts";
import { AppError } from "../../lib/errors.ts";

export const handler = define.handlers({
  async POST(ctx) {
    if (!ctx.state.session) return ctx.redirect(loginUrl("/"));
    const form = await parseForm(ctx.req, z.object({ team_id: z.string().uuid("Pick a workspace from the list.") }));
    if (!form.ok) throw new AppError("unprocessable_entity", form.errors.team_id);
    await switchTeamAndReissue(ctx, form.data.team_id);
    return ctx.redirect("/");
  },
});
