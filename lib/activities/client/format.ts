// How timeline entries read: day headings ("Today", "Mon 16 Nov"), times, durations, outcomes, and the
// automatic entries turned into sentences ("Alice changed City from Berlin to Paris"). Pure: shared by the
// server render and the ActivityTimeline island, so both print exactly the same words.
import type { IconName } from "../../icons.ts";
import { statusWords } from "../../leads/status.ts";
import { isRecordKind, recordLabel } from "../../record-types.ts";

/** A teammate as the timeline knows them: for names of owners and for @mention autocomplete. */
export interface TimelineMember {
  id: string;
  name: string;
  handle: string | null;
}

/** The same shape as lib/activities/activities.ts TimelineItem, restated here so the island bundles no server code. */
export interface ActivityItem {
  id: string;
  record_type: string;
  record_id: string;
  type: string;
  subject: string | null;
  body: string | null;
  occurred_at: string;
  duration_seconds: number | null;
  outcome: string | null;
  changes: { field: string; old: unknown; new: unknown }[] | null;
  is_system: boolean;
  actor: { id: string; name: string } | null;
  comment_count: number;
  can_edit: boolean;
  can_delete: boolean;
}

export interface ActivityDay {
  date: string;
  items: ActivityItem[];
}

export interface ActivityComment {
  id: string;
  activity_id: string;
  author: { id: string; name: string } | null;
  body: string;
  tokens: ({ type: "text"; text: string } | { type: "mention"; text: string; userId: string })[];
  created_at: string;
  edited_at: string | null;
  can_edit: boolean;
  can_delete: boolean;
}

/** What the island starts from: the first page (server-rendered) and who is looking. */
export interface TimelineData {
  days: ActivityDay[];
  nextCursor: string | null;
  members: TimelineMember[];
  timeZone: string;
  /** YYYY-MM-DD in timeZone when the page was rendered ("Today"). */
  today: string;
  userId: string;
  canWrite: boolean;
}

export const MANUAL_TYPE_LABELS = { note: "Note", call: "Call", email: "Email", meeting: "Meeting" } as const;
export type ManualType = keyof typeof MANUAL_TYPE_LABELS;
export const MANUAL_TYPES = Object.keys(MANUAL_TYPE_LABELS) as ManualType[];

/** Filter chips: the manual kinds, and the automatic ones grouped under "Changes". */
export const TYPE_FILTERS: { key: string; label: string; types: string[] }[] = [
  { key: "note", label: "Notes", types: ["note"] },
  { key: "call", label: "Calls", types: ["call"] },
  { key: "email", label: "Emails", types: ["email"] },
  { key: "meeting", label: "Meetings", types: ["meeting"] },
  { key: "changes", label: "Changes", types: ["created", "field_update", "status_change", "stage_change"] },
  { key: "tasks", label: "Tasks", types: ["task_created", "task_completed"] },
];

export const TYPE_ICONS: Record<string, IconName> = {
  note: "file",
  call: "phone",
  email: "mail",
  meeting: "calendar",
  created: "plus",
  field_update: "edit",
  status_change: "arrow-right",
  stage_change: "kanban",
  task_created: "check-square",
  task_completed: "check",
};

export const OUTCOME_LABELS: Record<string, string> = {
  connected: "Connected",
  voicemail: "Left voicemail",
  no_answer: "No answer",
  busy: "Busy",
  wrong_number: "Wrong number",
  held: "Held",
  no_show: "No-show",
  rescheduled: "Rescheduled",
};
export const CALL_OUTCOMES = ["connected", "voicemail", "no_answer", "busy", "wrong_number"] as const;
export const MEETING_OUTCOMES = ["held", "no_show", "rescheduled"] as const;

/** Field names as people read them; anything not listed is de-snake-cased ("expected_close_date" → "Expected close date"). */
const FIELD_LABELS: Record<string, string> = {
  first_name: "First name",
  last_name: "Last name",
  email: "Email",
  emails: "Other emails",
  phones: "Phones",
  phone: "Phone",
  job_title: "Job title",
  company_id: "Company",
  contact_id: "Contact",
  owner_id: "Owner",
  assignee_id: "Assignee",
  pipeline_id: "Pipeline",
  lead_source: "Lead source",
  lead_score: "Lead score",
  linkedin_url: "LinkedIn",
  business_name: "Business name",
  contact_name: "Contact name",
  annual_revenue: "Annual revenue",
  due_at: "Due date",
  expected_close_date: "Expected close",
  lost_reason: "Lost reason",
  name: "Name",
  city: "City",
  country: "Country",
  industry: "Industry",
  website: "Website",
  domain: "Domain",
  tags: "Tags",
  notes: "Notes",
  score: "Score",
  source: "Source",
  size: "Size",
  value: "Value",
  title: "Title",
};

