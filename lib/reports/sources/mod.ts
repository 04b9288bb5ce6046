// Every report source by name.
import type { FieldDef, SourceDef, SourceName } from "./types.ts";
import { dealsSource } from "./deals.ts";
import { dealStagesSource } from "./deal-stages.ts";
import { leadsSource } from "./leads.ts";
import { contactsSource } from "./contacts.ts";
import { activitiesSource } from "./activities.ts";
import { tasksSource } from "./tasks.ts";
import { sequencesSource } from "./sequences.ts";

export type { FieldDef, FieldType, SourceDef, SourceName } from "./types.ts";

export const SOURCE_NAMES = ["deals", "deal_stages", "leads", "contacts", "activities", "tasks", "sequences"] as const;

export const SOURCES: Readonly<Record<SourceName, SourceDef>> = {
  deals: dealsSource,
  deal_stages: dealStagesSource,
  leads: leadsSource,
  contacts: contactsSource,
  activities: activitiesSource,
  tasks: tasksSource,
  sequences: sequencesSource,
};

export function fieldOf(source: SourceDef, key: string): FieldDef | undefined {
  return source.fields.find((f) => f.key === key);
}
