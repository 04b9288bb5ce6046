// Contacts as a report source: who the team sells to, by source, industry, place and owner.
import { dateField, numberField, type SourceDef, textField, userField } from "./types.ts";

export const contactsSource: SourceDef = {
  name: "contacts",
  label: "Contacts",
  from: "public.contacts t",
  where: "t.deleted_at is null",
  defaultDateField: "created_at",
  available: true,
  fields: [
    textField("email", "Email", "email", false),
    textField("job_title", "Job title", "job_title"),
    textField("industry", "Industry", "industry"),
    textField("city", "City", "city"),
    textField("country", "Country", "country"),
    textField("lead_source", "Source", "lead_source"),
    numberField("lead_score", "Lead score", "t.lead_score"),
    userField("owner", "Owner", "owner_id"),
    dateField("created_at", "Created", "created_at"),
  ],
};
