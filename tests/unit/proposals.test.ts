// Proposals' pure parts: the pricing table (cents, discounts, totals per billing period, one currency), money
// taken out of the model's words, the note document, and the PDF (valid, text the built-in fonts can draw).
import { assert, assertEquals, assertThrows } from "../helpers/assert.ts";
import { computePricing } from "../../lib/proposals/pricing.ts";
import type { Product } from "../../lib/proposals/products.ts";
import { withoutPrices } from "../../lib/proposals/sections.ts";
import { proposalDocument } from "../../lib/proposals/document.ts";
import { offlineSections } from "../../lib/proposals/offline.ts";
import { notePdf, pdfSafe } from "../../lib/proposals/pdf.ts";
import type { RecordContext } from "../../lib/ai/context.ts";
import { AppError } from "../../lib/errors.ts";

const product = (id: string, unit_price: number, billing_period: Product["billing_period"], currency = "EUR") =>
  [id, { id, name: `P ${id}`, description: "", unit_price, currency, billing_period, active: true }] as const;

Deno.test("pricing is computed in cents: quantity × unit price less the discount, totals per billing period", () => {
  const products = new Map([
    product("a", 0.1, "monthly"),
    product("b", 1200, "one_time"),
    product("c", 19.99, "monthly"),
  ]);
  const pricing = computePricing([
    { product_id: "a", quantity: 3 },
    { product_id: "b", quantity: 2, discount_percent: 12.5 },
    { product_id: "c", quantity: 7, discount_percent: 10 },
  ], products);
  assertEquals(pricing.lines.map((l) => l.total), [0.3, 2100, 125.94]);
  assertEquals(pricing.totals, [
    { billing_period: "one_time", label: "Total one-time", total: 2100 },
    { billing_period: "monthly", label: "Total monthly", total: 126.24 },
  ]);
  assertEquals(pricing.currency, "EUR");
  const free = computePricing([{ product_id: "b", quantity: 1, discount_percent: 100 }], products);
  assertEquals(free.totals[0].total, 0);
});

Deno.test("pricing refuses products in several currencies, in words", () => {
  const products = new Map([product("a", 10, "monthly", "EUR"), product("b", 10, "monthly", "USD")]);
  const error = assertThrows(
    () => computePricing([{ product_id: "a", quantity: 1 }, { product_id: "b", quantity: 1 }], products),
    AppError,
  );
  assertEquals(error.message, "Choose products priced in one currency: these are in EUR and USD.");
});

Deno.test("amounts of money are taken out of the model's words, other numbers stay", () => {
  assertEquals(withoutPrices("Only $1 (USD 1)!"), "Only (see the pricing table) ((see the pricing table))!");
  assertEquals(
    withoutPrices("A fee of 1,200.50 EUR or €99"),
    "A fee of (see the pricing table) or (see the pricing table)",
  );
  assertEquals(withoutPrices("5k dollars"), "(see the pricing table)");
  assertEquals(withoutPrices("3 phases over 12 weeks for 40 users"), "3 phases over 12 weeks for 40 users");
});

const context: RecordContext = {
  recordType: "deal",
  recordId: "d",
  record: { name: "Big <b>deal</b>", expected_close_date: "2027-02-01" },
  contact: null,
  company: { name: "Initech", industry: "Software" },
  activities: [],
  notes: [],
  sender: { name: "Alice", team: "Acme" },
};

Deno.test("the proposal document: sections, a pricing table from code, an honest provider line", () => {
  const products = new Map([product("a", 49.9, "monthly"), product("b", 1200, "one_time")]);
  const pricing = computePricing([{ product_id: "a", quantity: 12, discount_percent: 10 }, {
    product_id: "b",
    quantity: 1,
  }], products);
  const doc = proposalDocument({
    dealName: "Big <b>deal</b>",
    customer: "Initech",
    sender: context.sender,
    provider: "offline",
    date: "2026-12-07",
    sections: offlineSections(context, pricing),
    pricing,
  });
  const text = JSON.stringify(doc);
  assert(text.includes("Written offline from Leadly's proposal template"));
  const table = doc.content!.find((n) => n.type === "table")!;
  assertEquals(table.content!.length, 1 + 2 + 2, "header, two lines, two totals");
  assert(text.includes("€538.92") && text.includes("€1,200.00"));
  const headings = doc.content!.filter((n) => n.type === "heading").map((n) => n.content![0].text);
  assertEquals(headings, ["Summary", "Plan", "Pricing", "Timeline", "Expected results"]);
});

Deno.test("the PDF is a complete PDF whose title names the note; text outside WinAnsi is replaced", async () => {
  assertEquals(pdfSafe("Café — 5 € → 6 ≈ 7 日本"), "Café — 5 € -> 6 ~ 7 ??");
  const bytes = await notePdf("Proposal: Initech pilot", {
    type: "doc",
    content: [
      {
        type: "paragraph",
        content: [{ type: "text", text: "Hello ", marks: [{ type: "bold" }] }, { type: "text", text: "world" }],
      },
      {
        type: "bulletList",
        content: [{ type: "listItem", content: [{ type: "paragraph", content: [{ type: "text", text: "one" }] }] }],
      },
      {
        type: "table",
        content: [{ type: "tableRow", content: [{ type: "tableHeader", content: [{ type: "paragraph" }] }] }],
      },
    ],
  });
  const latin = new TextDecoder("latin1").decode(bytes);
  assert(latin.startsWith("%PDF-1."));
  assert(latin.trimEnd().endsWith("%%EOF"));
  assert(latin.includes("(Proposal: Initech pilot)"));
});