/** Columns holding a person's id: their value reads as the teammate's name. */
const PERSON_FIELDS = new Set(["owner_id", "assignee_id", "created_by", "completed_by"]);

export function fieldLabel(field: string): string {
  if (FIELD_LABELS[field]) return FIELD_LABELS[field];
  const words = field.replace(/_id$/, "").replace(/_/g, " ").trim();
  return words ? words[0].toUpperCase() + words.slice(1) : field;
}

function isEmpty(value: unknown): boolean {
  return value === null || value === undefined || value === "" || (Array.isArray(value) && value.length === 0);
}

function shorten(text: string, max = 60): string {
  const flat = text.replace(/\s+/g, " ").trim();
  return flat.length > max ? `${flat.slice(0, max - 1)}…` : flat;
}

/** A changed value as words; null when it cannot be shown (an id of a record we do not have the name of). */
export function formatValue(field: string, value: unknown, members: Record<string, string>): string | null {
  if (isEmpty(value)) return "";
  if (PERSON_FIELDS.has(field)) return typeof value === "string" ? members[value] ?? "a former member" : null;
  if (field.endsWith("_id")) return null;
  if (Array.isArray(value)) {
    return shorten(
      value.map((v) =>
        v && typeof v === "object" && "value" in v
          ? `${(v as { value: unknown }).value}${"label" in v ? ` (${(v as { label: unknown }).label})` : ""}`
          : String(v)
      ).join(", "),
    );
  }
  if (typeof value === "object") return shorten(JSON.stringify(value));
  if (typeof value === "boolean") return value ? "yes" : "no";
  return shorten(String(value));
}

/** One change as a phrase after the actor's name: "changed City from Berlin to Paris". */
export function describeChange(
  change: { field: string; old: unknown; new: unknown },
  members: Record<string, string>,
): string {
  const label = fieldLabel(change.field);
  const before = formatValue(change.field, change.old, members);
  const after = formatValue(change.field, change.new, members);
  if (before === null || after === null) return `changed ${label}`;
  if (before === "" && after === "") return `changed ${label}`;
  if (before === "") return `set ${label} to ${after}`;
  if (after === "") return `cleared ${label} (was ${before})`;
  return `changed ${label} from ${before} to ${after}`;
}

/** The short "City: Berlin → Paris" form for the lines under a multi-field update. */
export function changeLine(change: { field: string; old: unknown; new: unknown }, members: Record<string, string>) {
  const before = formatValue(change.field, change.old, members);
  const after = formatValue(change.field, change.new, members);
  if (before === null || after === null) return `${fieldLabel(change.field)} changed`;
  return `${fieldLabel(change.field)}: ${before || "—"} → ${after || "—"}`;
}

function listWords(words: string[]): string {
  if (words.length <= 1) return words.join("");
  return `${words.slice(0, -1).join(", ")} and ${words.at(-1)}`;
}

export interface ItemText {
  /** The main line. */
  title: string;
  /** Extra lines (the single changes of a multi-field update). */
  lines: string[];
}

/**
 * A lead's own moments among its field updates: marked lost (the reason in full, not cut like other values) and
 * converted to a deal (the links to the deal, contact and company are ids, so they read as one sentence).
 */
function leadUpdateText(item: ActivityItem, who: string, members: Record<string, string>): ItemText | null {
  if (item.record_type !== "lead") return null;
  const changes = item.changes ?? [];
  const lost = changes.find((c) => c.field === "lost_reason" && !isEmpty(c.new));
  if (lost) return { title: `${who} marked this lead as lost: “${String(lost.new)}”`, lines: [] };
  const converted = changes.some((c) => c.field === "deal_id" && isEmpty(c.old) && !isEmpty(c.new));
  if (!converted) return null;
  const rest = changes.filter((c) => !["deal_id", "company_id", "contact_id"].includes(c.field));
  return { title: `${who} converted this lead to a deal`, lines: rest.map((c) => changeLine(c, members)) };
}

/** "deal", "contact"... as a sentence names the record; "record" for a kind this code does not know. */
const recordNoun = (type: string) => isRecordKind(type) ? recordLabel(type).toLowerCase() : "record";

/** The headline of an entry: manual ones show their subject, automatic ones a sentence. */
export function itemText(item: ActivityItem, members: Record<string, string>): ItemText {
  const who = item.actor?.name ?? "Leadly";
  const changes = item.changes ?? [];
  switch (item.type) {
    case "created":
      return { title: `${who} created this ${recordNoun(item.record_type)}`, lines: [] };
    case "field_update": {
      const lead = leadUpdateText(item, who, members);
      if (lead) return lead;
      if (changes.length === 1) return { title: `${who} ${describeChange(changes[0], members)}`, lines: [] };
      return {
        title: `${who} updated ${listWords(changes.map((c) => fieldLabel(c.field)))}`,
        lines: changes.map((c) => changeLine(c, members)),
      };
    }
    case "status_change":
    case "stage_change": {
      const change = changes[0];
      const noun = item.type === "stage_change" ? "Stage" : "Status";
      if (!change) return { title: item.subject ?? noun, lines: [] };
      // a lead's status reads as its label ("Proposal sent"); the entry's data keeps the code
      const show = (v: unknown) => (isEmpty(v) ? "—" : item.record_type === "lead" ? statusWords(v) : String(v));
      return { title: `${noun}: ${show(change.old)} → ${show(change.new)}`, lines: [] };
    }
    default:
      return {
        title: item.subject || (MANUAL_TYPE_LABELS[item.type as ManualType] ?? item.subject ?? "Activity"),
        lines: [],
      };
  }
}

