// Column names as people say them, for "Alice changed stage and value" (browser and server).

const LABELS: Record<string, string> = {
  stage_id: "stage",
  pipeline_id: "pipeline",
  owner_id: "owner",
  assignee_id: "assignee",
  company_id: "company",
  contact_id: "contact",
  expected_close_date: "close date",
  due_at: "due date",
  deleted_at: "deletion",
  business_name: "business name",
  contact_name: "contact name",
  custom_fields: "custom fields",
};

/** Bookkeeping that follows from another change: never worth telling someone about. */
const QUIET = new Set([
  "updated_at",
  "search",
  "position",
  "stage_entered_at",
  "status_changed_at",
  "closed_at",
  "completed_at",
  "completed_by",
  "last_activity_at",
  "last_contacted_at",
  "probability",
]);

export function fieldLabel(field: string): string {
  return LABELS[field] ?? field.replace(/_id$/, "").replaceAll("_", " ");
}

/** "stage", "stage and value", "name, email and 2 more"; "" when only bookkeeping changed. */
export function fieldsSentence(fields: string[]): string {
  const labels = [...new Set(fields.filter((f) => !QUIET.has(f)).map(fieldLabel))];
  if (labels.length === 0) return "";
  if (labels.length === 1) return labels[0];
  if (labels.length <= 3) return `${labels.slice(0, -1).join(", ")} and ${labels[labels.length - 1]}`;
  return `${labels.slice(0, 2).join(", ")} and ${labels.length - 2} more`;
}
