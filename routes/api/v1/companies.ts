import { resourceApi } from "../../../utils/api/resource.ts";
import { companiesSpec } from "../../../lib/records/companies.ts";
import { registerBulk } from "../../../utils/list-bulk.ts";

export const app = resourceApi(companiesSpec);
// POST /api/v1/companies/bulk: one request for a list's bulk actions.
registerBulk(app, companiesSpec);
