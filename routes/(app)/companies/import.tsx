// /companies/import: the CSV import wizard for companies (the ImportWizard island), and recent imports.
import { importPage } from "../../../components/import/ImportPage.tsx";

const { handler, page } = importPage("companies");
export { handler };
export default page;
