import { resourceApi } from "../../../lib/api/resource.ts";
import { contactsSpec } from "../../../lib/crm/contacts.ts";

export const app = resourceApi(contactsSpec);
