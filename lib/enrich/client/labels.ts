// Browser-safe words for enrichment: field names, provider names and dates as people read them.
// Plain data, no imports (island bundles include it).

export const FIELD_LABELS: Record<string, string> = {
  email: "Work email",
  phone: "Phone",
  title: "Title",
  seniority: "Seniority",
  company_name: "Company",
  company_domain: "Company domain",
  company_size: "Company size",
  name: "Name",
  domain: "Domain",
  size: "Size",
  industry: "Industry",
  city: "City",
  country: "Country",
  tech: "Tech",
  linkedin_url: "LinkedIn",
  twitter_url: "Twitter / X",
};

export const PROVIDER_LABELS: Record<string, string> = {
  offline: "Offline",
  hunter: "Hunter",
  apollo: "Apollo",
  "company-lookup": "Company lookup",
};

/** Fields in the order the panel lists them. */
export const FIELD_ORDER = Object.keys(FIELD_LABELS);

export const fieldLabel = (name: string) => FIELD_LABELS[name] ?? name.replace(/_/g, " ");
export const providerLabel = (name: string) => PROVIDER_LABELS[name] ?? name;

/** "7 Dec 2026" in the reader's locale. */
export function shortDate(iso: string): string {
  const date = new Date(iso);
  return Number.isNaN(date.getTime())
    ? ""
    : date.toLocaleDateString(undefined, { day: "numeric", month: "short", year: "numeric" });
}

export const VERDICT_WORDS: Record<string, string> = {
  valid: "Valid",
  risky: "Risky",
  invalid: "Invalid",
  unknown: "Not checked",
};
