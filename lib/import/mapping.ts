// Which CSV column goes into which field: the fields an import can fill, and a first guess from the
// column names ("E-mail" -> email, "First Name" -> first_name). Shared by the wizard and the server.

export type ImportResource = "contacts" | "companies";
export const IMPORT_RESOURCES: ImportResource[] = ["contacts", "companies"];

export type DuplicateMode = "skip" | "update" | "create";
export const DUPLICATE_MODES: DuplicateMode[] = ["skip", "update", "create"];

export interface ImportTarget {
  key: string;
  label: string;
  /** Lower-case, punctuation-free names a column may have for this field. */
  aliases: string[];
  /** Several columns may feed it (their values are joined). */
  multiple?: boolean;
}

const shared: ImportTarget[] = [
  { key: "industry", label: "Industry", aliases: ["industry", "sector", "vertical"] },
  { key: "city", label: "City", aliases: ["city", "town", "locality"] },
  { key: "country", label: "Country", aliases: ["country", "country name", "nation"] },
  { key: "website", label: "Website", aliases: ["website", "web site", "url", "homepage", "web"] },
  { key: "linkedin_url", label: "LinkedIn URL", aliases: ["linkedin", "linkedin url", "linkedin profile"] },
  { key: "lead_source", label: "Lead source", aliases: ["lead source", "source", "origin", "channel"] },
  { key: "lead_score", label: "Lead score", aliases: ["lead score", "score", "rating"] },
  { key: "tags", label: "Tags", aliases: ["tags", "tag", "labels", "label", "segments"], multiple: true },
];

export const IMPORT_TARGETS: Record<ImportResource, ImportTarget[]> = {
  contacts: [
    { key: "first_name", label: "First name", aliases: ["first name", "firstname", "given name", "forename", "first"] },
    {
      key: "last_name",
      label: "Last name",
      aliases: ["last name", "lastname", "surname", "family name", "last"],
    },
    { key: "full_name", label: "Full name (split in two)", aliases: ["name", "full name", "fullname", "contact name"] },
    {
      key: "email",
      label: "Email",
      aliases: ["email", "e mail", "email address", "e mail address", "mail", "work email", "primary email"],
    },
    {
      key: "phone",
      label: "Phone",
      aliases: ["phone", "phone number", "telephone", "tel", "work phone", "office phone"],
    },
    {
      key: "mobile",
      label: "Mobile phone",
      aliases: ["mobile", "mobile phone", "cell", "cell phone", "mobile number"],
    },
    { key: "job_title", label: "Job title", aliases: ["job title", "title", "position", "role", "job"] },
    {
      key: "company_name",
      label: "Company (name)",
      aliases: ["company", "company name", "organisation", "organization", "account", "account name", "employer"],
    },
    { key: "company_domain", label: "Company domain", aliases: ["company domain", "domain", "company website"] },
    ...shared,
  ],
  companies: [
    {
      key: "name",
      label: "Name",
      aliases: ["name", "company", "company name", "organisation", "organization", "account", "account name"],
    },
    { key: "domain", label: "Domain", aliases: ["domain", "company domain", "domain name"] },
    ...shared,
    { key: "size", label: "Size", aliases: ["size", "company size", "employees", "headcount", "number of employees"] },
    {
      key: "annual_revenue",
      label: "Annual revenue",
      aliases: ["annual revenue", "revenue", "arr", "turnover", "yearly revenue"],
    },
  ],
};

/** One entry per column of the file, in file order; target null means "don't import". */
export interface ColumnMapping {
  column: string;
  target: string | null;
}

export function normaliseName(name: string): string {
  return name.toLowerCase().replace(/[_\-./:()#*]+/g, " ").replace(/\s+/g, " ").trim();
}

/** The best guess per column; each field is taken by at most one column, the first that matches best. */
export function guessMapping(resource: ImportResource, header: string[]): ColumnMapping[] {
  const targets = IMPORT_TARGETS[resource];
  const taken = new Set<string>();
  const exact = header.map((column) => {
    const name = normaliseName(column);
    return targets.find((t) => t.key === name.replace(/ /g, "_") || t.aliases.includes(name))?.key ?? null;
  });
  const result = header.map((column) => ({ column, target: null as string | null }));
  // Exact names first, so "Company Domain" is not taken by a looser match on "Company" before it.
  exact.forEach((key, i) => {
    if (key && (!taken.has(key) || targets.find((t) => t.key === key)?.multiple)) {
      result[i].target = key;
      taken.add(key);
    }
  });
  header.forEach((column, i) => {
    if (result[i].target) return;
    const name = normaliseName(column);
    const loose = targets.find((t) =>
      !taken.has(t.key) &&
      t.aliases.some((alias) => alias.length > 3 && (name.startsWith(alias) || name.endsWith(alias)))
    );
    if (loose) {
      result[i].target = loose.key;
      taken.add(loose.key);
    }
  });
  // "Name" alone means the full name only when there are no first/last name columns.
  if (resource === "contacts") {
    const hasParts = result.some((m) => m.target === "first_name" || m.target === "last_name");
    for (const m of result) if (m.target === "full_name" && hasParts) m.target = null;
  }
  return result;
}

/** A sentence for the first problem with a mapping, or null when it can run. */
export function mappingProblem(resource: ImportResource, mapping: ColumnMapping[]): string | null {
  const targets = IMPORT_TARGETS[resource];
  const seen = new Map<string, string>();
  for (const { column, target } of mapping) {
    if (!target) continue;
    const spec = targets.find((t) => t.key === target);
    if (!spec) return `"${target}" is not a field you can import into.`;
    const other = seen.get(target);
    if (other !== undefined && !spec.multiple) {
      return `Both "${other}" and "${column}" go into ${spec.label}. Choose "Don't import" for one of them.`;
    }
    seen.set(target, column);
  }
  if (seen.size === 0) return "Choose at least one column to import.";
  if (resource === "companies" && !seen.has("name")) return "Choose the column that holds the company name.";
  if (
    resource === "contacts" && !["first_name", "last_name", "full_name", "email"].some((key) => seen.has(key))
  ) {
    return "Choose a column with names or email addresses: a contact needs at least one of them.";
  }
  return null;
}

/** What duplicates are matched on, for labels. */
export const DUPLICATE_KEY: Record<ImportResource, { field: string; label: string }> = {
  contacts: { field: "email", label: "email address" },
  companies: { field: "domain", label: "domain" },
};
