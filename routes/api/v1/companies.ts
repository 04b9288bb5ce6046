import { resourceApi } from "../../../lib/api/resource.ts";
import { companiesSpec } from "../../../lib/crm/companies.ts";
import { registerBulk } from "../../../lib/list/bulk.ts";

export const app = resourceApi(companiesSpec);
// POST /api/v1/companies/bulk: one request for a list's bulk actions.
registerBulk(app, companiesSpec);
