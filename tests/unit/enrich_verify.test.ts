// Email verification: syntax, MX (through an injected resolver, never real DNS), disposable and role addresses,
// and the offline provider's honest derivations.
import { assert, assertEquals } from "../helpers/assert.ts";
import {
  disposableDomains,
  isDisposableDomain,
  isRoleAddress,
  type MxResolver,
  verifyEmail,
} from "../../lib/enrich/verify.ts";
import {
  companyDomainFromEmail,
  guessCompanyName,
  OfflineProvider,
  registrableLabel,
} from "../../lib/enrich/offline.ts";
import { personWaterfall } from "../../lib/enrich/waterfall.ts";
import { PERSON_FIELDS } from "../../lib/enrich/types.ts";

const mx: MxResolver = (domain) => {
  if (domain === "nomail.example") return Promise.reject(new Deno.errors.NotFound("NXDOMAIN"));
  if (domain === "null-mx.example") return Promise.resolve(["."]);
  if (domain === "slow.example") return new Promise(() => {});
  return Promise.resolve([`mx1.${domain}`]);
};

Deno.test("a work address at a domain with mail servers is valid", async () => {
  const result = await verifyEmail("ada.lovelace@acme.com", { resolver: mx });
  assertEquals(result.verdict, "valid");
  assertEquals(result.mx, "found");
  assertEquals([result.syntax, result.disposable, result.role, result.webmail], [true, false, false, false]);
});

Deno.test("bad syntax is invalid without any lookup", async () => {
  let asked = 0;
  for (const email of ["not an email", "a@b", "two@@acme.com", "dot.@acme.com", "x@-acme.com", ""]) {
    const result = await verifyEmail(email, { resolver: () => (asked++, Promise.resolve(["mx"])) });
    assertEquals(result.verdict, "invalid", email);
    assertEquals(result.syntax, false, email);
  }
  assertEquals(asked, 0);
});

Deno.test("no MX, a null MX or a disposable domain is invalid; a role address is risky", async () => {
  assertEquals((await verifyEmail("a@nomail.example", { resolver: mx })).mx, "none");
  assertEquals((await verifyEmail("a@nomail.example", { resolver: mx })).verdict, "invalid");
  assertEquals((await verifyEmail("a@null-mx.example", { resolver: mx })).verdict, "invalid");
  const throwaway = await verifyEmail("temp123@mailinator.com", { resolver: mx });
  assertEquals([throwaway.verdict, throwaway.disposable], ["invalid", true]);
  const role = await verifyEmail("sales@acme.com", { resolver: mx });
  assertEquals([role.verdict, role.role], ["risky", true]);
  assert(role.reasons.some((r) => r.includes("role address")));
});

Deno.test("an MX lookup that hangs times out as unknown", async () => {
  const started = Date.now();
  const result = await verifyEmail("a@slow.example", { resolver: mx, timeoutMs: 50 });
  assertEquals([result.mx, result.verdict], ["unknown", "unknown"]);
  assert(Date.now() - started < 2_000);
});

Deno.test("the disposable list holds a few hundred domains and matches subdomains", () => {
  assert(disposableDomains().size >= 300);
  assert(isDisposableDomain("yopmail.com"));
  assert(isDisposableDomain("inbox.guerrillamail.com"));
  assert(!isDisposableDomain("acme.com"));
  assert(isRoleAddress("info@acme.com") && isRoleAddress("no-reply@acme.com"));
  assert(!isRoleAddress("ada@acme.com"));
});

Deno.test("offline: domain from a work email only, a company name marked as a guess", async () => {
  assertEquals(companyDomainFromEmail("ada@acme-corp.co.uk"), "acme-corp.co.uk");
  assertEquals(companyDomainFromEmail("ada@gmail.com"), null);
  assertEquals(companyDomainFromEmail("ada@mailinator.com"), null);
  assertEquals(registrableLabel("sales.acme-corp.co.uk"), "acme-corp");
  assertEquals(guessCompanyName("acme-corp.co.uk"), "Acme Corp");
  const offline = new OfflineProvider(() => new Date("2026-12-01T00:00:00Z"));
  const { fields } = await offline.enrichPerson({ firstName: "Ada", email: "ada@acme-corp.com" });
  assertEquals(fields.company_domain?.value, "acme-corp.com");
  assertEquals(fields.company_domain?.source, "offline");
  assertEquals(fields.company_name?.value, "Acme Corp");
  assertEquals(fields.company_name?.guess, true);
  assert((fields.company_name?.confidence ?? 1) < 0.5);
  // Never invented: nothing about the person beyond what the email tells.
  assertEquals(Object.keys(fields).sort(), ["company_domain", "company_name"]);
  assertEquals((await offline.enrichPerson({ email: "ada@gmail.com" })).fields, {});
  // The record names its company: no guess over it, not even through the company step of the waterfall.
  const named = await personWaterfall({ email: "ada@acme-corp.com", companyName: "ACME Corporation" }, PERSON_FIELDS, {
    providers: [offline],
  });
  assertEquals(named.fields.company_name, undefined);
  const company = await offline.enrichCompany({ website: "https://www.globex.io/about" });
  assertEquals(company.fields.domain?.value, "globex.io");
  assertEquals(company.fields.name?.guess, true);
});
