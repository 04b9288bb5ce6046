// Contacts: the people a team sells to.
import { z } from "zod";
import type { ResourceSpec } from "./resource-spec.ts";
import { labelled, optionalEmail, optionalText, optionalUrl, score, tags, timestamps, uuidRef } from "./fields.ts";

const fields = {
  first_name: z.string().trim().max(100, "First name can be at most 100 characters.").optional(),
  last_name: z.string().trim().max(100, "Last name can be at most 100 characters.").optional(),
  email: optionalEmail,
  emails: labelled(z.string().trim().email("Enter valid email addresses.")),
  phones: labelled(z.string().trim().regex(/^[+()\d\s.-]{3,30}$/, "Phone numbers use digits, spaces and + ( ) - .")),
  company_id: uuidRef("company_id"),
  job_title: optionalText(120, "Job title"),
  industry: optionalText(80, "Industry"),
  city: optionalText(120, "City"),
  country: optionalText(120, "Country"),
  website: optionalUrl("Website"),
  linkedin_url: optionalUrl("LinkedIn URL"),
  lead_source: optionalText(80, "Lead source"),
  lead_score: score,
  tags,
  owner_id: uuidRef("owner_id"),
};

const create = z.object(fields).refine(
  (c) => Boolean(c.first_name || c.last_name || c.email),
  "A contact needs at least a name or an email address.",
);

export const contactsSpec: ResourceSpec = {
  name: "contacts",
  singular: "Contact",
  table: "public.contacts",
  columns: ["id", "team_id", ...Object.keys(fields), "created_by", "created_at", "updated_at"],
  jsonColumns: ["emails", "phones"],
  create: create as unknown as z.ZodObject<z.ZodRawShape>,
  update: z.object(fields).partial(),
  record: z.object({ ...fields, ...timestamps }),
  filters: {
    q: { kind: "search" },
    industry: { kind: "in", column: "industry" },
    city: { kind: "in", column: "city" },
    country: { kind: "in", column: "country" },
    company_id: { kind: "eq", column: "company_id", type: "uuid" },
    owner_id: { kind: "eq", column: "owner_id", type: "uuid" },
    lead_source: { kind: "in", column: "lead_source" },
    tags: { kind: "tags", column: "tags" },
    lead_score_min: { kind: "min", column: "lead_score", type: "numeric" },
    lead_score_max: { kind: "max", column: "lead_score", type: "numeric" },
    created_after: { kind: "min", column: "created_at", type: "timestamptz" },
    created_before: { kind: "max", column: "created_at", type: "timestamptz" },
    updated_after: { kind: "min", column: "updated_at", type: "timestamptz" },
    updated_before: { kind: "max", column: "updated_at", type: "timestamptz" },
  },
  sorts: {
    created_at: { expr: "t.created_at", type: "timestamptz" },
    updated_at: { expr: "t.updated_at", type: "timestamptz" },
    last_name: { expr: "lower(t.last_name)", type: "text" },
    first_name: { expr: "lower(t.first_name)", type: "text" },
    email: { expr: "coalesce(lower(t.email), '')", type: "text" },
    lead_score: { expr: "coalesce(t.lead_score, -1)", type: "numeric" },
    industry: { expr: "coalesce(t.industry, '')", type: "text" },
  },
  defaultSort: "-created_at",
};
