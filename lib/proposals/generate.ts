// "Generate proposal" for a deal: reads the deal, its company, contact, notes and activities as the caller (RLS:
// another team's deal is a 404 before anything is charged or sent), prices the chosen catalogue items in code,
// has the model (or the offline template) write the words, and saves it all as a co-editable note on the deal.
// Costs "ai.proposal" credits, charged in the note's own transaction: a failure leaves neither note nor charge.
import { z } from "zod";
import type { Caller } from "../caller.ts";
import { UUID } from "../ids.ts";
import { loadRecordContext, type RecordContext } from "../ai/context.ts";
import { aiConfig, openaiClient, providerName } from "../ai/config.ts";
import { completeJson } from "../ai/chat.ts";
import { loadPrompt } from "../ai/prompts.ts";
import { dataBlock } from "../ai/untrusted.ts";
import { insertGeneration } from "../ai/generations.ts";
import {
  acquireLease,
  completeLease,
  LeaseLost,
  leaseResult,
  type LeaseTiming,
  releaseLease,
} from "../ai/request-lease.ts";
import type { EnvReader } from "../functions/env.ts";
import { chargeInTransaction } from "../credits/spend.ts";
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

/** Refuses (402) before the provider is asked when the charge would be refused; writes nothing. */
async function assertCanPay(caller: Caller, key: string) {
  const payer = { teamId: caller.teamId, userId: caller.claims.sub };
  const dryRun = new Error("dry run");
  await caller.db.asUser(caller.claims, async (tx) => {
    await chargeInTransaction(tx, payer, { action: "ai.proposal", key });
    throw dryRun; // rolls the charge back: it is taken for real with the note
  }).catch((error) => {
    if (error !== dryRun) throw error;
  });
}

const STILL_WRITING = "This proposal (same Idempotency-Key) is still being written. Try again in a moment to get it.";

/**
 * Writes the proposal for a deal as a note. Once per request key: the attempt holding the key's lease
 * (lib/ai/request-lease.ts) asks the provider, then commits the note, the "ai.proposal" charge, the generation
 * row and the lease's answer in ONE transaction that checks it still holds the lease. So a failure anywhere
 * leaves no note and no charge; a retry of a finished request answers its note; a retry while the first is
 * alive gets a 409; a retry after the first one's process died (or hung past any sane time) takes over, and
 * the first can then never commit: one key, one note, one charge.
 */
export async function generateProposal(
  caller: Caller,
  settings: EnvReader,
  input: ProposalInput,
  options: { requestKey?: string; signal?: AbortSignal; leaseTiming?: LeaseTiming } = {},
): Promise<ProposalResult> {
  // Everything that can refuse without a provider (unknown deal, products) refuses before any charge.
  const context = await loadRecordContext(caller, "deal", input.deal_id);
  const products = await productsForProposal(caller, input.items.map((i) => i.product_id));
  const pricing = computePricing(input.items, products);
  const key = `ai.proposal:${input.deal_id}:${options.requestKey ?? crypto.randomUUID()}`;
  const claim = await acquireLease(caller, key, options.leaseTiming);
  if (claim.kind === "done") return claim.result as ProposalResult;
  if (claim.kind === "busy") throw new AppError("conflict", STILL_WRITING);
  const lease = claim.lease;
  try {
    await assertCanPay(caller, key);
    const signal = options.signal ? AbortSignal.any([options.signal, lease.signal]) : lease.signal;
    const { sections, provider } = await writeSections(settings, context, pricing, signal);
    const dealName = String(context.record.name ?? "Deal");
    const title = proposalTitle(dealName);
    let result: ProposalResult | null = null;
    await createNote(caller.db, caller.claims, caller.teamId, {
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
    }, {
      inTransaction: async (tx, noteId) => {
        const payer = { teamId: caller.teamId, userId: caller.claims.sub };
        // A replay (a charge an attempt from before leases took) is not charged again.
        await chargeInTransaction(tx, payer, { action: "ai.proposal", key });
        await insertGeneration(tx, caller.teamId, {
          feature: "proposal",
          record: { type: "deal", id: input.deal_id },
          prompt: PROMPT,
          provider,
          input: { items: input.items, request_key: key },
          output: { note_id: noteId, title, sections, pricing },
        });
        result = { note_id: noteId, title, provider, pricing };
        await completeLease(tx, caller.teamId, lease, result);
      },
    });
    return result!;
  } catch (error) {
    if (!(error instanceof LeaseLost) && !lease.signal.aborted) {
      await releaseLease(caller, lease).catch((e) => console.error("proposals: releasing the lease failed", e));
      throw error;
    }
    // Taken over while this attempt worked: the winner's note is the answer (or it is still being written).
    const winner = await leaseResult(caller, key);
    if (winner) return winner as ProposalResult;
    throw new AppError("conflict", STILL_WRITING);
  } finally {
    lease.stop();
  }
}
