// Enriching one record: who may, what it costs, and what is written. The order matters for safety and money:
//   1. the record is read as the user (another team's id is "not found"; no provider hears of it),
//   2. a dry run against the team's cache tells whether a paid provider call is needed,
//   3. credits are charged (spendCredits: 402 on an empty balance, before any provider call),
//   4. the waterfall runs; if every external provider failed, the charge is refunded and the person is told why,
//   5. the record's empty columns and the provenance are written in one transaction.
// Pricing (credit units of enrich.contact / enrich.company): 2 when a provider had to be asked, 1 when the
// team's cache (or the offline provider alone) answered everything: a cache hit costs half.
import { AppError } from "../errors.ts";
import type { Caller } from "../caller.ts";
import { spendCredits } from "../credits/spend.ts";
import type { EnrichKind } from "./apply.ts";
import { teamCache } from "./cache.ts";
import type { EnrichSetup } from "./config.ts";
import { companyInput, loadRecord, personInput, type RecordRow, saveEnrichment } from "./store.ts";
import { COMPANY_FIELDS, type FieldName, type FieldSet, PERSON_FIELDS, type ProviderError } from "./types.ts";
import { companyWaterfall, type LookupCache, lookupKey, personWaterfall, type WaterfallResult } from "./waterfall.ts";
import { type EmailVerification, verifyEmail } from "./verify.ts";

export const UNITS = { lookup: 2, cached: 1 } as const;

export interface EnrichOptions {
  overwrite?: boolean;
  /** Names this piece of work for the credit ledger (a retry with the same key is not charged twice). */
  key: string;
  cache?: LookupCache;
}

export interface EnrichOutcome {
  record_type: EnrichKind;
  id: string;
  fields: Record<string, unknown>;
  applied: FieldName[];
  kept: FieldName[];
  verification: EmailVerification | null;
  providers: string[];
  /** True when no provider had to be asked (the team's cache or the offline provider answered). */
  cached: boolean;
  offline: boolean;
  credits: { units: number; cost: number; replayed: boolean };
  enriched_at: string;
  /** Providers that failed while others answered (the result may be less complete). */
  warnings: string[];
}

export const actionFor = (kind: EnrichKind) =>
  kind === "contacts" ? "enrich.contact" as const : "enrich.company" as const;

export function assertCanEnrich(caller: Caller) {
  if (caller.role === "viewer") {
    throw new AppError("forbidden", "Viewers cannot enrich records. Ask an admin for a rep role.");
  }
}

/** The waterfall for one record's fields, through `cache`. */
export async function lookUp(
  setup: EnrichSetup,
  kind: EnrichKind,
  row: RecordRow,
  cache: LookupCache,
  cacheOnly: boolean,
): Promise<WaterfallResult<FieldName>> {
  const options = { providers: setup.providers, cache, cacheOnly };
  return kind === "contacts"
    ? await personWaterfall(personInput(row), PERSON_FIELDS, options)
    : await companyWaterfall(companyInput(row), COMPANY_FIELDS, options);
}

/** Every external provider asked failed and none answered: nothing honest to write, so nothing is charged. */
export function providerOutage(result: WaterfallResult<FieldName>): AppError | null {
  if (result.failures.length === 0 || result.answered.length > 0) return null;
  return outageError(result.failures);
}

function outageError(failures: ProviderError[]): AppError {
  const words = failures.map((f) => f.message).join(" ");
  const suffix = " No credits were charged for it.";
  if (failures.every((f) => f.kind === "rate_limited")) return new AppError("too_many_requests", words + suffix);
  if (failures.every((f) => f.kind === "timeout")) return new AppError("gateway_timeout", words + suffix);
  return new AppError("bad_gateway", words + suffix);
}

/** Short-lived memory of MX answers: a list of 10,000 contacts at 300 companies asks DNS 300 times, not 10,000. */
const mxMemory = new Map<string, { at: number; result: Promise<EmailVerification> }>();
const MX_MEMORY_MS = 10 * 60 * 1000;

