// The deal form (new and edit) on the server: its choices (stages by pipeline, companies, contacts, owners)
// and saving it with the API's own schema. The chosen stage decides the pipeline, so both always agree.
import type { z } from "zod";
import type { Claims } from "../db/claims.ts";
import type { Db } from "../db/mod.ts";
import { errorMessage, type FieldErrors, type FormValues, parseWith } from "../forms.ts";
import { formToInput } from "../records/form-input.ts";
import { createRecord, listRecords, updateRecord } from "../records/records.ts";
import { companyOptions, memberOptions } from "../records/record-forms.ts";
import { contactsSpec } from "../records/contacts.ts";
import { dealsSpec } from "./deals.ts";
import { listPipelines, type Pipeline } from "./pipelines.ts";

export interface Option {
  value: string;
  label: string;
}

export interface StageGroup {
  pipelineId: string;
  pipeline: string;
  stages: (Option & { kind: string; probability: number })[];
}

export interface DealFormChoices {
  stageGroups: StageGroup[];
  companies: Option[];
  contacts: Option[];
  members: Option[];
}

export const CURRENCIES = ["USD", "EUR", "GBP", "CAD", "AUD", "CHF", "JPY", "SEK", "INR", "BRL"];

export async function contactOptions(db: Db, claims: Claims, teamId: string): Promise<Option[]> {
  const page = await listRecords(db, claims, teamId, contactsSpec, { sort: "last_name", limit: "200" });
  return page.data.map((c) => ({
    value: String(c.id),
    label: `${c.first_name ?? ""} ${c.last_name ?? ""}`.trim() || String(c.email ?? "Unnamed"),
  }));
}

export function stageGroups(pipelines: Pipeline[]): StageGroup[] {
  return pipelines.map((p) => ({
    pipelineId: p.id,
    pipeline: p.name,
    stages: p.stages.map((s) => ({ value: s.id, label: s.name, kind: s.kind, probability: s.probability })),
  }));
}

export async function dealFormChoices(db: Db, claims: Claims, teamId: string): Promise<DealFormChoices> {
  const [pipelines, companies, contacts, members] = await Promise.all([
    listPipelines(db, claims, teamId),
    companyOptions(db, claims, teamId),
    contactOptions(db, claims, teamId),
    memberOptions(db, claims, teamId),
  ]);
  return { stageGroups: stageGroups(pipelines), companies, contacts, members };
}

const FIELDS = [
  "name",
  "pipeline_id",
  "stage_id",
  "value",
  "currency",
  "probability",
  "expected_close_date",
  "owner_id",
  "company_id",
  "contact_id",
  "next_step",
  "competitor",
  "win_reason",
  "loss_reason",
  "tags",
];

/** Form strings → API input: blanks clear dates and reasons, a blank probability takes the stage's. */
export function dealFormToInput(values: FormValues, groups: StageGroup[], editing: boolean) {
  const input = formToInput(values, FIELDS.filter((f) => f in values));
  const group = groups.find((g) => g.stages.some((s) => s.value === values.stage_id));
  if (group) input.pipeline_id = group.pipelineId;
  if (values.value?.trim() === "") input.value = 0;
  if (values.probability?.trim() === "") delete input.probability;
  if (input.expected_close_date === "") {
    if (editing) input.expected_close_date = null;
    else delete input.expected_close_date;
  }
  if (!values.stage_id) delete input.stage_id;
  return input;
}

export type SaveDeal = { ok: true; id: string } | { ok: false; errors: FieldErrors };

export async function saveDealForm(
  db: Db,
  claims: Claims,
  teamId: string,
  values: FormValues,
  groups: StageGroup[],
  id?: string,
): Promise<SaveDeal> {
  const schema = (id ? dealsSpec.update : dealsSpec.create) as z.ZodType<Record<string, unknown>>;
  const parsed = parseWith(schema, dealFormToInput(values, groups, Boolean(id)), values);
  if (!parsed.ok) return { ok: false, errors: parsed.errors };
  try {
    const record = id
      ? await updateRecord(db, claims, teamId, dealsSpec, id, parsed.data)
      : await createRecord(db, claims, teamId, dealsSpec, parsed.data);
    return { ok: true, id: String(record.id) };
  } catch (error) {
    const message = errorMessage(error);
    // The database's sentences name the field they are about.
    if (/won\./.test(message)) return { ok: false, errors: { win_reason: message } };
    if (/lost\./.test(message)) return { ok: false, errors: { loss_reason: message } };
    return { ok: false, errors: { _form: message } };
  }
}
