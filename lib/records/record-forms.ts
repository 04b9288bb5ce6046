// Saving a record from an HTML form with the API's own schemas and rules, for the record pages.
import type { z } from "zod";
import type { Claims } from "../db/claims.ts";
import type { Db } from "../db/mod.ts";
import type { ResourceSpec } from "./resource-spec.ts";
import { errorMessage, type FieldErrors, type FormValues, parseWith } from "../forms.ts";
import { formToInput } from "./form-input.ts";
import { createRecord, listRecords, updateRecord } from "./records.ts";
import { listMembers } from "../teams.ts";
import { companiesSpec } from "./companies.ts";

export type SaveResult =
  | { ok: true; record: Record<string, unknown> }
  | { ok: false; errors: FieldErrors; values: FormValues };

export async function saveRecordForm(
  db: Db,
  claims: Claims,
  teamId: string,
  spec: ResourceSpec,
  values: FormValues,
  id?: string,
): Promise<SaveResult> {
  const schema = (id ? spec.update : spec.create) as z.ZodType<Record<string, unknown>>;
  const parsed = parseWith(schema, formToInput(values, Object.keys(spec.update.shape)), values);
  if (!parsed.ok) return parsed;
  try {
    const record = id
      ? await updateRecord(db, claims, teamId, spec, id, parsed.data)
      : await createRecord(db, claims, teamId, spec, parsed.data);
    return { ok: true, record };
  } catch (error) {
    return { ok: false, errors: { _form: errorMessage(error) }, values };
  }
}

export async function memberOptions(db: Db, claims: Claims, teamId: string) {
  const members = await listMembers(db, claims, teamId);
  return members.map((m) => ({ value: m.user_id, label: m.full_name || m.email }));
}

export async function companyOptions(db: Db, claims: Claims, teamId: string) {
  const page = await listRecords(db, claims, teamId, companiesSpec, { sort: "name", limit: "200" });
  return page.data.map((c) => ({ value: String(c.id), label: String(c.name) }));
}