/** Hunter's verdict on an address, through the cache (a verification costs a Hunter credit too). */
async function hunterVerdict(setup: EnrichSetup, email: string, cache: LookupCache | undefined) {
  const key = cache ? await lookupKey("hunter", "verify", { email }) : null;
  const cached = key ? await cache!.get(key) : null;
  if (cached?.verdict) return cached.verdict;
  const verdict = await setup.hunter!.verifyEmail(email).catch(() => null);
  if (verdict && key) await cache!.set(key, { fields: {}, verdict }, true);
  return verdict;
}

/** The email check of a contact's address (the record's, else the one found), with Hunter's verdict if keyed. */
export async function verificationFor(
  setup: EnrichSetup,
  email: string | undefined,
  cache?: LookupCache,
): Promise<EmailVerification | null> {
  if (!email) return null;
  const key = email.toLowerCase();
  const now = Date.now();
  let memo = mxMemory.get(key);
  if (!memo || now - memo.at > MX_MEMORY_MS) {
    memo = { at: now, result: verifyEmail(email, { resolver: setup.mxResolver, timeoutMs: 3_000 }) };
    mxMemory.set(key, memo);
    if (mxMemory.size > 20_000) mxMemory.delete(mxMemory.keys().next().value!);
  }
  const verification = { ...await memo.result, checkedAt: new Date().toISOString() };
  if (setup.hunter && verification.syntax && !verification.disposable) {
    const verdict = await hunterVerdict(setup, email, cache);
    if (verdict) {
      verification.deliverability = verdict.result ?? verdict.status;
      // Hunter talked to the mail server: its answer settles what DNS alone could not.
      if (verdict.result === "undeliverable") verification.verdict = "invalid";
      else if (verdict.result === "deliverable" && verification.verdict === "unknown") verification.verdict = "valid";
      verification.reasons = [...verification.reasons, `Hunter says the address is ${verification.deliverability}.`];
    }
  }
  return verification;
}

/** The address to verify: the record's own, else the work email found. */
export function emailOf(row: RecordRow, found: FieldSet): string | undefined {
  const own = typeof row.email === "string" && row.email ? row.email : undefined;
  const value = found.email?.value;
  return own ?? (typeof value === "string" ? value : undefined);
}

/** Enriches one contact or company for the caller (see the steps above). */
export async function enrichRecord(
  caller: Caller,
  setup: EnrichSetup,
  kind: EnrichKind,
  id: string,
  options: EnrichOptions,
): Promise<EnrichOutcome> {
  assertCanEnrich(caller);
  const row = await loadRecord(caller, kind, id);
  const cache = options.cache ?? teamCache(caller, setup.config.cacheDays);
  const probe = await lookUp(setup, kind, row, cache, true);
  const units = probe.needed > 0 ? UNITS.lookup : UNITS.cached;
  return await spendCredits(caller, { action: actionFor(kind), key: options.key, units }, async (charge) => {
    const result = probe.needed > 0 ? await lookUp(setup, kind, row, cache, false) : probe;
    const outage = providerOutage(result);
    if (outage) throw outage;
    const verification = kind === "contacts" ? await verificationFor(setup, emailOf(row, result.fields), cache) : null;
    const providers = ["offline", ...result.answered];
    const saved = await caller.db.asUser(caller.claims, (tx) =>
      saveEnrichment(tx, caller, kind, {
        id,
        found: result.fields,
        verification,
        providers,
        overwrite: options.overwrite ?? false,
      }));
    if (!saved) throw new AppError("not_found", `${kind === "contacts" ? "Contact" : "Company"} not found.`);
    return {
      record_type: kind,
      id,
      fields: saved.stored,
      applied: saved.applied,
      kept: saved.kept,
      verification,
      providers,
      cached: result.calls === 0,
      offline: setup.offline,
      credits: { units: charge.units, cost: charge.cost, replayed: charge.replayed },
      enriched_at: saved.enrichedAt,
      warnings: result.failures.map((f) => f.message),
    };
  });
}
