// Field schemas shared by CRM records, each with a message a person understands.
import { z } from "zod";

export const optionalText = (max: number, label: string) =>
  z.string().trim().max(max, `${label} can be at most ${max} characters.`).nullable().optional()
    .transform((v) => (v === "" ? null : v));

export const optionalUrl = (label: string) =>
  z.string().trim().max(500).refine(
    (v) => v === "" || /^https?:\/\/\S+$/i.test(v),
    `${label} must start with http:// or https://.`,
  )
    .nullable().optional().transform((v) => (v === "" ? null : v));

export const optionalEmail = z.string().trim().toLowerCase().max(254)
  .refine((v) => v === "" || /^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(v), "Enter a valid email address.")
  .nullable().optional().transform((v) => (v === "" ? null : v));

export const score = z.number().int("Lead score is a whole number.").min(0, "Lead score is 0 to 100.")
  .max(100, "Lead score is 0 to 100.").nullable().optional();

export const tags = z.array(z.string().trim().min(1).max(40, "Tags can be at most 40 characters.")).max(
  20,
  "At most 20 tags.",
)
  .optional();

export const uuidRef = (label: string) => z.string().uuid(`${label} must be an id.`).nullable().optional();

export const labelled = (valueSchema: z.ZodType) =>
  z.array(z.object({ label: z.string().trim().max(30).default("work"), value: valueSchema })).max(10).optional();

export const timestamps = {
  id: z.string().uuid(),
  team_id: z.string().uuid(),
  owner_id: z.string().uuid().nullable(),
  created_by: z.string().uuid().nullable(),
  created_at: z.string().datetime(),
  updated_at: z.string().datetime(),
};
