// A proposal as a note document (ProseMirror JSON, the notes' Tiptap schema; the note's title names the deal):
// who it is for, how it was written (model or offline template), summary, plan, the pricing table (from pricing.ts), timeline and
// expected results. Every text from the model or the records goes in as a text node, so none of it is markup.
import type { PmJson } from "../notes/content.ts";
import { BILLING_LABELS } from "./products.ts";
import { formatAmount, type Pricing } from "./pricing.ts";
import type { ProposalSections } from "./sections.ts";

const text = (value: string): PmJson => ({ type: "text", text: value });
const bold = (value: string): PmJson => ({ type: "text", text: value, marks: [{ type: "bold" }] });
const paragraph = (...content: (string | PmJson)[]): PmJson => ({
  type: "paragraph",
  content: content.filter((c) => c !== "").map((c) => typeof c === "string" ? text(c) : c),
});
const heading = (level: number, value: string): PmJson => ({
  type: "heading",
  attrs: { level },
  content: [text(value)],
});
const list = (type: "bulletList" | "orderedList", items: string[]): PmJson => ({
  type,
  content: items.map((item) => ({ type: "listItem", content: [paragraph(item)] })),
});
const cell = (type: "tableHeader" | "tableCell", value: string | PmJson): PmJson => ({
  type,
  content: [paragraph(value)],
});
const row = (type: "tableHeader" | "tableCell", values: (string | PmJson)[]): PmJson => ({
  type: "tableRow",
  content: values.map((v) => cell(type, v)),
});
const table = (header: string[], rows: (string | PmJson)[][]): PmJson => ({
  type: "table",
  content: [row("tableHeader", header), ...rows.map((r) => row("tableCell", r))],
});

export interface ProposalDocInput {
  dealName: string;
  customer: string | null;
  sender: { name: string; team: string };
  /** "offline" or the model's name. */
  provider: string;
  date: string;
  sections: ProposalSections;
  pricing: Pricing;
}

export const PRICING_HEADER = ["Item", "Qty", "Unit price", "Billing", "Discount", "Total"];

export function proposalTitle(dealName: string): string {
  return `Proposal: ${dealName}`.slice(0, 200);
}

export function proposalDocument(input: ProposalDocInput): PmJson {
  const { sections, pricing } = input;
  const money = (n: number) => formatAmount(n, pricing.currency);
  const pricingRows = [
    ...pricing.lines.map((l) => [
      l.name,
      String(l.quantity),
      money(l.unit_price),
      BILLING_LABELS[l.billing_period],
      l.discount_percent ? `${l.discount_percent}%` : "—",
      money(l.total),
    ]),
    ...pricing.totals.map((t) => [bold(t.label), "", "", "", "", bold(money(t.total))]),
  ];
  const by = [input.sender.name, input.sender.team].filter(Boolean).join(", ");
  return {
    type: "doc",
    content: [
      paragraph(bold(input.dealName)),
      paragraph(
        [input.customer ? `For ${input.customer}` : "", by ? `Prepared by ${by}` : "", input.date]
          .filter(Boolean).join(" · "),
      ),
      paragraph({
        type: "text",
        text: input.provider === "offline"
          ? "Written offline from Leadly's proposal template (no AI provider is configured)."
          : `Drafted with AI (${input.provider}); pricing computed by Leadly. Review before sending.`,
        marks: [{ type: "italic" }],
      }),
      heading(2, "Summary"),
      paragraph(sections.summary),
      heading(2, "Plan"),
      list("orderedList", sections.plan),
      heading(2, "Pricing"),
      table(PRICING_HEADER, pricingRows),
      paragraph(`Prices in ${pricing.currency}, from the product catalogue, computed by Leadly.`),
      heading(2, "Timeline"),
      table(["Phase", "Duration", "What happens"], sections.timeline.map((t) => [t.phase, t.duration, t.description])),
      heading(2, "Expected results"),
      list("bulletList", sections.expected_results),
    ],
  };
}
