// Hunter (https://hunter.io/api-documentation/v2): email-finder for a person (name + domain → work email,
// position, social links), domain-search for a company, email-verifier for deliverability. The key goes in
// the `api_key` query parameter, as Hunter documents it. HUNTER_BASE_URL points it at a fake in tests.
import { num, pick, providerJson, socialUrl, strings, text } from "./http.ts";
import {
  type CompanyField,
  type CompanyInput,
  type EnrichmentProvider,
  fieldsFrom,
  type PersonField,
  type PersonInput,
  type ProviderAnswer,
  sizeFromRange,
} from "./types.ts";

export interface HunterOptions {
  apiKey: string;
  baseUrl?: string;
  timeoutMs: number;
  now?: () => Date;
}

/** What Hunter's email-verifier says about one address. */
export interface HunterVerification {
  status: string;
  result?: string;
  score?: number;
}

export class HunterProvider implements EnrichmentProvider {
  readonly name = "hunter";
  readonly label = "Hunter";
  readonly external = true;
  readonly personFields: readonly PersonField[] = [
    "email",
    "phone",
    "title",
    "company_name",
    "company_domain",
    "linkedin_url",
    "twitter_url",
  ];
  readonly companyFields: readonly CompanyField[] = [
    "name",
    "domain",
    "size",
    "industry",
    "city",
    "country",
    "tech",
    "linkedin_url",
    "twitter_url",
  ];
  #base: string;

  constructor(private options: HunterOptions) {
    this.#base = (options.baseUrl ?? "https://api.hunter.io").replace(/\/+$/, "");
  }

  #url(path: string, params: Record<string, string | undefined>) {
    const url = new URL(`${this.#base}/v2/${path}`);
    for (const [key, value] of Object.entries(params)) if (value) url.searchParams.set(key, value);
    url.searchParams.set("api_key", this.options.apiKey);
    return url.toString();
  }

  #now = () => (this.options.now?.() ?? new Date()).toISOString();

  async enrichPerson(input: PersonInput, signal?: AbortSignal): Promise<ProviderAnswer<PersonField>> {
    // The finder needs a domain and a name; without them Hunter can only verify an address we already have.
    if (!input.domain || !(input.firstName || input.lastName)) return { fields: {} };
    const body = await providerJson(
      this.name,
      this.label,
      this.#url("email-finder", {
        domain: input.domain,
        first_name: input.firstName,
        last_name: input.lastName,
      }),
      { timeoutMs: this.options.timeoutMs, signal },
    );
    const data = pick(body, "data");
    if (!data || typeof data !== "object") return { fields: {} };
    const score = num(pick(data, "score"));
    return {
      fields: fieldsFrom<PersonField>(
        {
          email: text(pick(data, "email")),
          phone: text(pick(data, "phone_number")),
          title: text(pick(data, "position")),
          company_name: text(pick(data, "company")),
          company_domain: text(pick(data, "domain")),
          linkedin_url: socialUrl("https://www.linkedin.com/in", text(pick(data, "linkedin_url"))),
          twitter_url: socialUrl("https://twitter.com", text(pick(data, "twitter"))),
        },
        this.name,
        this.#now(),
        score === undefined ? undefined : Math.min(1, Math.max(0, score / 100)),
      ),
    };
  }

  async enrichCompany(input: CompanyInput, signal?: AbortSignal): Promise<ProviderAnswer<CompanyField>> {
    if (!input.domain) return { fields: {} };
    const body = await providerJson(
      this.name,
      this.label,
      this.#url("domain-search", { domain: input.domain, limit: "1" }),
      { timeoutMs: this.options.timeoutMs, signal },
    );
    const data = pick(body, "data");
    if (!data || typeof data !== "object") return { fields: {} };
    return {
      fields: fieldsFrom<CompanyField>(
        {
          name: text(pick(data, "organization")),
          domain: text(pick(data, "domain")),
          size: sizeFromRange(text(pick(data, "headcount"))),
          industry: text(pick(data, "industry")),
          city: text(pick(data, "city")),
          country: text(pick(data, "country")),
          tech: strings(pick(data, "technologies")),
          linkedin_url: socialUrl("https://www.linkedin.com/company", text(pick(data, "linkedin"))),
          twitter_url: socialUrl("https://twitter.com", text(pick(data, "twitter"))),
        },
        this.name,
        this.#now(),
      ),
    };
  }

  /** Hunter's verdict on an address (deliverable, risky, undeliverable), or null when it knows nothing. */
  async verifyEmail(email: string, signal?: AbortSignal): Promise<HunterVerification | null> {
    const body = await providerJson(this.name, this.label, this.#url("email-verifier", { email }), {
      timeoutMs: this.options.timeoutMs,
      signal,
    });
    const status = text(pick(body, "data", "status"));
    if (!status) return null;
    return { status, result: text(pick(body, "data", "result")), score: num(pick(body, "data", "score")) };
  }
}
