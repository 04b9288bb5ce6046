// /contacts/export and /companies/export: every matching record (across pages), the visible columns,
// CSV and XLSX (read back with exceljs), and spreadsheet formulas neutralised; "all fields" exports import
// again through the import API into another team as the same records.
import ExcelJS from "exceljs";
import { assert, assertEquals, assertMatch } from "../helpers/assert.ts";
import { startTestServer } from "../helpers/server.ts";
import { ApiClient } from "../helpers/api-client.ts";
import { WebClient } from "../helpers/web-client.ts";
import { csvField, neutraliseFormula } from "../../lib/list/export.ts";
import { createPerson, createTeamWith } from "../helpers/fixtures.ts";
import { hashPassword } from "../../lib/auth/crypto.ts";
import { whenFinished } from "../../lib/import/job.ts";
import { guessMapping } from "../../lib/import/mapping.ts";
import { parseCsv as importerCsv } from "../../lib/import/csv.ts";

const server = await startTestServer({ seed: true });
Deno.test.afterAll?.(() => server.close());
const alice = await ApiClient.signIn(server.url, "alice@acme.test");
const web = new WebClient(server.url);
await web.login("alice@acme.test");

/** A download as the signed-in browser gets it. */
async function download(path: string) {
  const cookie = [...web.cookies].map(([k, v]) => `${k}=${v}`).join("; ");
  return await fetch(new URL(path, server.url), { headers: { cookie } });
}

/** Minimal RFC 4180 reader, enough for the files under test. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = "";
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') field += text[++i];
      else if (ch === '"') quoted = false;
      else field += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ",") row.push(field), field = "";
    else if (ch === "\r" && text[i + 1] === "\n") {
      row.push(field), rows.push(row), row = [], field = "", i++;
    } else field += ch;
  }
  if (field || row.length) row.push(field), rows.push(row);
  return rows;
}

const EVIL = {
  first_name: '=HYPERLINK("http://evil.test","click")',
  last_name: "Mallory",
  job_title: '+1 Sales, "Chief"',
  city: "@SUM(A1:A9)",
  lead_source: "-2+3",
  industry: "Exportia",
  tags: ["=cmd|' /C calc'!A0", "safe"],
  lead_score: 42,
};

// 230 plain contacts plus one with formulas: more than one 200-row export page.
const created: string[] = [];
for (let batch = 0; batch < 23; batch++) {
  const results = await Promise.all(Array.from({ length: 10 }, (_, i) =>
    alice.post("/api/v1/contacts", {
      first_name: "Plain",
      last_name: `Person ${String(batch * 10 + i).padStart(3, "0")}`,
      email: `plain${batch * 10 + i}@export.test`,
      industry: "Exportia",
      lead_score: (batch * 10 + i) % 100,
    })));
  for (const r of results) created.push(r.json.data.id);
}
await alice.post("/api/v1/contacts", EVIL);
await alice.post("/api/v1/contacts", { first_name: "Other", last_name: "Industry", industry: "Elsewhere" });

Deno.test("neutraliseFormula and csvField", () => {
  for (const text of ["=1+1", "+1", "-1", "@A1", "\tx", "\rx"]) assertEquals(neutraliseFormula(text), `'${text}`);
  assertEquals(neutraliseFormula("Ada"), "Ada");
  assertEquals(neutraliseFormula("a=b"), "a=b");
  assertEquals(csvField("a,b"), '"a,b"');
  assertEquals(csvField('say "hi"'), '"say ""hi"""');
  assertEquals(csvField(-5), "-5", "numbers are numbers, not formulas");
  assertEquals(csvField(null), "");
});

Deno.test("CSV: all matching rows over several pages, visible columns, formulas neutralised", async () => {
  const res = await download(
    "/contacts/export?format=csv&industry=Exportia&columns=email,job_title,city,tags,lead_score",
  );
  assertEquals(res.status, 200);
  assertMatch(res.headers.get("content-type")!, /^text\/csv/);
  const today = new Date().toISOString().slice(0, 10);
  assertEquals(res.headers.get("content-disposition"), `attachment; filename="contacts-${today}.csv"`);
  const text = (await res.text()).replace(/^\uFEFF/, "");
  const rows = parseCsv(text);
  assertEquals(rows[0], ["Name", "Email", "Job title", "City", "Score", "Tags"]);
  assertEquals(rows.length, 1 + 231, "header + every Exportia contact, not only the first page");
  assert(!rows.some((r) => r[0] === "Other Industry"), "the filter applies");
  const evil = rows.find((r) => r[0].includes("Mallory"))!;
  assertEquals(evil[0], `'${EVIL.first_name} Mallory`);
  assertEquals(evil[2], `'${EVIL.job_title}`);
  assertEquals(evil[3], `'${EVIL.city}`);
  assertEquals(evil[4], "42");
  assertEquals(evil[5], `'${EVIL.tags.join(", ")}`);
  for (const row of rows) {
    for (const cell of row) assert(!/^[=+\-@\t\r]/.test(cell), `no cell starts like a formula: ${cell}`);
  }
});

Deno.test("XLSX: readable by exceljs, same rows, numbers stay numbers, formulas are text", async () => {
  const res = await download("/contacts/export?format=xlsx&industry=Exportia&sort=last_name");
  assertEquals(res.status, 200);
  assertEquals(res.headers.get("content-type"), "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
  assertMatch(res.headers.get("content-disposition")!, /^attachment; filename="contacts-\d{4}-\d{2}-\d{2}\.xlsx"$/);
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(await res.arrayBuffer());
  const sheet = workbook.worksheets[0];
  assertEquals(sheet.rowCount, 1 + 231);
  const header = (sheet.getRow(1).values as unknown[]).slice(1);
  assertEquals(header, ["Name", "Email", "Industry", "City", "Score", "Tags", "Owner", "Created"]);
  const rows = [];
  for (let i = 2; i <= sheet.rowCount; i++) rows.push((sheet.getRow(i).values as unknown[]).slice(1));
  const evil = rows.find((r) => String(r[0]).includes("Mallory"))!;
  assertEquals(evil[0], `'${EVIL.first_name} Mallory`);
  assertEquals(evil[3], `'${EVIL.city}`);
  assertEquals(evil[4], 42);
  assertEquals(evil[6], "Alice Martin");
  for (const row of rows) {
    for (const cell of row) {
      assert(typeof cell !== "object" || cell === null, `plain values only, no formulas: ${JSON.stringify(cell)}`);
    }
  }
  // Sorted by last name as asked: "Mallory" comes before every "Person ...".
  assert(String(rows[0][0]).endsWith("Mallory"));
});

Deno.test("companies export and bad requests", async () => {
  await alice.post("/api/v1/companies", { name: "@Risky Corp", industry: "Exportia", size: "11-50" });
  const res = await download("/companies/export?format=csv&industry=Exportia");
  assertEquals(res.status, 200);
  assertMatch(res.headers.get("content-disposition")!, /filename="companies-\d{4}-\d{2}-\d{2}\.csv"/);
  const rows = parseCsv((await res.text()).replace(/^\uFEFF/, ""));
  assertEquals(rows.length, 2);
  assertEquals(rows[1][0], "'@Risky Corp");
  assertEquals(rows[1][3], "11-50");

  assertEquals((await download("/contacts/export?format=pdf")).status, 422);
  const badFilter = await download("/contacts/export?format=csv&lead_score_min=lots");
  assertEquals(badFilter.status, 422);
  await badFilter.body?.cancel();
  const anonymous = await fetch(`${server.url}/contacts/export?format=csv`, { redirect: "manual" });
  assert(anonymous.status === 303 || anonymous.status === 302 || anonymous.status === 401, "visitors are sent away");
  await anonymous.body?.cancel();
});

/** A person with a password in a brand-new team of their own, signed in to the API. */
async function freshTeamOwner(email: string) {
  const person = await createPerson(server.db, email);
  await server.db.asService(
    "test:fixtures",
    async (tx) =>
      tx.query("update auth.users set encrypted_password = $1 where id = $2", [
        await hashPassword("leadly-demo"),
        person.id,
      ]),
  );
  await createTeamWith(server.db, `Fresh ${email}`, [[person, "owner"]]);
  return await ApiClient.signIn(server.url, email);
}

