// /api/v1/credits: the current team's credit balance, its ledger (newest first, by cursor), usage per member
// and action for a month, and per-member monthly limits. Every member reads; owners and admins set limits and
// add credits (403 with a sentence for everyone else). Spending happens inside the AI and enrichment
// functions through lib/credits/spend.ts, never here.
import { Hono } from "hono";
import { z } from "zod";
import { apiCaller, type ApiEnv } from "../../../utils/api/auth.ts";
import { jsonInput, queryInput } from "../../../utils/api/validate.ts";
import { describe, nameSchema } from "../../../utils/api/describe.ts";
import { queryInt } from "../../../utils/api/query-params.ts";
import type { Caller } from "../../../lib/caller.ts";
import { teamBalance } from "../../../lib/credits/balance.ts";
import { creditCosts } from "../../../lib/credits/costs.ts";
import { ledgerPage } from "../../../lib/credits/ledger.ts";
import { monthUsage } from "../../../lib/credits/usage.ts";
import { currentMonth } from "../../../lib/credits/month.ts";
import { grantCredits, listLimits, setLimit } from "../../../lib/credits/admin.ts";
import { grantInput, limitInput, monthQuery } from "../../../lib/credits/schemas.ts";

export const app = new Hono<ApiEnv>();

function caller(c: Parameters<typeof apiCaller>[0]): Caller {
  const { db, claims, team } = apiCaller(c);
  return { db, claims, teamId: team.id, role: team.role };
}

const balanceSchema = nameSchema(
  z.object({
    balance: z.number().int().describe("Credits the team has left."),
    low: z.boolean().describe("True when the balance is running low."),
    costs: z.array(z.object({ action: z.string(), label: z.string(), cost: z.number().int() }))
      .describe("What one unit of each action costs."),
  }),
  "CreditBalance",
);
const entrySchema = nameSchema(
  z.object({
    id: z.string(),
    kind: z.enum(["grant", "charge", "refund"]),
    action: z.string().nullable(),
    action_label: z.string().nullable(),
    units: z.number().int(),
    amount: z.number().int().describe("+grant, -charge, +refund."),
    user_id: z.string().nullable(),
    user_name: z.string().nullable(),
    refers_to: z.string().nullable().describe("For a refund: the charge it gives back."),
    note: z.string().nullable(),
    created_at: z.string(),
  }),
  "CreditLedgerEntry",
);
const ledgerQuery = z.object({
  cursor: z.string().max(200, "is not a cursor from this list.").optional().describe(
    "next_cursor of the previous page.",
  ),
  limit: queryInt(1, 100, "Entries per page, 1 to 100 (default 25)."),
});
const usageQuery = z.object({
  month: monthQuery.optional().describe("The month, like 2026-12 (UTC); default: this month."),
});
const ownersOnly = { 403: "Only owners and admins set limits and add credits." };

const docs = {
  balance: describe({
    summary: "The team's credit balance and what each action costs",
    responses: { 200: { description: "The balance.", schema: z.object({ data: balanceSchema }) } },
  }),
  ledger: describe({
    summary: "The team's credit ledger, newest first",
    description: "Grants, charges and refunds. Append-only: entries are never changed or deleted.",
    responses: {
      200: {
        description: "A page of entries and the cursor of the next (older) page.",
        schema: z.object({ data: z.array(entrySchema), next_cursor: z.string().nullable() }),
      },
    },
  }),
  usage: describe({
    summary: "Credits used in a month, per member and action",
    description: "Charges that were refunded do not count. Every member is listed with their limit.",
  }),
  limits: describe({ summary: "Every member's monthly credit limit (members without one have none)" }),
  setLimit: describe({
    summary: "Set or remove a member's monthly credit limit",
    responses: { 200: "The limit now in force (null: none).", ...ownersOnly },
  }),
  grant: describe({
    summary: "Add credits to the team's balance",
    responses: { 201: "The new balance.", ...ownersOnly },
  }),
};

app.get("/", docs.balance, async (c) => {
  const who = caller(c);
  const [{ balance, low }, costs] = await Promise.all([teamBalance(who), creditCosts(who)]);
  return c.json({ data: { balance, low, costs } });
});

app.get("/ledger", docs.ledger, queryInput(ledgerQuery), async (c) => {
  const { cursor, limit } = c.req.valid("query");
  const page = await ledgerPage(caller(c), { cursor, limit });
  return c.json({ data: page.entries, next_cursor: page.next_cursor });
});

app.get("/usage", docs.usage, queryInput(usageQuery), async (c) => {
  const { month } = c.req.valid("query");
  return c.json({ data: await monthUsage(caller(c), month ?? currentMonth()) });
});

app.get("/limits", docs.limits, async (c) => {
  return c.json({ data: await listLimits(caller(c)) });
});

app.put("/limits", docs.setLimit, jsonInput(limitInput), async (c) => {
  const { user_id, monthly_limit } = c.req.valid("json");
  const limit = await setLimit(caller(c), user_id, monthly_limit);
  return c.json({ data: { user_id, monthly_limit: limit } });
});

app.post("/grants", docs.grant, jsonInput(grantInput), async (c) => {
  const { amount, note } = c.req.valid("json");
  const balance = await grantCredits(caller(c), amount, note ?? null);
  return c.json({ data: { balance } }, 201);
});
