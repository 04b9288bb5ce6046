// Saving the lead form: the API's schema and rules (lib/records/record-forms.ts), plus putting a duplicate-email
// refusal next to the Email field instead of at the top of the form.
import type { SignedInState } from "../../utils.ts";
import type { FormValues } from "../../lib/forms.ts";
import { leadsSpec } from "../../lib/leads/spec.ts";
import { memberOptions, saveRecordForm, type SaveResult } from "../../lib/records/record-forms.ts";

export async function saveLeadForm(state: SignedInState, values: FormValues, id?: string): Promise<SaveResult> {
  const { claims, team } = state.session;
  const saved = await saveRecordForm(state.app.db, claims, team.id, leadsSpec, values, id);
  if (!saved.ok && saved.errors._form && /email/i.test(saved.errors._form) && /exists/i.test(saved.errors._form)) {
    const { _form, ...rest } = saved.errors;
    return { ...saved, errors: { ...rest, email: _form } };
  }
  return saved;
}

export async function leadFormOptions(state: SignedInState) {
  const { claims, team } = state.session;
  return { members: await memberOptions(state.app.db, claims, team.id) };
}