/** The CSV through /api/v1/imports as the wizard sends it: parts, the guessed mapping, start, wait. */
async function importCsv(api: ApiClient, csv: string) {
  const bytes = new TextEncoder().encode(csv);
  const created = await api.post("/api/v1/imports", {
    resource: "contacts",
    filename: "export.csv",
    size: bytes.length,
  });
  assertEquals(created.status, 201, JSON.stringify(created.json));
  const id = created.json.data.id as string;
  const put = await fetch(`${server.url}/api/v1/imports/${id}/parts/0`, {
    method: "PUT",
    headers: { authorization: `Bearer ${api.token}`, "content-type": "application/octet-stream" },
    body: bytes,
  });
  assertEquals(put.status, 200, await put.text());
  const mapping = guessMapping("contacts", importerCsv(csv).header);
  const started = await api.post(`/api/v1/imports/${id}/start`, { mapping, duplicates: "skip" });
  assertEquals(started.status, 202, JSON.stringify(started.json));
  await whenFinished(id);
  return { job: (await api.get(`/api/v1/imports/${id}`)).json.data, mapping };
}

/** What makes two contacts "the same record" across teams (ids, owners and times differ). */
function comparable(contact: Record<string, unknown>, companyName: string | null) {
  const keys = [
    "first_name",
    "last_name",
    "email",
    "phones",
    "job_title",
    "industry",
    "city",
    "country",
    "website",
    "linkedin_url",
    "lead_source",
    "lead_score",
    "tags",
  ];
  return { ...Object.fromEntries(keys.map((k) => [k, contact[k]])), company: companyName } as Record<string, unknown>;
}

