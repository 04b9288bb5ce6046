// /contacts/import: the CSV import wizard for contacts (the ImportWizard island), and recent imports.
import { importPage } from "../../../components/import/ImportPage.tsx";

const { handler, page } = importPage("contacts");
export { handler };
export default page;
