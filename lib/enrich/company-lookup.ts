// A Clearbit-style company lookup: GET <COMPANY_LOOKUP_URL>/v2/companies/find?domain=<domain> with
// `Authorization: Bearer <COMPANY_LOOKUP_KEY>`, answering Clearbit's Company object (name, domain,
// category.industry, metrics.employees / employeesRange, geo, tech, linkedin/twitter handles, phone).
// 404 is "unknown domain"; 202 is "queued, ask again later" (treated as nothing known now).
import { num, pick, providerJson, socialUrl, strings, text } from "./http.ts";
import {
  type CompanyField,
  type CompanyInput,
  type EnrichmentProvider,
  fieldsFrom,
  type PersonField,
  type ProviderAnswer,
  sizeBucket,
  sizeFromRange,
} from "./types.ts";

export interface CompanyLookupOptions {
  url: string;
  apiKey: string;
  timeoutMs: number;
  now?: () => Date;
}

export class CompanyLookupProvider implements EnrichmentProvider {
  readonly name = "company-lookup";
  readonly label = "Company lookup";
  readonly external = true;
  readonly personFields: readonly PersonField[] = [];
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

  constructor(private options: CompanyLookupOptions) {}

  enrichPerson(): Promise<ProviderAnswer<PersonField>> {
    return Promise.resolve({ fields: {} });
  }

  async enrichCompany(input: CompanyInput, signal?: AbortSignal): Promise<ProviderAnswer<CompanyField>> {
    if (!input.domain) return { fields: {} };
    const url = new URL(`${this.options.url.replace(/\/+$/, "")}/v2/companies/find`);
    url.searchParams.set("domain", input.domain);
    const body = await providerJson(this.name, this.label, url.toString(), {
      headers: { authorization: `Bearer ${this.options.apiKey}` },
      timeoutMs: this.options.timeoutMs,
      signal,
    });
    if (!body) return { fields: {} };
    const now = (this.options.now?.() ?? new Date()).toISOString();
    return {
      fields: fieldsFrom<CompanyField>(
        {
          name: text(pick(body, "name")),
          domain: text(pick(body, "domain")),
          size: sizeBucket(num(pick(body, "metrics", "employees"))) ??
            sizeFromRange(text(pick(body, "metrics", "employeesRange"))),
          industry: text(pick(body, "category", "industry")) ?? text(pick(body, "category", "sector")),
          city: text(pick(body, "geo", "city")),
          country: text(pick(body, "geo", "country")),
          tech: strings(pick(body, "tech")),
          phone: text(pick(body, "phone")),
          linkedin_url: socialUrl("https://www.linkedin.com", text(pick(body, "linkedin", "handle"))),
          twitter_url: socialUrl("https://twitter.com", text(pick(body, "twitter", "handle"))),
        },
        this.name,
        now,
      ),
    };
  }
}
