// The offline proposal writer: with no AI provider configured, the sections are filled from a template with
// what Leadly knows (the deal, its company, the chosen products). Honest about itself: the note says it was
// written offline from a template. Record text is only ever quoted as data, never followed.
import type { RecordContext } from "../ai/context.ts";
import type { Pricing } from "./pricing.ts";
import type { ProposalSections } from "./sections.ts";

const str = (value: unknown) => (typeof value === "string" && value.trim() ? value.trim() : null);

export function offlineSections(context: RecordContext, pricing: Pricing): ProposalSections {
  const company = str(context.company?.name) ?? "your team";
  const team = context.sender.team || "our team";
  const products = pricing.lines.map((l) => (l.quantity > 1 ? `${l.name} (×${l.quantity})` : l.name));
  const list = products.length > 1 ? `${products.slice(0, -1).join(", ")} and ${products.at(-1)}` : products[0];
  const industry = str(context.company?.industry);
  const deliveryWeeks = Math.min(12, 2 * pricing.lines.length);
  const close = str(context.record.expected_close_date);
  return {
    summary: `${team} proposes ${list} for ${company}${industry ? `, shaped for a ${industry} business` : ""}. ` +
      "This proposal sets out the plan, the pricing, the timeline and what you can expect.",
    plan: [
      "Kick-off: confirm goals, scope, success measures and the people involved on both sides.",
      ...pricing.lines.slice(0, 6).map((l) =>
        `Deliver ${l.name}${l.quantity > 1 ? ` for ${l.quantity} units` : ""}: set up, configure and hand over.`
      ),
      "Review together: check the results against the goals and agree the next steps.",
    ],
    timeline: [
      {
        phase: "Kick-off",
        duration: "1 week",
        description: close ? `Starts once the agreement is signed (expected by ${close}).` : "Starts once signed.",
      },
      { phase: "Delivery", duration: `${deliveryWeeks} weeks`, description: `Setting up ${list}.` },
      { phase: "Review", duration: "1 week", description: "Results review and plan for what comes next." },
    ],
    expected_results: [
      `${company[0].toUpperCase()}${company.slice(1)} works with ${list} in place, set up for its team.`,
      "A clear owner and contact on each side, and a shared plan everyone can follow.",
      "Results measured against the goals agreed at kick-off.",
    ],
  };
}
