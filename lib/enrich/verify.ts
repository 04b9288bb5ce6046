// Email verification without sending mail: syntax, the domain's MX records (with a timeout; the resolver is
// injectable so tests never touch real DNS), disposable (throwaway) domains from data/disposable-domains.txt,
// role addresses (info@, sales@) and free webmail. With a Hunter key, Hunter's own verifier adds its verdict.

/** Looks up a domain's mail servers; throws Deno.errors.NotFound when the domain has none or does not exist. */
export type MxResolver = (domain: string, signal: AbortSignal) => Promise<string[]>;

export const dnsMxResolver: MxResolver = async (domain, signal) => {
  const records = await Deno.resolveDns(domain, "MX", { signal });
  return records.map((r) => r.exchange);
};

/** For offline setups and tests: no lookups at all, every domain's mail servers "unknown". */
export const noMxResolver: MxResolver = () => Promise.reject(new Error("MX lookups are off"));

export type Verdict = "valid" | "risky" | "invalid" | "unknown";

export interface EmailVerification {
  email: string;
  verdict: Verdict;
  syntax: boolean;
  domain: string | null;
  /** "found": the domain accepts mail; "none": it cannot; "unknown": the lookup failed or timed out. */
  mx: "found" | "none" | "unknown";
  disposable: boolean;
  role: boolean;
  webmail: boolean;
  /** Sentences saying why the verdict is what it is. */
  reasons: string[];
  /** Hunter's verdict when a key is configured (deliverable, risky, undeliverable). */
  deliverability?: string;
  checkedAt: string;
}

// Local part: the dot-atom of RFC 5322 (no quoted strings: nobody's work address uses them).
const EMAIL =
  /^[a-z0-9!#$%&'*+/=?^_`{|}~-]+(\.[a-z0-9!#$%&'*+/=?^_`{|}~-]+)*@([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/i;

/** Mailboxes that belong to a function, not a person. */
const ROLE_PARTS = new Set([
  "admin",
  "administrator",
  "billing",
  "contact",
  "customerservice",
  "enquiries",
  "hello",
  "help",
  "hi",
  "hr",
  "info",
  "inquiries",
  "jobs",
  "marketing",
  "media",
  "noreply",
  "no-reply",
  "office",
  "postmaster",
  "press",
  "privacy",
  "sales",
  "security",
  "service",
  "support",
  "team",
  "webmaster",
]);

/** Free mail providers: an address there is a person's, but the domain says nothing about their company. */
export const WEBMAIL_DOMAINS = new Set([
  "aol.com",
  "gmail.com",
  "googlemail.com",
  "gmx.com",
  "gmx.de",
  "gmx.net",
  "hotmail.com",
  "hotmail.co.uk",
  "hotmail.fr",
  "icloud.com",
  "live.com",
  "mail.com",
  "mail.ru",
  "me.com",
  "msn.com",
  "orange.fr",
  "outlook.com",
  "proton.me",
  "protonmail.com",
  "qq.com",
  "t-online.de",
  "web.de",
  "yahoo.com",
  "yahoo.co.uk",
  "yahoo.fr",
  "yandex.ru",
  "zoho.com",
]);

let disposable: Set<string> | null = null;

/** The disposable-domain list, read once from the data file next to this module. */
export function disposableDomains(): Set<string> {
  if (disposable) return disposable;
  const text = Deno.readTextFileSync(new URL("./data/disposable-domains.txt", import.meta.url));
  disposable = new Set(
    text.split("\n").map((line) => line.trim().toLowerCase()).filter((line) => line && !line.startsWith("#")),
  );
  return disposable;
}

/** True for a throwaway domain or any subdomain of one. */
export function isDisposableDomain(domain: string): boolean {
  const list = disposableDomains();
  const parts = domain.toLowerCase().split(".");
  for (let i = 0; i < parts.length - 1; i++) if (list.has(parts.slice(i).join("."))) return true;
  return false;
}

export function isRoleAddress(email: string): boolean {
  const local = email.split("@")[0]?.toLowerCase().replace(/[._]/g, "") ?? "";
  return ROLE_PARTS.has(local) || ROLE_PARTS.has(email.split("@")[0]?.toLowerCase() ?? "");
}

export function emailDomain(email: string): string | null {
  const at = email.lastIndexOf("@");
  return at > 0 ? email.slice(at + 1).toLowerCase() : null;
}

export function isValidSyntax(email: string): boolean {
  return email.length <= 254 && EMAIL.test(email) && (email.split("@")[0]?.length ?? 0) <= 64;
}

export interface VerifyOptions {
  resolver?: MxResolver;
  timeoutMs?: number;
  now?: () => Date;
}

/** The checks above, in order; an address failing syntax is not looked up anywhere. */
export async function verifyEmail(raw: string, options: VerifyOptions = {}): Promise<EmailVerification> {
  const email = raw.trim();
  const checkedAt = (options.now?.() ?? new Date()).toISOString();
  const base = { email, disposable: false, role: false, webmail: false, checkedAt };
  if (!isValidSyntax(email)) {
    return {
      ...base,
      verdict: "invalid",
      syntax: false,
      domain: emailDomain(email),
      mx: "unknown",
      reasons: ["The address is not written like an email address."],
    };
  }
  const domain = emailDomain(email)!;
  const reasons: string[] = [];
  const disposableDomain = isDisposableDomain(domain);
  const role = isRoleAddress(email);
  const webmail = WEBMAIL_DOMAINS.has(domain);
  if (disposableDomain) reasons.push(`${domain} hands out throwaway addresses.`);
  if (role) reasons.push("It is a role address (a shared mailbox), not a person's.");
  if (webmail) reasons.push(`${domain} is free webmail, not a company domain.`);
  const mx = await lookupMx(domain, options);
  if (mx === "none") reasons.push(`${domain} has no mail servers (no MX records).`);
  if (mx === "unknown") reasons.push(`The mail servers of ${domain} could not be checked just now.`);
  const verdict: Verdict = mx === "none" || disposableDomain
    ? "invalid"
    : role
    ? "risky"
    : mx === "unknown"
    ? "unknown"
    : "valid";
  if (verdict === "valid") reasons.push(`${domain} accepts mail.`);
  return { ...base, verdict, syntax: true, domain, mx, disposable: disposableDomain, role, webmail, reasons };
}

async function lookupMx(domain: string, options: VerifyOptions): Promise<EmailVerification["mx"]> {
  const resolver = options.resolver ?? dnsMxResolver;
  const signal = AbortSignal.timeout(options.timeoutMs ?? 3_000);
  try {
    const hosts = await Promise.race([
      resolver(domain, signal),
      new Promise<never>((_, reject) => signal.addEventListener("abort", () => reject(signal.reason))),
    ]);
    // A "null MX" (RFC 7505: one record, exchange ".") says the domain accepts no mail.
    return hosts.some((h) => h && h !== ".") ? "found" : "none";
  } catch (error) {
    return error instanceof Deno.errors.NotFound ? "none" : "unknown";
  }
}
