// The waterfall against the fake providers: order, merging with source and date, feeding one provider's
// answer to the next, the cache, and each provider failure (429, 500, timeout, malformed) skipped with a reason.
import { assert, assertEquals } from "../helpers/assert.ts";
import { startFakeEnrichment } from "../fakes/enrichment.ts";
import { enrichConfig, enrichSetup } from "../../lib/enrich/config.ts";
import { memoryCache } from "../../lib/enrich/cache.ts";
import { companyWaterfall, mergeFields, personWaterfall } from "../../lib/enrich/waterfall.ts";
import { COMPANY_FIELDS, type FieldSet, PERSON_FIELDS, sizeBucket, sizeFromRange } from "../../lib/enrich/types.ts";
import { planApply } from "../../lib/enrich/apply.ts";
import { noMxResolver } from "../../lib/enrich/verify.ts";

const T = "2026-12-01T00:00:00.000Z";

function setupFor(env: Record<string, string>, timeoutMs = 2_000) {
  const map = new Map(Object.entries({ ...env, ENRICH_TIMEOUT_MS: String(timeoutMs) }));
  return enrichSetup(enrichConfig({ get: (k) => map.get(k) }), noMxResolver);
}

Deno.test("merge: the first value wins, a guess gives way to a looked-up value", () => {
  const into: FieldSet = {
    title: { value: "CTO", source: "hunter", fetchedAt: T },
    company_name: { value: "Acme", source: "offline", fetchedAt: T, guess: true, confidence: 0.3 },
  };
  mergeFields(into, {
    title: { value: "Engineer", source: "apollo", fetchedAt: T },
    company_name: { value: "Acme Inc.", source: "apollo", fetchedAt: T },
    seniority: { value: "C-level", source: "apollo", fetchedAt: T },
  });
  assertEquals(into.title?.value, "CTO");
  assertEquals(into.company_name, { value: "Acme Inc.", source: "apollo", fetchedAt: T });
  assertEquals(into.seniority?.source, "apollo");
  assertEquals([sizeBucket(42), sizeBucket(7000), sizeFromRange("51-250"), sizeFromRange("10K+")], [
    "11-50",
    "5000+",
    "51-200",
    "5000+",
  ]);
});

Deno.test("a person: offline domain feeds Hunter, Apollo fills the rest; every field has source and date", async () => {
  const fake = await startFakeEnrichment();
  try {
    const setup = setupFor(fake.env());
    const cache = memoryCache();
    const result = await personWaterfall(
      { firstName: "Ada", lastName: "Lovelace", email: "ada@acme-corp.com" },
      PERSON_FIELDS,
      { providers: setup.providers, cache },
    );
    assertEquals(result.failures, []);
    assertEquals(result.fields.company_domain?.source, "offline");
    assertEquals(result.fields.title?.source, "hunter");
    assertEquals(result.fields.seniority?.source, "apollo");
    assertEquals(result.fields.company_name?.source, "hunter", "the offline guess gave way");
    for (const [name, value] of Object.entries(result.fields)) {
      assert(value.source && !Number.isNaN(Date.parse(value.fetchedAt)), name);
    }
    const finder = fake.requests.find((r) => r.path === "/v2/email-finder");
    assertEquals(finder?.params.domain, "acme-corp.com");
    // Again: every provider answer comes from the cache, no request reaches a provider.
    const before = fake.requests.length;
    const again = await personWaterfall(
      { firstName: "Ada", lastName: "Lovelace", email: "ada@acme-corp.com" },
      PERSON_FIELDS,
      { providers: setup.providers, cache },
    );
    assertEquals(fake.requests.length, before);
    assertEquals(again.calls, 0);
    assert(again.cacheHits > 0);
    // Cached answers keep their original date (the offline step derives afresh).
    const looked = (f: typeof result.fields) => Object.entries(f).filter(([, v]) => v.source !== "offline");
    assertEquals(looked(again.fields), looked(result.fields));
  } finally {
    await fake.close();
  }
});

Deno.test("a provider failing (429, 500, malformed, timeout) is skipped with a reason; the next one answers", async () => {
  const fake = await startFakeEnrichment();
  try {
    const setup = setupFor(fake.env(), 200);
    for (const mode of ["429", "500", "malformed", "hang"] as const) {
      fake.modes.hunter = mode;
      const result = await companyWaterfall({ domain: "globex.io" }, COMPANY_FIELDS, { providers: setup.providers });
      assertEquals(result.failures.length, 1, mode);
      assertEquals(result.failures[0].provider, "hunter");
      const kind = { "429": "rate_limited", "500": "unavailable", malformed: "malformed", hang: "timeout" }[mode];
      assertEquals(result.failures[0].kind, kind);
      assertEquals(result.fields.industry?.source, "apollo", mode);
    }
    fake.modes.hunter = "429";
    fake.modes.apollo = "429";
    fake.modes.lookup = "429";
    const down = await companyWaterfall({ domain: "globex.io" }, COMPANY_FIELDS, { providers: setup.providers });
    assertEquals(down.answered, []);
    assertEquals(down.failures.map((f) => f.kind), ["rate_limited", "rate_limited", "rate_limited"]);
    assert(down.failures[0].message.includes("Hunter is limiting our requests"));
  } finally {
    await fake.close();
  }
});

Deno.test("cache-only dry run counts the provider calls a lookup would need", async () => {
  const fake = await startFakeEnrichment();
  try {
    const setup = setupFor(fake.env());
    const dry = await companyWaterfall({ domain: "initech.com" }, COMPANY_FIELDS, {
      providers: setup.providers,
      cache: memoryCache(),
      cacheOnly: true,
    });
    assert(dry.needed > 0);
    assertEquals(fake.requests.length, 0);
  } finally {
    await fake.close();
  }
});

Deno.test("apply: empty columns are filled, typed values stay unless asked, enrichment's own values update", () => {
  const found: FieldSet = {
    title: { value: "CTO", source: "hunter", fetchedAt: T },
    city: { value: "Berlin", source: "apollo", fetchedAt: T },
    phone: { value: "+1 555 0100", source: "apollo", fetchedAt: T },
    seniority: { value: "C-level", source: "apollo", fetchedAt: T },
    company_name: { value: "Acme", source: "offline", fetchedAt: T, guess: true },
  };
  const record = { job_title: "Chief Tinkerer", city: "", phones: [] };
  const plan = planApply("contacts", record, found, {}, false);
  assertEquals(plan.patch, { city: "Berlin", phones: [{ label: "work", value: "+1 555 0100" }] });
  assertEquals(plan.kept, ["title"]);
  assertEquals(plan.stored.title?.applied, false);
  assertEquals(plan.stored.seniority?.applied, false);
  assertEquals(plan.stored.city?.column, "city");
  // Asked to overwrite: the typed title is replaced.
  assertEquals(planApply("contacts", record, found, {}, true).patch.job_title, "CTO");
  // A value enrichment wrote before (unchanged since) is enrichment's own: a newer answer replaces it.
  const later = planApply(
    "contacts",
    { city: "Berlin" },
    { city: { value: "Munich", source: "apollo", fetchedAt: T } },
    {
      city: { value: "Berlin", source: "apollo", fetchedAt: T, applied: true, column: "city" },
    },
    false,
  );
  assertEquals(later.patch, { city: "Munich" });
  // A company size outside the allowed buckets is never written.
  const bad = planApply("companies", {}, { size: { value: "huge", source: "x", fetchedAt: T } }, {}, false);
  assertEquals(bad.patch, {});
});
