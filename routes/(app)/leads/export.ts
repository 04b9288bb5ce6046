// GET /leads/export?format=csv|xlsx&<list filters>: every matching lead as a download.
import { define } from "../../../utils.ts";
import { exportList } from "../../../utils/list-page.ts";

export const handler = define.handlers({
  GET: (ctx) => exportList(ctx, "leads"),
});
