// Companies: the accounts a team sells to.
import { z } from "zod";
import type { ResourceSpec } from "./resource-spec.ts";
import { optionalText, optionalUrl, score, tags, timestamps, uuidRef } from "./fields.ts";

export const COMPANY_SIZES = ["1-10", "11-50", "51-200", "201-500", "501-1000", "1001-5000", "5000+"] as const;

const fields = {
  name: z.string().trim().min(1, "Give the company a name.").max(200, "Keep the name under 200 characters."),
  domain: z.string().trim().toLowerCase().max(253)
    .refine((v) => v === "" || /^[a-z0-9.-]+\.[a-z]{2,}$/.test(v), "Enter a domain like acme.com.")
    .nullable().optional().transform((v) => (v === "" ? null : v)),
  website: optionalUrl("Website"),
  linkedin_url: optionalUrl("LinkedIn URL"),
  industry: optionalText(80, "Industry"),
  size: z.enum(COMPANY_SIZES, `Size is one of ${COMPANY_SIZES.join(", ")}.`).nullable().optional(),
  annual_revenue: z.number().min(0, "Revenue cannot be negative.").nullable().optional(),
  city: optionalText(120, "City"),
  country: optionalText(120, "Country"),
  lead_source: optionalText(80, "Lead source"),
  lead_score: score,
  tags,
  owner_id: uuidRef("owner_id"),
};

export const companiesSpec: ResourceSpec = {
  name: "companies",
  singular: "Company",
  table: "public.companies",
  columns: ["id", "team_id", ...Object.keys(fields), "created_by", "created_at", "updated_at"],
  create: z.object(fields),
  update: z.object(fields).partial(),
  record: z.object({ ...fields, ...timestamps }),
  filters: {
    q: { kind: "search" },
    industry: { kind: "in", column: "industry" },
    size: { kind: "in", column: "size" },
    city: { kind: "in", column: "city" },
    country: { kind: "in", column: "country" },
    owner_id: { kind: "eq", column: "owner_id", type: "uuid" },
    tags: { kind: "tags", column: "tags" },
    lead_score_min: { kind: "min", column: "lead_score", type: "numeric" },
    lead_score_max: { kind: "max", column: "lead_score", type: "numeric" },
    created_after: { kind: "min", column: "created_at", type: "timestamptz" },
    created_before: { kind: "max", column: "created_at", type: "timestamptz" },
  },
  sorts: {
    created_at: { expr: "t.created_at", type: "timestamptz" },
    updated_at: { expr: "t.updated_at", type: "timestamptz" },
    name: { expr: "lower(t.name)", type: "text" },
    lead_score: { expr: "coalesce(t.lead_score, -1)", type: "numeric" },
  },
  defaultSort: "name",
};