/** "12 min", "1 h 5 min", "45 s". */
export function formatDuration(seconds: number | null): string {
  if (seconds === null || seconds === undefined) return "";
  if (seconds < 60) return `${seconds} s`;
  const minutes = Math.round(seconds / 60);
  if (minutes < 60) return `${minutes} min`;
  const hours = Math.floor(minutes / 60);
  const rest = minutes % 60;
  return rest ? `${hours} h ${rest} min` : `${hours} h`;
}

/** YYYY-MM-DD of an instant in a time zone. */
export function dayKey(instant: Date | string, timeZone: string): string {
  const parts = new Intl.DateTimeFormat("en-CA", { timeZone, year: "numeric", month: "2-digit", day: "2-digit" })
    .formatToParts(new Date(instant));
  const get = (type: string) => parts.find((p) => p.type === type)?.value ?? "";
  return `${get("year")}-${get("month")}-${get("day")}`;
}

function shiftDay(date: string, days: number): string {
  const d = new Date(`${date}T12:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

/** "Today", "Yesterday", "Mon 16 Nov", and the year when it is not this year's. */
export function dayLabel(date: string, today: string): string {
  if (date === today) return "Today";
  if (date === shiftDay(today, -1)) return "Yesterday";
  const d = new Date(`${date}T12:00:00Z`);
  const weekday = d.toLocaleDateString("en-GB", { weekday: "short", timeZone: "UTC" });
  const dayMonth = d.toLocaleDateString("en-GB", { day: "numeric", month: "short", timeZone: "UTC" });
  const year = date.slice(0, 4) === today.slice(0, 4) ? "" : ` ${date.slice(0, 4)}`;
  return `${weekday} ${dayMonth}${year}`;
}

/** "14:05" in the timeline's time zone. */
export function timeOfDay(instant: string, timeZone: string): string {
  return new Date(instant).toLocaleTimeString("en-GB", { hour: "2-digit", minute: "2-digit", timeZone });
}

/** "16 Nov 2026, 14:05" for tooltips and the lead status history. */
export function dateTime(instant: string | Date, timeZone: string): string {
  return new Date(instant).toLocaleString("en-GB", {
    day: "numeric",
    month: "short",
    year: "numeric",
    hour: "2-digit",
    minute: "2-digit",
    timeZone,
  });
}

/** Appends a page of days to the loaded ones; a day split across the two pages becomes one group. */
export function mergeDays(loaded: ActivityDay[], page: ActivityDay[]): ActivityDay[] {
  if (page.length === 0) return loaded;
  const result = loaded.map((d) => ({ ...d, items: [...d.items] }));
  const last = result.at(-1);
  let rest = page;
  if (last && last.date === page[0].date) {
    const seen = new Set(last.items.map((i) => i.id));
    last.items.push(...page[0].items.filter((i) => !seen.has(i.id)));
    rest = page.slice(1);
  }
  return [...result, ...rest.map((d) => ({ ...d, items: [...d.items] }))];
}

/** The text before the caret ends in "@query": the query, else null. */
export function mentionQuery(textBeforeCaret: string): string | null {
  const match = textBeforeCaret.match(/(?:^|[^\p{L}\p{N}_])@([\p{L}\p{N}_.-]{0,30})$/u);
  return match ? match[1] : null;
}

/** Teammates whose name or handle starts with the query (any word of the name), best first. */
export function mentionCandidates(members: TimelineMember[], query: string, max = 6): TimelineMember[] {
  const q = query.toLowerCase();
  const score = (m: TimelineMember) => {
    const handle = (m.handle ?? "").toLowerCase();
    const name = m.name.toLowerCase();
    if (handle.startsWith(q) || name.startsWith(q)) return 0;
    if (name.split(/\s+/).some((w) => w.startsWith(q))) return 1;
    return -1;
  };
  return members.filter((m) => score(m) >= 0).sort((a, b) => score(a) - score(b) || a.name.localeCompare(b.name))
    .slice(0, max);
}

/** What autocomplete writes for a teammate: the handle when there is one (unique in a team), else the name. */
export function mentionText(member: TimelineMember): string {
  return `@${member.handle || member.name}`;
}
