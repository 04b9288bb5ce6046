// A proposal's pricing table, computed here from the catalogue and never by the model: each line's quantity ×
// unit price less its discount, in integer cents (no floating-point drift), with totals per billing period
// (one-time, monthly...) because a monthly fee and a one-time fee do not add up to one number. Pure.
import { AppError } from "../errors.ts";
import { BILLING_LABELS, type BillingPeriod, type Product } from "./products.ts";

export interface PricingItemInput {
  product_id: string;
  quantity: number;
  /** 0..100 */
  discount_percent?: number;
}

export interface PricingLine {
  product_id: string;
  name: string;
  description: string;
  quantity: number;
  unit_price: number;
  discount_percent: number;
  billing_period: BillingPeriod;
  /** quantity × unit price − discount, rounded to the cent. */
  total: number;
}

export interface PricingTotal {
  billing_period: BillingPeriod;
  label: string;
  total: number;
}

export interface Pricing {
  currency: string;
  lines: PricingLine[];
  /** One per billing period used, one-time first. */
  totals: PricingTotal[];
}

const cents = (amount: number) => Math.round(amount * 100);
const PERIOD_ORDER: BillingPeriod[] = ["one_time", "monthly", "quarterly", "yearly"];

/** The table for these items; all products must be in one currency (a 422 that names them otherwise). */
export function computePricing(items: PricingItemInput[], products: Map<string, Product>): Pricing {
  const currencies = [...new Set(items.map((i) => products.get(i.product_id)?.currency).filter(Boolean))];
  if (currencies.length > 1) {
    throw new AppError(
      "validation_failed",
      `Choose products priced in one currency: these are in ${currencies.join(" and ")}.`,
    );
  }
  const lines = items.map((item): PricingLine => {
    const product = products.get(item.product_id);
    if (!product) throw new AppError("validation_failed", "A chosen product is not in your catalogue.");
    const discount = item.discount_percent ?? 0;
    const gross = cents(product.unit_price) * item.quantity;
    const net = Math.round(gross * (100 - discount) / 100);
    return {
      product_id: product.id,
      name: product.name,
      description: product.description,
      quantity: item.quantity,
      unit_price: product.unit_price,
      discount_percent: discount,
      billing_period: product.billing_period,
      total: net / 100,
    };
  });
  const totals = PERIOD_ORDER.filter((p) => lines.some((l) => l.billing_period === p)).map((period) => ({
    billing_period: period,
    label: `Total ${BILLING_LABELS[period].toLowerCase()}`,
    total: lines.filter((l) => l.billing_period === period).reduce((sum, l) => sum + cents(l.total), 0) / 100,
  }));
  return { currency: String(currencies[0] ?? "USD"), lines, totals };
}

/** "€1,200.00" */
export function formatAmount(amount: number, currency: string): string {
  try {
    return new Intl.NumberFormat("en-US", { style: "currency", currency }).format(amount);
  } catch {
    return `${amount.toFixed(2)} ${currency}`;
  }
}
