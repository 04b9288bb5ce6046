// "Generate proposal" for a deal: reads the deal, its company, contact, notes and activities as the caller (RLS:
// another team's deal is a 404 before anything is charged or sent), prices the chosen catalogue items in code,
// has the model (or the offline template) write the words, and saves it all as a co-editable note on the deal.
// Costs "ai.proposal" credits; a failure refunds them and leaves no note behind.
import { z } from "zod";
import type { Caller } from "../caller.ts";
import { UUID } from "../ids.ts";
import { loadRecordContext, type RecordContext } from "../ai/context.ts";
import { aiConfig, openaiClient, providerName } from "../ai/config.ts";
import { completeJson } from "../ai/chat.ts";
import { loadPrompt } from "../ai/prompts.ts";
import { dataBlock } from "../ai/untrusted.ts";
import { recordGeneration } from "../ai/generations.ts";
import type { EnvReader } from "../functions/env.ts";
import { spendCredits } from "../credits/spend.ts";
import { AppError } from "../errors.ts";
import { createNote } from "../notes/notes.ts";
import { productsForProposal } from "./products.ts";
import { computePricing, type Pricing } from "./pricing.ts";
import { type ProposalSections, proposalSections, scrubPrices } from "./sections.ts";
import { offlineSections } from "./offline.ts";
import { proposalDocument, proposalTitle } from "./document.ts";

const PROMPT = { name: "proposal", version: "v1" };

export const proposalInput = z.object({
  deal_id: z.string({ error: "Name the deal (deal_id)." }).regex(UUID, "That deal id is not valid."),
  items: z.array(
    z.object({
      product_id: z.string({ error: "Each item names a product (product_id)." }).regex(
        UUID,
        "That product id is not valid.",
      ),
      quantity: z.number({ error: "Each item has a quantity, a whole number from 1 to 100,000." }).int(
        "Quantities are whole numbers.",
      )
        .min(1, "Quantities are at least 1.").max(100_000, "Quantities are at most 100,000."),
      discount_percent: z.number({ error: "A discount is a percentage from 0 to 100." }).min(
        0,
        "A discount cannot be negative.",
      )
        .max(100, "A discount is at most 100%.").optional(),
    }),
    { error: "Choose the products to propose (items)." },
  ).min(1, "Choose at least one product from the catalogue.").max(20, "At most 20 products in one proposal.")
    .refine((items) => new Set(items.map((i) => i.product_id)).size === items.length, "Each product only once."),
});
export type ProposalInput = z.infer<typeof proposalInput>;

export interface ProposalResult {
  note_id: string;
  title: string;
  provider: string;
  pricing: Pricing;
}

/** What the model may know: the deal's context and the chosen products (names, descriptions, quantities). */
function promptData(context: RecordContext, pricing: Pricing) {
  return {
    deal: context.record,
    company: context.company,
    contact: context.contact,
    notes: context.notes,
    recent_activities: context.activities,
    products: pricing.lines.map((l) => ({
      name: l.name,
      description: l.description,
      quantity: l.quantity,
      billing: l.billing_period,
    })),
    written_by: context.sender,
  };
}

async function writeSections(
  settings: EnvReader,
  context: RecordContext,
  pricing: Pricing,
  signal?: AbortSignal,
): Promise<{ sections: ProposalSections; provider: string }> {
  const config = aiConfig(settings);
  const client = openaiClient(config);
  if (!client) return { sections: offlineSections(context, pricing), provider: "offline" };
  const prompt = await loadPrompt(PROMPT.name, PROMPT.version);
  const sections = await completeJson(client, config, {
    messages: [
      { role: "system", content: prompt.text },
      { role: "user", content: `Write the proposal for this deal.\n${dataBlock(promptData(context, pricing))}` },
    ],
    schema: proposalSections,
    schemaName: "proposal_sections",
    signal,
  });
  return { sections: scrubPrices(sections), provider: providerName(config) };
}

/**
 * The proposal an earlier request with the same Idempotency-Key wrote (its generation row names the key), so a
 * retry answers it again instead of writing a second note. Null when that request has not finished yet.
 */
async function earlierProposal(caller: Caller, dealId: string, key: string): Promise<ProposalResult | null> {
  const [row] = await caller.db.asUser(
    caller.claims,
    (tx) =>
      tx.query<{ provider: string; output: { note_id: string; title?: string; pricing: Pricing } }>(
        `select provider, output from public.ai_generations
       where team_id = $1 and feature = 'proposal' and record_type = 'deal' and record_id = $2
         and input->>'request_key' = $3
       order by created_at limit 1`,
        [caller.teamId, dealId, key],
      ),
  );
  if (!row) return null;
  const { note_id, title, pricing } = row.output;
  return { note_id, title: title ?? "Proposal", provider: row.provider, pricing };
}

export async function generateProposal(
  caller: Caller,
  settings: EnvReader,
  input: ProposalInput,
  options: { requestKey?: string; signal?: AbortSignal } = {},
): Promise<ProposalResult> {
  // Everything that can refuse without a provider (unknown deal, products) refuses before any charge.
  const context = await loadRecordContext(caller, "deal", input.deal_id);
  const products = await productsForProposal(caller, input.items.map((i) => i.product_id));
  const pricing = computePricing(input.items, products);
  const key = `ai.proposal:${input.deal_id}:${options.requestKey ?? crypto.randomUUID()}`;
  return await spendCredits(caller, { action: "ai.proposal", key }, async (charge) => {
    // A retry of a request that was charged (same Idempotency-Key): answer its proposal, never a second note.
    if (charge.replayed) {
      const earlier = await earlierProposal(caller, input.deal_id, key);
      if (earlier) return earlier;
      throw new AppError(
        "conflict",
        "This proposal (same Idempotency-Key) is still being written. Try again in a moment to get it.",
      );
    }
    const { sections, provider } = await writeSections(settings, context, pricing, options.signal);
    const dealName = String(context.record.name ?? "Deal");
    const title = proposalTitle(dealName);
    const note = await createNote(caller.db, caller.claims, caller.teamId, {
      title,
      record_type: "deal",
      record_id: input.deal_id,
      tags: ["proposal"],
      content: proposalDocument({
        dealName,
        customer: (context.company?.name as string | undefined) ?? null,
        sender: context.sender,
        provider,
        date: new Date().toISOString().slice(0, 10),
        sections,
        pricing,
      }),
    });
    await recordGeneration(caller, {
      feature: "proposal",
      record: { type: "deal", id: input.deal_id },
      prompt: PROMPT,
      provider,
      input: { items: input.items, request_key: key },
      output: { note_id: note.id, title, sections, pricing },
    }).catch((error) => console.error("proposals: recording the generation failed", error));
    return { note_id: note.id, title, provider, pricing };
  });
}
