// The words of a proposal (summary, plan, timeline, expected results): what the model writes, or the offline
// template. Never prices: any amount of money in the model's text is replaced, so the only prices in a
// proposal are the pricing table's, computed in code (pricing.ts).
import { z } from "zod";

const line = (max: number) => z.string().trim().min(1).max(max);

export const proposalSections = z.object({
  summary: line(1500),
  plan: z.array(line(400)).min(1).max(8),
  timeline: z.array(z.object({ phase: line(120), duration: line(60), description: z.string().trim().max(400) }))
    .min(1).max(8),
  expected_results: z.array(line(300)).min(1).max(8),
});
export type ProposalSections = z.infer<typeof proposalSections>;

const CODES = "USD|EUR|GBP|CHF|JPY|CAD|AUD|SEK|NOK|DKK|PLN|INR|dollars?|euros?|pounds?";
// "$1,200", "€ 49.90", "1200 EUR", "5k dollars", "USD 1"
const MONEY = new RegExp(
  `(?:[$€£¥₹]\\s?\\d[\\d,.]*\\d|[$€£¥₹]\\s?\\d|\\b\\d[\\d,.]*\\s?(?:k|m)?\\s?(?:${CODES})\\b|\\b(?:${CODES})\\s?\\d[\\d,.]*)`,
  "gi",
);

/** Text without amounts of money: those belong to the pricing table only. */
export function withoutPrices(text: string): string {
  return text.replace(MONEY, "(see the pricing table)");
}

/** The model's sections with every amount of money taken out. */
export function scrubPrices(sections: ProposalSections): ProposalSections {
  return {
    summary: withoutPrices(sections.summary),
    plan: sections.plan.map(withoutPrices),
    timeline: sections.timeline.map((t) => ({
      phase: withoutPrices(t.phase),
      duration: withoutPrices(t.duration),
      description: withoutPrices(t.description),
    })),
    expected_results: sections.expected_results.map(withoutPrices),
  };
}
