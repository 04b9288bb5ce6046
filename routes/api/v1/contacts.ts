import { resourceApi } from "../../../utils/api/resource.ts";
import { contactsSpec } from "../../../lib/records/contacts.ts";
import { registerBulk } from "../../../utils/list-bulk.ts";

export const app = resourceApi(contactsSpec);
// POST /api/v1/contacts/bulk: one request for a list's bulk actions.
registerBulk(app, contactsSpec);
