// The kinds of record that timelines, rooms, chat links, tasks and notes point at ("deal", "contact"...), and
// for each its table, its URL segment and its name for people. One map, read by the server (SQL names the
// table from here, never from input) and by browser code (labels and links): plain data, no imports.

export interface RecordKindInfo {
  /** Schema-qualified table; interpolated into SQL, so only ever taken from this map. */
  table: string;
  /** The segment of its pages: /deals/<id>. Null for kinds without pages of their own. */
  path: string | null;
  /** Singular, for people: "Deal". */
  label: string;
}

export const RECORD_KINDS = {
  contact: { table: "public.contacts", path: "contacts", label: "Contact" },
  company: { table: "public.companies", path: "companies", label: "Company" },
  lead: { table: "public.leads", path: "leads", label: "Lead" },
  deal: { table: "public.deals", path: "deals", label: "Deal" },
  task: { table: "public.tasks", path: "tasks", label: "Task" },
  activity: { table: "public.activities", path: null, label: "Activity" },
} as const satisfies Record<string, RecordKindInfo>;

export type RecordKind = keyof typeof RECORD_KINDS;

export const isRecordKind = (value: unknown): value is RecordKind =>
  typeof value === "string" && Object.hasOwn(RECORD_KINDS, value);

export const recordTable = (kind: RecordKind): string => RECORD_KINDS[kind].table;

export const recordLabel = (kind: RecordKind): string => RECORD_KINDS[kind].label;

/** The page of a record: /deals/<id>. */
export function recordUrl(kind: RecordKind, id: string): string {
  const { path } = RECORD_KINDS[kind] as RecordKindInfo;
  if (!path) throw new Error(`${kind} records have no page of their own`);
  return `/${path}/${id}`;
}
