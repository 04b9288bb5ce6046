// Leads as a report source: the strict flow's statuses, sources (attribution), owners and values.
import { dateField, enumField, numberField, type SourceDef, textField, userField } from "./types.ts";

const STATUSES = [
  { value: "NEW", label: "New" },
  { value: "CONTACTED", label: "Contacted" },
  { value: "INTERESTED", label: "Interested" },
  { value: "PROPOSAL_SENT", label: "Proposal sent" },
  { value: "PAID", label: "Paid" },
  { value: "LOST", label: "Lost" },
] as const;

export const leadsSource: SourceDef = {
  name: "leads",
  label: "Leads",
  from: "public.leads t",
  where: "t.deleted_at is null",
  defaultDateField: "created_at",
  available: true,
  currencySql: "t.currency",
  fields: [
    textField("business_name", "Business", "business_name", false),
    {
      ...enumField("status", "Status", "t.status::text", STATUSES),
      // the enum's declared order is the flow's order
      orderSql: "array_position(array['NEW','CONTACTED','INTERESTED','PROPOSAL_SENT','PAID','LOST'], t.status::text)",
    },
    textField("source", "Source", "source"),
    textField("industry", "Industry", "industry"),
    textField("city", "City", "city"),
    textField("country", "Country", "country"),
    userField("owner", "Owner", "owner_id"),
    numberField("score", "Score", "t.score"),
    numberField("value", "Value", "t.value", "money"),
    textField("currency", "Currency", "currency"),
    textField("lost_reason", "Lost reason", "lost_reason"),
    dateField("created_at", "Created", "created_at"),
    dateField("status_changed_at", "Status changed", "status_changed_at"),
  ],
  conversion: { sql: "(t.status::text = 'PAID' or t.deal_id is not null)", label: "Conversion rate (%)" },
  timeInStage: { sql: "extract(epoch from (now() - t.status_changed_at)) / 86400.0", label: "Days in status" },
};
