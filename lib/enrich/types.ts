// The one shape every enrichment provider answers in: named fields, each with where it came from and when.
// Providers (Hunter, Apollo, a Clearbit-style company lookup, the offline one) turn their own JSON into this;
// the waterfall (waterfall.ts) merges their answers and the record page shows source and date per field.

/** What can be learned about a person (a contact). */
export const PERSON_FIELDS = [
  "email",
  "phone",
  "title",
  "seniority",
  "company_name",
  "company_domain",
  "company_size",
  "industry",
  "city",
  "country",
  "tech",
  "linkedin_url",
  "twitter_url",
] as const;

/** What can be learned about a company. */
export const COMPANY_FIELDS = [
  "name",
  "domain",
  "size",
  "industry",
  "city",
  "country",
  "tech",
  "phone",
  "linkedin_url",
  "twitter_url",
] as const;

export type PersonField = typeof PERSON_FIELDS[number];
export type CompanyField = typeof COMPANY_FIELDS[number];
export type FieldName = PersonField | CompanyField;

/** `tech` is a list; everything else is text. */
export type FieldScalar = string | string[];

export interface FieldValue {
  value: FieldScalar;
  /** The provider that said it: "hunter", "apollo", "company-lookup", "offline". */
  source: string;
  /** When the provider said it (ISO time); a cached answer keeps its original date. */
  fetchedAt: string;
  /** 0..1 where the provider gives one; an offline guess says so with a low value and `guess`. */
  confidence?: number;
  /** True for values that are inferred, not looked up (the company name guessed from a domain). */
  guess?: boolean;
}

export type FieldSet<F extends string = FieldName> = Partial<Record<F, FieldValue>>;

/** What a person lookup is given: only the record's own values, never anything of another record. */
export interface PersonInput {
  firstName?: string;
  lastName?: string;
  email?: string;
  /** The person's company domain when the record knows it (its company's domain, or from the email). */
  domain?: string;
  companyName?: string;
}

export interface CompanyInput {
  domain?: string;
  name?: string;
  /** The record's website, from which the offline provider can read a domain. */
  website?: string;
}

/** A provider's answer: found fields, or nothing known (not an error). */
export interface ProviderAnswer<F extends string = FieldName> {
  fields: FieldSet<F>;
  /** Hunter's email-verifier verdict, cached like any other answer. */
  verdict?: { status: string; result?: string; score?: number };
}

export interface EnrichmentProvider {
  /** Stable id, shown as the source ("hunter"). */
  readonly name: string;
  /** Shown in the UI ("Hunter"). */
  readonly label: string;
  /** False for the offline provider: its answers cost nothing and are never cached. */
  readonly external: boolean;
  /** Fields it can fill at all, so the waterfall skips it when none of the missing ones is among them. */
  readonly personFields: readonly PersonField[];
  readonly companyFields: readonly CompanyField[];
  enrichPerson(input: PersonInput, signal?: AbortSignal): Promise<ProviderAnswer<PersonField>>;
  enrichCompany(input: CompanyInput, signal?: AbortSignal): Promise<ProviderAnswer<CompanyField>>;
}

export type ProviderFailure = "rate_limited" | "unavailable" | "timeout" | "malformed" | "unauthorized";

/** A provider that could not answer (as opposed to answering "nothing known"). */
export class ProviderError extends Error {
  override readonly name = "ProviderError";
  constructor(
    readonly provider: string,
    readonly kind: ProviderFailure,
    message: string,
    readonly retryAfterSeconds?: number,
  ) {
    super(message);
  }
}

/** The sizes companies.size allows, from an employee count. */
export function sizeBucket(employees: number | null | undefined): string | undefined {
  if (employees == null || !Number.isFinite(employees) || employees <= 0) return undefined;
  if (employees <= 10) return "1-10";
  if (employees <= 50) return "11-50";
  if (employees <= 200) return "51-200";
  if (employees <= 500) return "201-500";
  if (employees <= 1000) return "501-1000";
  if (employees <= 5000) return "1001-5000";
  return "5000+";
}

/** A provider's size text ("51-250", "1001-5000", "10K+") as one of our buckets, by its lower bound. */
export function sizeFromRange(range: string | null | undefined): string | undefined {
  if (!range) return undefined;
  const match = /^\s*(\d[\d,]*)\s*(k)?/i.exec(range);
  if (!match) return undefined;
  const low = Number(match[1].replace(/,/g, "")) * (match[2] ? 1000 : 1);
  return sizeBucket(Math.max(1, low));
}

/** Builds a FieldSet from plain values, dropping empty ones. */
export function fieldsFrom<F extends string>(
  values: Partial<Record<F, FieldScalar | null | undefined>>,
  source: string,
  fetchedAt: string,
  confidence?: number,
): FieldSet<F> {
  const out: FieldSet<F> = {};
  for (const [key, raw] of Object.entries(values) as [F, FieldScalar | null | undefined][]) {
    const value = clean(raw);
    if (value === undefined) continue;
    out[key] = confidence === undefined ? { value, source, fetchedAt } : { value, source, fetchedAt, confidence };
  }
  return out;
}

function clean(raw: FieldScalar | null | undefined): FieldScalar | undefined {
  if (raw == null) return undefined;
  if (Array.isArray(raw)) {
    const list = [...new Set(raw.map((v) => String(v).trim()).filter(Boolean))].slice(0, 50);
    return list.length ? list : undefined;
  }
  const text = String(raw).trim().slice(0, 500);
  return text ? text : undefined;
}
