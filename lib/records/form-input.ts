// HTML form values → API-shaped input, so pages validate with the same zod schemas as the JSON API.
import type { FormValues } from "../forms.ts";

const NUMBER_FIELDS = new Set(["lead_score", "annual_revenue", "value", "probability", "score"]);
const LABELLED_FIELDS = new Set(["emails", "phones"]);

/** One "label: value" or bare value per line → [{ label, value }]. */
function labelledLines(text: string) {
  return text.split("\n").map((line) => line.trim()).filter(Boolean).map((line) => {
    const match = line.match(/^([\p{L} ]{1,30}):\s*(.+)$/u);
    return match ? { label: match[1].trim().toLowerCase(), value: match[2].trim() } : { label: "work", value: line };
  });
}

export function formToInput(values: FormValues, fields: string[]): Record<string, unknown> {
  const input: Record<string, unknown> = {};
  for (const field of fields) {
    if (!(field in values)) continue;
    const raw = values[field].trim();
    if (NUMBER_FIELDS.has(field)) input[field] = raw === "" ? null : Number(raw);
    else if (field === "tags") input[field] = raw.split(",").map((t) => t.trim()).filter(Boolean);
    else if (LABELLED_FIELDS.has(field)) input[field] = labelledLines(raw);
    else if (field.endsWith("_id")) input[field] = raw === "" ? null : raw;
    else input[field] = raw;
  }
  return input;
}

/** The reverse, for filling a form from a record. */
export function recordToForm(record: Record<string, unknown>): FormValues {
  const values: FormValues = {};
  for (const [key, value] of Object.entries(record)) {
    if (value === null || value === undefined) values[key] = "";
    else if (LABELLED_FIELDS.has(key) && Array.isArray(value)) {
      values[key] = (value as { label: string; value: string }[]).map((v) => `${v.label}: ${v.value}`).join("\n");
    } else if (Array.isArray(value)) values[key] = value.join(", ");
    else values[key] = String(value);
  }
  return values;
}
