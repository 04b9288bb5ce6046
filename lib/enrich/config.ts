// Enrichment settings from the environment, read in one place. Each provider is on when its key is set;
// the base URLs exist so tests (and a proxy) can point the same code at another server.
//   HUNTER_API_KEY, HUNTER_BASE_URL (https://api.hunter.io)
//   APOLLO_API_KEY, APOLLO_BASE_URL (https://api.apollo.io)
//   COMPANY_LOOKUP_URL + COMPANY_LOOKUP_KEY (a Clearbit-style /v2/companies/find?domain=)
//   ENRICH_TIMEOUT_MS (8000)  one provider call
//   ENRICH_CACHE_DAYS (30)    how long a provider's answer is reused (answers with nothing found: 7 days)
//   ENRICH_MX_LOOKUP (on)     "off" skips DNS lookups in email verification (MX is then "unknown")
import { ApolloProvider } from "./apollo.ts";
import { CompanyLookupProvider } from "./company-lookup.ts";
import { HunterProvider } from "./hunter.ts";
import { OfflineProvider } from "./offline.ts";
import type { EnrichmentProvider } from "./types.ts";
import { dnsMxResolver, type MxResolver, noMxResolver } from "./verify.ts";

export interface EnrichConfig {
  hunter: { apiKey: string; baseUrl?: string } | null;
  apollo: { apiKey: string; baseUrl?: string } | null;
  companyLookup: { url: string; apiKey: string } | null;
  timeoutMs: number;
  cacheDays: number;
  mxLookup: boolean;
}

type Env = { get(name: string): string | undefined };

const positive = (raw: string | undefined, fallback: number) => {
  const n = Number(raw);
  return Number.isFinite(n) && n > 0 ? n : fallback;
};

export function enrichConfig(env: Env = Deno.env): EnrichConfig {
  const get = (name: string) => env.get(name)?.trim() || undefined;
  const hunterKey = get("HUNTER_API_KEY");
  const apolloKey = get("APOLLO_API_KEY");
  const lookupUrl = get("COMPANY_LOOKUP_URL");
  const lookupKey = get("COMPANY_LOOKUP_KEY");
  return {
    hunter: hunterKey ? { apiKey: hunterKey, baseUrl: get("HUNTER_BASE_URL") } : null,
    apollo: apolloKey ? { apiKey: apolloKey, baseUrl: get("APOLLO_BASE_URL") } : null,
    companyLookup: lookupUrl && lookupKey ? { url: lookupUrl, apiKey: lookupKey } : null,
    timeoutMs: positive(get("ENRICH_TIMEOUT_MS"), 8_000),
    cacheDays: Math.max(1, Math.round(positive(get("ENRICH_CACHE_DAYS"), 30))),
    mxLookup: get("ENRICH_MX_LOOKUP") !== "off",
  };
}

export interface EnrichSetup {
  config: EnrichConfig;
  /** The waterfall's order: offline first (free, feeds the others), then Hunter, Apollo, the company lookup. */
  providers: EnrichmentProvider[];
  hunter: HunterProvider | null;
  mxResolver: MxResolver;
  /** True when no external provider is configured: the UI shows the "offline" badge. */
  offline: boolean;
}

export function enrichSetup(config: EnrichConfig = enrichConfig(), mxResolver?: MxResolver): EnrichSetup {
  const timeoutMs = config.timeoutMs;
  const hunter = config.hunter ? new HunterProvider({ ...config.hunter, timeoutMs }) : null;
  const providers: EnrichmentProvider[] = [new OfflineProvider()];
  if (hunter) providers.push(hunter);
  if (config.apollo) providers.push(new ApolloProvider({ ...config.apollo, timeoutMs }));
  if (config.companyLookup) providers.push(new CompanyLookupProvider({ ...config.companyLookup, timeoutMs }));
  return {
    config,
    providers,
    hunter,
    mxResolver: mxResolver ?? (config.mxLookup ? dnsMxResolver : noMxResolver),
    offline: providers.length === 1,
  };
}
