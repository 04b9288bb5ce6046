import { define } from "../../../utils.ts";

export const handler = define.handlers({ GET: (ctx) => ctx.redirect("/settings/profile", 302) });
