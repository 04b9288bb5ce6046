// What the credits API and the usage page accept, checked at the edge with zod.
import { z } from "zod";
import { UUID } from "../ids.ts";

export const limitInput = z.object({
  user_id: z.string().regex(UUID, "must be a member's id.").transform((v) => v.toLowerCase()),
  monthly_limit: z.number({ error: "must be a whole number of credits, or null for no limit." })
    .int("must be a whole number of credits.")
    .min(0, "cannot be negative.")
    .max(1_000_000_000, "can be 1,000,000,000 at most.")
    .nullable()
    .describe("Credits this member may use per calendar month (UTC); null removes the limit."),
});

export const grantInput = z.object({
  amount: z.number({ error: "must be a whole number of credits." })
    .int("must be a whole number of credits.")
    .min(1, "must be at least 1.")
    .max(1_000_000, "can be 1,000,000 at most at a time.")
    .describe("Credits to add to the team's balance."),
  note: z.string().trim().max(200, "can be 200 characters at most.").optional().nullable()
    .describe("Why (shown in the ledger)."),
});

export const monthQuery = z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, "must be a month like 2026-12.");
