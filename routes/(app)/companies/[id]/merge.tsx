// /companies/<id>/merge: the same merge page as contacts; the merged company's contacts move over.
import { mergeRoute } from "../../contacts/[id]/merge.tsx";

const companies = mergeRoute("companies");
export const handler = companies.handler;
export default companies.page;
