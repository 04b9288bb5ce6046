// The provider used when no key is configured, and the first step of every waterfall: it derives only what
// the record itself honestly tells, labelled "offline". The company domain from a work email (never from
// free webmail or a throwaway domain), the domain from a website, and a company name guessed from the domain
// (marked as a guess, with a low confidence). It never invents a title, a phone number or a size.
import { isDisposableDomain, WEBMAIL_DOMAINS } from "./verify.ts";
import type {
  CompanyField,
  CompanyInput,
  EnrichmentProvider,
  FieldSet,
  PersonField,
  PersonInput,
  ProviderAnswer,
} from "./types.ts";

/** Second-level labels under which a country code's companies register ("acme.co.uk"). */
const SECOND_LEVEL = new Set(["co", "com", "org", "net", "ac", "gov", "edu", "ltd", "plc"]);

/** "sales.acme-corp.co.uk" → "acme-corp": the part of a domain that names the company. */
export function registrableLabel(domain: string): string | null {
  const labels = domain.toLowerCase().replace(/\.$/, "").split(".").filter(Boolean);
  if (labels.length < 2) return null;
  const tld = labels.at(-1)!;
  const second = labels.at(-2)!;
  const nameIndex = labels.length >= 3 && tld.length === 2 && SECOND_LEVEL.has(second)
    ? labels.length - 3
    : labels.length - 2;
  return labels[nameIndex] ?? null;
}

/** "acme-corp" → "Acme Corp"; a guess, shown as one. */
export function guessCompanyName(domain: string): string | null {
  const label = registrableLabel(domain);
  if (!label || label.length < 2) return null;
  return label.split(/[-_]+/).filter(Boolean).map((w) => w[0].toUpperCase() + w.slice(1)).join(" ");
}

/** The host of a website ("https://www.acme.com/about" → "acme.com"), or null. */
export function domainFromWebsite(website: string): string | null {
  try {
    const url = new URL(/^https?:\/\//i.test(website) ? website : `https://${website}`);
    const host = url.hostname.toLowerCase().replace(/^www\./, "");
    return host.includes(".") ? host : null;
  } catch {
    return null;
  }
}

/** The company domain an email tells, unless it is webmail or throwaway (those say nothing about a company). */
export function companyDomainFromEmail(email: string | undefined): string | null {
  const domain = email?.split("@")[1]?.trim().toLowerCase();
  if (!domain || !domain.includes(".")) return null;
  if (WEBMAIL_DOMAINS.has(domain) || isDisposableDomain(domain)) return null;
  return domain;
}

export class OfflineProvider implements EnrichmentProvider {
  readonly name = "offline";
  readonly label = "Offline (derived from the record)";
  readonly external = false;
  readonly personFields: readonly PersonField[] = ["company_domain", "company_name"];
  readonly companyFields: readonly CompanyField[] = ["domain", "name"];

  constructor(private now: () => Date = () => new Date()) {}

  enrichPerson(input: PersonInput): Promise<ProviderAnswer<PersonField>> {
    const fetchedAt = this.now().toISOString();
    const fields: FieldSet<PersonField> = {};
    const domain = input.domain?.toLowerCase() || companyDomainFromEmail(input.email);
    if (domain) {
      fields.company_domain = { value: domain, source: this.name, fetchedAt, confidence: input.domain ? 1 : 0.9 };
      const name = guessCompanyName(domain);
      if (name && !input.companyName) {
        fields.company_name = { value: name, source: this.name, fetchedAt, confidence: 0.3, guess: true };
      }
    }
    return Promise.resolve({ fields });
  }

  enrichCompany(input: CompanyInput): Promise<ProviderAnswer<CompanyField>> {
    const fetchedAt = this.now().toISOString();
    const fields: FieldSet<CompanyField> = {};
    const domain = input.domain?.toLowerCase() || (input.website ? domainFromWebsite(input.website) : null);
    if (domain) {
      if (!input.domain) fields.domain = { value: domain, source: this.name, fetchedAt, confidence: 0.9 };
      const name = guessCompanyName(domain);
      if (name && !input.name) {
        fields.name = { value: name, source: this.name, fetchedAt, confidence: 0.3, guess: true };
      }
    }
    return Promise.resolve({ fields });
  }
}
