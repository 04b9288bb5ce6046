import { resourceApi } from "../../../lib/api/resource.ts";
import { companiesSpec } from "../../../lib/crm/companies.ts";

export const app = resourceApi(companiesSpec);
