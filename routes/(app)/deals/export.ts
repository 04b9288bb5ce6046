// GET /deals/export?format=csv|xlsx&<list filters>: every matching deal as a download (the list view's Export).
import { define } from "../../../utils.ts";
import { exportList } from "../../../utils/list-page.ts";

export const handler = define.handlers({
  GET: (ctx) => exportList(ctx, "deals"),
});
