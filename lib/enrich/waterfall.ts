// The waterfall: providers are asked in order until every wanted field is filled. What one provider finds
// feeds the next (the offline step's domain lets Hunter find an email; that email lets Apollo match the
// person). The first provider to give a field keeps it, except that a guess gives way to a looked-up value.
// Every provider answer goes through the cache first (cache.ts), and a provider that fails (429, timeout,
// 500, unreadable answer) is noted and skipped: the next one may still answer.
import {
  type CompanyField,
  type CompanyInput,
  type EnrichmentProvider,
  type FieldName,
  type FieldSet,
  type PersonField,
  type PersonInput,
  type ProviderAnswer,
  ProviderError,
} from "./types.ts";

/** A provider's answer as kept in the cache; `null` from get() is a miss. */
export interface LookupCache {
  get(key: string): Promise<ProviderAnswer | null>;
  set(key: string, answer: ProviderAnswer, found: boolean): Promise<void>;
}

export interface WaterfallOptions {
  providers: readonly EnrichmentProvider[];
  cache?: LookupCache;
  /** Only the cache and offline providers: tells whether a lookup would need a paid provider call. */
  cacheOnly?: boolean;
  signal?: AbortSignal;
}

export interface WaterfallResult<F extends FieldName> {
  fields: FieldSet<F>;
  /** External providers that answered (from the cache or live), in order. */
  answered: string[];
  /** How many answers came from the cache. */
  cacheHits: number;
  /** Live calls made to external providers. */
  calls: number;
  /** External lookups the cache could not answer (only counted with cacheOnly). */
  needed: number;
  failures: ProviderError[];
}

type Kind = "person" | "company" | "verify";

/** The cache key of one provider's lookup: who was asked what (normalised), hashed. */
export async function lookupKey(provider: string, kind: Kind, input: PersonInput | CompanyInput): Promise<string> {
  const norm = Object.entries(input).filter(([, v]) => typeof v === "string" && v.trim())
    .map(([k, v]) => [k, (v as string).trim().toLowerCase()]).sort(([a], [b]) => a < b ? -1 : 1);
  const bytes = new TextEncoder().encode(`${provider}|${kind}|${JSON.stringify(norm)}`);
  const digest = await crypto.subtle.digest("SHA-256", bytes);
  return `${provider}:${kind}:` + [...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, "0")).join("");
}

/** Merges `incoming` into `into`: new fields are added; a guess is replaced by a value that is not one. */
export function mergeFields<F extends string>(into: FieldSet<F>, incoming: FieldSet<F>): FieldSet<F> {
  for (const [key, value] of Object.entries(incoming) as [F, FieldSet<F>[F]][]) {
    if (!value) continue;
    const have = into[key];
    if (!have || (have.guess && !value.guess)) into[key] = value;
  }
  return into;
}

const missing = <F extends string>(fields: FieldSet<F>, wanted: readonly F[]) =>
  wanted.filter((f) => !fields[f] || fields[f]!.guess);

async function ask<F extends FieldName>(
  kind: Kind,
  provider: EnrichmentProvider,
  input: PersonInput | CompanyInput,
  options: WaterfallOptions,
  result: WaterfallResult<F>,
): Promise<FieldSet<F> | null> {
  const call = () =>
    kind === "person"
      ? provider.enrichPerson(input as PersonInput, options.signal)
      : provider.enrichCompany(input as CompanyInput, options.signal);
  if (!provider.external) return (await call()).fields as FieldSet<F>;
  const key = options.cache ? await lookupKey(provider.name, kind, input) : null;
  const cached = key ? await options.cache!.get(key) : null;
  if (cached) {
    result.cacheHits++;
    result.answered.push(provider.name);
    return cached.fields as FieldSet<F>;
  }
  if (options.cacheOnly) {
    result.needed++;
    return null;
  }
  try {
    result.calls++;
    const answer = await call();
    result.answered.push(provider.name);
    if (key) await options.cache!.set(key, answer as ProviderAnswer, Object.keys(answer.fields).length > 0);
    return answer.fields as FieldSet<F>;
  } catch (error) {
    if (!(error instanceof ProviderError)) throw error;
    result.failures.push(error);
    return null;
  }
}

function emptyResult<F extends FieldName>(): WaterfallResult<F> {
  return { fields: {}, answered: [], cacheHits: 0, calls: 0, needed: 0, failures: [] };
}

/** Feeds what was found so far into the next provider's question. */
function personInputWith(input: PersonInput, fields: FieldSet<PersonField>): PersonInput {
  const value = (f: PersonField) => {
    const v = fields[f];
    return v && !v.guess && typeof v.value === "string" ? v.value : undefined;
  };
  return {
    ...input,
    email: input.email || value("email"),
    domain: input.domain || value("company_domain"),
    companyName: input.companyName || value("company_name"),
  };
}

export async function personWaterfall(
  input: PersonInput,
  wanted: readonly PersonField[],
  options: WaterfallOptions,
): Promise<WaterfallResult<PersonField>> {
  const result = emptyResult<PersonField>();
  for (const provider of options.providers) {
    const gaps = missing(result.fields, wanted);
    if (gaps.length === 0) break;
    if (!provider.personFields.some((f) => gaps.includes(f))) continue;
    const found = await ask<PersonField>("person", provider, personInputWith(input, result.fields), options, result);
    if (found) mergeFields(result.fields, found);
  }
  // Company-level fields of a person (size, industry, tech) come from a company lookup of their domain.
  const companyGaps = missing(result.fields, wanted).filter((f) => f in PERSON_FROM_COMPANY);
  const domain = personInputWith(input, result.fields).domain;
  if (companyGaps.length > 0 && domain) {
    const wantedCompany = companyGaps.map((f) => PERSON_FROM_COMPANY[f]!);
    const company = await companyWaterfall({ domain }, wantedCompany, options);
    result.cacheHits += company.cacheHits;
    result.calls += company.calls;
    result.needed += company.needed;
    result.failures.push(...company.failures);
    for (const p of company.answered) if (!result.answered.includes(p)) result.answered.push(p);
    for (const f of companyGaps) {
      const value = company.fields[PERSON_FROM_COMPANY[f]!];
      // A name guessed from the domain says less than the company the record already names.
      if (value?.guess && f === "company_name" && input.companyName) continue;
      if (value) mergeFields(result.fields, { [f]: value } as FieldSet<PersonField>);
    }
  }
  return result;
}

/** A person's field → the company field it is read from. */
const PERSON_FROM_COMPANY: Partial<Record<PersonField, CompanyField>> = {
  company_size: "size",
  industry: "industry",
  tech: "tech",
  company_name: "name",
};

export async function companyWaterfall(
  input: CompanyInput,
  wanted: readonly CompanyField[],
  options: WaterfallOptions,
): Promise<WaterfallResult<CompanyField>> {
  const result = emptyResult<CompanyField>();
  for (const provider of options.providers) {
    const gaps = missing(result.fields, wanted);
    if (gaps.length === 0) break;
    if (!provider.companyFields.some((f) => gaps.includes(f))) continue;
    const domainFound = result.fields.domain;
    const asked: CompanyInput = {
      ...input,
      domain: input.domain || (typeof domainFound?.value === "string" ? domainFound.value : undefined),
    };
    const found = await ask<CompanyField>("company", provider, asked, options, result);
    if (found) mergeFields(result.fields, found);
  }
  return result;
}
