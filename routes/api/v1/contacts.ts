import { resourceApi } from "../../../lib/api/resource.ts";
import { contactsSpec } from "../../../lib/crm/contacts.ts";
import { registerBulk } from "../../../lib/list/bulk.ts";

export const app = resourceApi(contactsSpec);
// POST /api/v1/contacts/bulk: one request for a list's bulk actions.
registerBulk(app, contactsSpec);
