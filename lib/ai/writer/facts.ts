// The few facts the offline writer fills its templates with, taken from the record context (never invented).
import type { RecordContext } from "../context.ts";
import type { WriterLanguage } from "./input.ts";

export interface Facts {
  firstName: string | null;
  fullName: string | null;
  company: string | null;
  title: string | null;
  industry: string | null;
  deal: string | null;
  stage: string | null;
  lastActivity: { type: "call" | "email" | "meeting"; subject: string | null; date: string } | null;
  sender: string;
  team: string;
}

const str = (value: string | number | null | undefined) =>
  value === null || value === undefined || String(value).trim() === "" ? null : String(value).trim();

function formatDate(isoDay: string, language: WriterLanguage): string {
  const date = new Date(`${isoDay}T12:00:00Z`);
  if (Number.isNaN(date.getTime())) return isoDay;
  return new Intl.DateTimeFormat(language, { day: "numeric", month: "long", timeZone: "UTC" }).format(date);
}

export function factsFrom(context: RecordContext, language: WriterLanguage): Facts {
  const person = context.recordType === "contact" ? context.record : context.contact;
  const first = str(person?.first_name) ?? str(context.record.contact_name)?.split(/\s+/)[0] ?? null;
  const full = [str(person?.first_name), str(person?.last_name)].filter(Boolean).join(" ") ||
    str(context.record.contact_name);
  const activity = context.activities.find((a) => a.type === "call" || a.type === "email" || a.type === "meeting");
  return {
    firstName: first,
    fullName: full || null,
    company: str(context.company?.name) ?? str(context.record.business_name),
    title: str(person?.job_title),
    industry: str(context.company?.industry) ?? str(context.record.industry) ?? str(person?.industry),
    deal: context.recordType === "deal" ? str(context.record.name) : null,
    stage: context.recordType === "deal" ? str(context.record.stage) : null,
    lastActivity: activity
      ? {
        type: activity.type as "call" | "email" | "meeting",
        subject: str(activity.subject),
        date: formatDate(activity.date, language),
      }
      : null,
    sender: context.sender.name || context.sender.team || "",
    team: context.sender.team,
  };
}
