// Leads as an API resource. Every field stays editable in every status; `status` is read-only here (it moves only
// through the transition, lost and override endpoints), and so are `lost_reason` and `deal_id`.
import { z } from "zod";
import type { ResourceSpec } from "../records/resource-spec.ts";
import { optionalEmail, optionalText, optionalUrl, tags, timestamps, uuidRef } from "../records/fields.ts";
import { LEAD_STATUSES, LOST_REASON_REQUIRED, MAX_LOST_REASON } from "./status.ts";

const fields = {
  business_name: z.string().trim().min(1, "Give the lead a business name.").max(200, "Keep it under 200 characters."),
  contact_name: optionalText(200, "Contact name"),
  email: optionalEmail,
  phone: z.string().trim().regex(/^[+()\d\s.-]{0,30}$/, "Phone numbers use digits, spaces and + ( ) - .").nullable()
    .optional().transform((v) => (v === "" ? null : v)),
  website: optionalUrl("Website"),
  industry: optionalText(80, "Industry"),
  city: optionalText(120, "City"),
  country: optionalText(120, "Country"),
  source: optionalText(80, "Source"),
  score: z.number().int("Score is a whole number.").min(0, "Score is 0 to 100.").max(100, "Score is 0 to 100.")
    .nullable().optional(),
  notes: optionalText(10_000, "Notes"),
  value: z.number().min(0, "A lead's value cannot be negative.").max(99_999_999_999_999, "That value is too large.")
    .nullable().optional(),
  // an empty form field clears it
  currency: z.preprocess(
    (v) => (typeof v === "string" && v.trim() === "" ? null : v),
    z.string().trim().toUpperCase().regex(/^[A-Z]{3}$/, "Currency is a three-letter code like USD.").nullable()
      .optional(),
  ),
  tags,
  company_id: uuidRef("company_id"),
  contact_id: uuidRef("contact_id"),
  owner_id: uuidRef("owner_id"),
};

export const leadsSpec: ResourceSpec = {
  name: "leads",
  singular: "Lead",
  table: "public.leads",
  columns: [
    "id",
    "team_id",
    ...Object.keys(fields),
    "status",
    "status_changed_at",
    "lost_reason",
    "deal_id",
    "created_by",
    "created_at",
    "updated_at",
  ],
  create: z.object(fields),
  update: z.object(fields).partial(),
  record: z.object({
    ...fields,
    status: z.enum(LEAD_STATUSES),
    status_changed_at: z.string().datetime(),
    lost_reason: z.string().nullable(),
    deal_id: z.string().uuid().nullable(),
    ...timestamps,
  }),
  filters: {
    q: { kind: "search" },
    status: { kind: "in", column: "status" },
    industry: { kind: "in", column: "industry" },
    city: { kind: "in", column: "city" },
    country: { kind: "in", column: "country" },
    source: { kind: "in", column: "source" },
    owner_id: { kind: "eq", column: "owner_id", type: "uuid" },
    tags: { kind: "tags", column: "tags" },
    score_min: { kind: "min", column: "score", type: "numeric" },
    score_max: { kind: "max", column: "score", type: "numeric" },
    value_min: { kind: "min", column: "value", type: "numeric" },
    value_max: { kind: "max", column: "value", type: "numeric" },
    currency: { kind: "in", column: "currency" },
    created_after: { kind: "min", column: "created_at", type: "timestamptz" },
    created_before: { kind: "max", column: "created_at", type: "timestamptz" },
    updated_after: { kind: "min", column: "updated_at", type: "timestamptz" },
    updated_before: { kind: "max", column: "updated_at", type: "timestamptz" },
  },
  sorts: {
    created_at: { expr: "t.created_at", type: "timestamptz" },
    updated_at: { expr: "t.updated_at", type: "timestamptz" },
    business_name: { expr: "lower(t.business_name)", type: "text" },
    status: { expr: "t.status::text", type: "text" },
    score: { expr: "coalesce(t.score, -1)", type: "numeric" },
    value: { expr: "coalesce(t.value, -1)", type: "numeric" },
  },
  defaultSort: "-created_at",
};

const lostReason = z.string().trim().min(1, LOST_REASON_REQUIRED)
  .max(MAX_LOST_REASON, `Keep the reason under ${MAX_LOST_REASON} characters.`);

/** A move: one step forward, or to LOST with a reason. */
export const transitionInput = z.object({
  to: z.enum(LEAD_STATUSES, `"to" is one of ${LEAD_STATUSES.join(", ")}.`),
  reason: lostReason.optional(),
});

export const lostInput = z.object({ reason: z.string(LOST_REASON_REQUIRED).pipe(lostReason) });

export const overrideInput = z.object({
  to: z.enum(LEAD_STATUSES, `"to" is one of ${LEAD_STATUSES.join(", ")}.`),
  reason: z.string().trim().min(5, "Give a reason of at least 5 characters for the override.").max(500),
});