Deno.test("all fields: a contacts export imports into a fresh team as the same records", async () => {
  const company = (await alice.post("/api/v1/companies", { name: "Roundtrip Works", domain: "roundtrip.test" }))
    .json.data;
  const originals = [
    {
      first_name: "Rita",
      last_name: "Round",
      email: "rita@roundtrip.test",
      phones: [{ label: "work", value: "+1 555 0100" }, { label: "mobile", value: "+44 7700 900123" }],
      job_title: "Head of Sales, EMEA",
      company_id: company.id,
      industry: "Roundtripia",
      city: "Zürich",
      country: "Switzerland",
      website: "https://roundtrip.test",
      linkedin_url: "https://linkedin.com/in/rita",
      lead_source: "Referral",
      lead_score: 77,
      tags: ["vip", "partner"],
    },
    { first_name: "Tom", last_name: "Trip", email: "tom@roundtrip.test", industry: "Roundtripia", tags: [] },
    {
      first_name: "",
      last_name: 'O\'Neil "Quotes"',
      industry: "Roundtripia",
      phones: [{ label: "work", value: "-1 (800) 12" }],
    },
  ];
  for (const contact of originals) assertEquals((await alice.post("/api/v1/contacts", contact)).status, 201);

  const res = await download("/contacts/export?format=csv&fields=all&industry=Roundtripia&columns=email");
  assertEquals(res.status, 200);
  assertMatch(res.headers.get("content-disposition")!, /filename="contacts-all-fields-\d{4}-\d{2}-\d{2}\.csv"/);
  const csv = await res.text();
  const header = parseCsv(csv.replace(/^\uFEFF/, ""))[0];
  assert(header.includes("Mobile phone") && header.includes("Company domain") && header.includes("LinkedIn URL"));

  const fresh = await freshTeamOwner("roundtrip-owner@fresh.test");
  const { job, mapping } = await importCsv(fresh, csv);
  // Every field the importer knows is mapped by itself; ids, owner and dates are left out.
  const mapped = Object.fromEntries(mapping.map((m) => [m.column, m.target]));
  assertEquals(mapped, {
    "ID": null,
    "First name": "first_name",
    "Last name": "last_name",
    "Email": "email",
    "Other emails": null,
    "Phone": "phone",
    "Mobile phone": "mobile",
    "Other phones": null,
    "Job title": "job_title",
    "Company": "company_name",
    "Company domain": "company_domain",
    "Industry": "industry",
    "City": "city",
    "Country": "country",
    "Website": "website",
    "LinkedIn URL": "linkedin_url",
    "Lead source": "lead_source",
    "Lead score": "lead_score",
    "Tags": "tags",
    "Owner": null,
    "Created": null,
    "Updated": null,
  });
  assertEquals([job.status, job.created_rows, job.error_rows], ["done", 3, 0], JSON.stringify(job.errors));

  const names = async (api: ApiClient) => {
    const companies = (await api.get("/api/v1/companies?limit=200")).json.data as { id: string; name: string }[];
    return new Map(companies.map((c) => [c.id, c.name]));
  };
  const records = async (api: ApiClient) => {
    const byId = await names(api);
    const list = (await api.get("/api/v1/contacts?industry=Roundtripia&sort=email&limit=50")).json.data as Record<
      string,
      unknown
    >[];
    return list.map((c) => comparable(c, c.company_id ? byId.get(c.company_id as string) ?? null : null));
  };
  const theirs = await records(fresh);
  assertEquals(theirs.length, 3);
  assertEquals(theirs, await records(alice));
  const rita = theirs.find((c) => c.email === "rita@roundtrip.test")!;
  assertEquals(rita.company, "Roundtrip Works");
  assertEquals(rita.phones, originals[0].phones);
  const companies = (await fresh.get("/api/v1/companies")).json.data;
  assertEquals(companies.map((c: { domain: string }) => c.domain), ["roundtrip.test"]);
});

Deno.test("all fields: leads, deals and companies exports carry every field", async () => {
  for (
    const [path, expected] of [
      ["/companies/export?format=csv&fields=all", ["ID", "Name", "Domain", "Website", "LinkedIn URL", "Industry"]],
      ["/leads/export?format=csv&fields=all", ["ID", "Business name", "Contact name", "Email", "Phone"]],
      ["/deals/export?format=csv&fields=all", ["ID", "Name", "Pipeline", "Stage", "Value", "Currency"]],
    ] as const
  ) {
    const res = await download(path);
    assertEquals(res.status, 200, path);
    const header = parseCsv((await res.text()).replace(/^\uFEFF/, ""))[0];
    assertEquals(header.slice(0, expected.length), [...expected], path);
    assert(header.includes("Owner") && header.includes("Created") && header.includes("Tags"), path);
  }
  const bad = await download("/contacts/export?format=csv&fields=some");
  assertEquals(bad.status, 422);
  await bad.body?.cancel();
});
