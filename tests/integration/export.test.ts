// /contacts/export and /companies/export: every matching record (across pages), the visible columns,
// CSV and XLSX (read back with exceljs), and spreadsheet formulas neutralised.
import ExcelJS from "exceljs";
import { assert, assertEquals, assertMatch } from "../helpers/assert.ts";
import { startTestServer } from "../helpers/server.ts";
import { ApiClient } from "../helpers/api-client.ts";
import { WebClient } from "../helpers/web-client.ts";
import { csvField, neutraliseFormula } from "../../lib/list/export.ts";

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
