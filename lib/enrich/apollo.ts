// Apollo (https://docs.apollo.io): People Enrichment (POST /api/v1/people/match) and Organization
// Enrichment (GET /api/v1/organizations/enrich?domain=). The key goes in the `x-api-key` header.
// APOLLO_BASE_URL points it at a fake in tests.
import { num, pick, providerJson, socialUrl, strings, text } from "./http.ts";
import {
  type CompanyField,
  type CompanyInput,
  type EnrichmentProvider,
  fieldsFrom,
  type PersonField,
  type PersonInput,
  type ProviderAnswer,
  sizeBucket,
} from "./types.ts";

export interface ApolloOptions {
  apiKey: string;
  baseUrl?: string;
  timeoutMs: number;
  now?: () => Date;
}

/** Apollo's seniority codes in words. */
const SENIORITY: Record<string, string> = {
  owner: "Owner",
  founder: "Founder",
  c_suite: "C-level",
  partner: "Partner",
  vp: "VP",
  head: "Head",
  director: "Director",
  manager: "Manager",
  senior: "Senior",
  entry: "Entry",
  intern: "Intern",
};

export class ApolloProvider implements EnrichmentProvider {
  readonly name = "apollo";
  readonly label = "Apollo";
  readonly external = true;
  readonly personFields: readonly PersonField[] = [
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
  ];
  readonly companyFields: readonly CompanyField[] = [
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
  ];
  #base: string;

  constructor(private options: ApolloOptions) {
    this.#base = (options.baseUrl ?? "https://api.apollo.io").replace(/\/+$/, "");
  }

  #headers = () => ({ "x-api-key": this.options.apiKey, "cache-control": "no-cache" });
  #now = () => (this.options.now?.() ?? new Date()).toISOString();

  async enrichPerson(input: PersonInput, signal?: AbortSignal): Promise<ProviderAnswer<PersonField>> {
    if (!input.email && !(input.domain && (input.firstName || input.lastName))) return { fields: {} };
    const body = await providerJson(this.name, this.label, `${this.#base}/api/v1/people/match`, {
      method: "POST",
      headers: this.#headers(),
      body: {
        first_name: input.firstName || undefined,
        last_name: input.lastName || undefined,
        email: input.email || undefined,
        domain: input.domain || undefined,
        organization_name: input.companyName || undefined,
        reveal_personal_emails: false,
      },
      timeoutMs: this.options.timeoutMs,
      signal,
    });
    const person = pick(body, "person");
    if (!person || typeof person !== "object") return { fields: {} };
    const org = pick(person, "organization");
    const phones = pick(person, "phone_numbers");
    const phone = Array.isArray(phones)
      ? text(pick(phones[0], "sanitized_number") ?? pick(phones[0], "raw_number"))
      : undefined;
    const seniority = text(pick(person, "seniority"));
    // Apollo marks guessed addresses; only verified ones count as a work email.
    const emailStatus = text(pick(person, "email_status"));
    const email = emailStatus === "verified" ? text(pick(person, "email")) : undefined;
    return {
      fields: fieldsFrom<PersonField>(
        {
          email,
          phone,
          title: text(pick(person, "title")),
          seniority: seniority ? SENIORITY[seniority] ?? seniority : undefined,
          company_name: text(pick(org, "name")),
          company_domain: text(pick(org, "primary_domain")),
          company_size: sizeBucket(num(pick(org, "estimated_num_employees"))),
          industry: text(pick(org, "industry")),
          city: text(pick(person, "city")),
          country: text(pick(person, "country")),
          tech: strings(pick(org, "technology_names")),
          linkedin_url: socialUrl("https://www.linkedin.com/in", text(pick(person, "linkedin_url"))),
          twitter_url: socialUrl("https://twitter.com", text(pick(person, "twitter_url"))),
        },
        this.name,
        this.#now(),
      ),
    };
  }

  async enrichCompany(input: CompanyInput, signal?: AbortSignal): Promise<ProviderAnswer<CompanyField>> {
    if (!input.domain) return { fields: {} };
    const url = new URL(`${this.#base}/api/v1/organizations/enrich`);
    url.searchParams.set("domain", input.domain);
    const body = await providerJson(this.name, this.label, url.toString(), {
      headers: this.#headers(),
      timeoutMs: this.options.timeoutMs,
      signal,
    });
    const org = pick(body, "organization");
    if (!org || typeof org !== "object") return { fields: {} };
    return {
      fields: fieldsFrom<CompanyField>(
        {
          name: text(pick(org, "name")),
          domain: text(pick(org, "primary_domain")),
          size: sizeBucket(num(pick(org, "estimated_num_employees"))),
          industry: text(pick(org, "industry")),
          city: text(pick(org, "city")),
          country: text(pick(org, "country")),
          tech: strings(pick(org, "technology_names")),
          phone: text(pick(org, "primary_phone", "number")) ?? text(pick(org, "phone")),
          linkedin_url: socialUrl("https://www.linkedin.com/company", text(pick(org, "linkedin_url"))),
          twitter_url: socialUrl("https://twitter.com", text(pick(org, "twitter_url"))),
        },
        this.name,
        this.#now(),
      ),
    };
  }
}
