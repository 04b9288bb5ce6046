// The RFC 4180 reader and writer behind imports, the column guesses, and row validation.
import { assert, assertEquals } from "../helpers/assert.ts";
import { csvCell, detectSeparator, looksLikeFormula, parseCsv, toCsv } from "../../lib/import/csv.ts";
import { guessMapping, mappingProblem } from "../../lib/import/mapping.ts";
import { RowReader } from "../../lib/import/validate.ts";
import { decodeCsv } from "../../lib/import/job.ts";
import { planBatch } from "../../lib/import/store.ts";

Deno.test("quoted fields keep commas, escaped quotes and line breaks", () => {
  const csv = 'name,notes\r\n"Hopper, Grace","She said ""hi""\r\nand left"\r\nplain,"a\nb"\r\n';
  const parsed = parseCsv(csv);
  assertEquals(parsed.header, ["name", "notes"]);
  assertEquals(parsed.rows, [["Hopper, Grace", 'She said "hi"\r\nand left'], ["plain", "a\nb"]]);
  assertEquals(parsed.rowNumbers, [2, 3], "records, not lines");
});

Deno.test("BOM, CRLF, LF, lone CR, blank lines and a missing last newline", () => {
  assertEquals(parseCsv("\uFEFFa,b\r\n1,2\r\n").header, ["a", "b"]);
  assertEquals(parseCsv("a,b\n1,2\n\n3,4").rows, [["1", "2"], ["3", "4"]]);
  assertEquals(parseCsv("a,b\r1,2\r3,4\r").rows, [["1", "2"], ["3", "4"]]);
  const blanks = parseCsv("a\n\n1\n\n\n2\n");
  assertEquals(blanks.rows, [["1"], ["2"]]);
  assertEquals(blanks.rowNumbers, [3, 6]);
});

Deno.test("ragged rows, empty fields, trailing separators and stray quotes", () => {
  const parsed = parseCsv('a,b,c\n1\n1,2,3,4\n,,\n1,2,\nx"y,"q"z,3\n');
  assertEquals(parsed.rows, [["1"], ["1", "2", "3", "4"], ["", "", ""], ["1", "2", ""], ['x"y', "qz", "3"]]);
  assertEquals(parseCsv('a\n"never closed\n1').rows, [["never closed\n1"]]);
  assertEquals(parseCsv("").header, []);
  assertEquals(parseCsv("only,header").rows, []);
});

Deno.test("semicolons and tabs are detected from the header line", () => {
  assertEquals(detectSeparator("a;b;c\n1,5;2;3"), ";");
  assertEquals(detectSeparator("a\tb\n"), "\t");
  assertEquals(detectSeparator('"x;y",b\n'), ",");
  assertEquals(parseCsv("Name;Email\nGrace;g@x.test\n").rows, [["Grace", "g@x.test"]]);
});

Deno.test("limit stops early for previews", () => {
  const parsed = parseCsv("a\n1\n2\n3\n4\n", { limit: 2 });
  assertEquals(parsed.rows, [["1"], ["2"]]);
  assert(parsed.truncated);
});

Deno.test("writer round-trips and neutralises formulas", () => {
  const rows = [["a,b", 'say "x"', "line\nbreak", "=1+1", "+49 30 1234", "-5", 7, null]];
  const text = toCsv(rows);
  assert(text.startsWith("\uFEFF"));
  assertEquals(parseCsv("h1,h2,h3,h4,h5,h6,h7,h8\r\n" + text.slice(1)).rows[0], [
    "a,b",
    'say "x"',
    "line\nbreak",
    "'=1+1",
    "+49 30 1234",
    "-5",
    "7",
    "",
  ]);
  assertEquals(csvCell("@SUM(A1)"), "'@SUM(A1)");
  assert(looksLikeFormula("=cmd|' /C calc'!A0"));
  assert(looksLikeFormula("+SUM(1)"));
  assert(!looksLikeFormula("+1 (555) 010"));
});

Deno.test("files that are not UTF-8 are read as Windows-1252", () => {
  assertEquals(decodeCsv(new Uint8Array([0x4d, 0xfc, 0x6c, 0x6c, 0x65, 0x72])), "Müller");
  assertEquals(decodeCsv(new TextEncoder().encode("Zoë")), "Zoë");
});

Deno.test("column names are guessed, each field taken once", () => {
  const guess = guessMapping("contacts", [
    "First Name",
    "Last Name",
    "E-mail",
    "Company",
    "Company Domain",
    "Mobile Phone",
    "Notes",
    "Email",
  ]);
  assertEquals(guess.map((m) => m.target), [
    "first_name",
    "last_name",
    "email",
    "company_name",
    "company_domain",
    "mobile",
    null,
    null,
  ]);
  assertEquals(guessMapping("contacts", ["Name", "Email Address"]).map((m) => m.target), ["full_name", "email"]);
  assertEquals(guessMapping("companies", ["Company", "Website", "Employees"]).map((m) => m.target), [
    "name",
    "website",
    "size",
  ]);
  assertEquals(
    mappingProblem("companies", [{ column: "x", target: "city" }]),
    "Choose the column that holds the company name.",
  );
  assert(mappingProblem("contacts", [{ column: "a", target: "email" }, { column: "b", target: "email" }]));
  assertEquals(
    mappingProblem("contacts", [{ column: "a", target: "tags" }, { column: "b", target: "tags" }, {
      column: "c",
      target: "email",
    }]),
    null,
  );
});

Deno.test("rows are validated with the contacts schema and name their column", () => {
  const reader = new RowReader("contacts", guessMapping("contacts", ["Name", "E-mail", "Lead Score", "Company"]));
  const ok = reader.read(["Grace Hopper", " GRACE@Navy.test ", "80", "Navy"], 2);
  assert(ok.ok);
  assertEquals(ok.record.first_name, "Grace");
  assertEquals(ok.record.email, "grace@navy.test");
  assertEquals(ok.key, "grace@navy.test");
  assertEquals(ok.company, { name: "Navy", domain: null });
  const bad = reader.read(["", "x", "lots", ""], 9);
  assert(!bad.ok);
  assertEquals(bad.errors.map((e) => [e.row, e.column]), [[9, "Lead Score"]]);
  const badEmail = reader.read(["", "x", "", ""], 10);
  assert(!badEmail.ok);
  assertEquals(badEmail.errors[0].column, "E-mail");
  const score = reader.read(["A", "", "120", ""], 11);
  assert(!score.ok);
  assertEquals(score.errors[0].message, "Lead score is 0 to 100.");
});

Deno.test("a batch plan skips, updates and merges repeated keys", () => {
  const rows = [
    { index: 0, record: { first_name: "A" }, key: "a@x.test" },
    { index: 1, record: { first_name: "B" }, key: "b@x.test" },
    { index: 2, record: { first_name: "B2", city: "Oslo" }, key: "b@x.test" },
    { index: 3, record: { first_name: "N" }, key: null },
  ];
  const existing = new Map([["a@x.test", "id-a"]]);
  const skip = planBatch(rows, existing, "skip");
  assertEquals([skip.inserts.length, skip.skipped, skip.updates.size], [2, 2, 0]);
  const update = planBatch(rows, existing, "update");
  assertEquals([update.inserts.length, update.merged, update.updates.get("id-a")?.record], [2, 1, { first_name: "A" }]);
  assertEquals(update.inserts[0].record, { first_name: "B2", city: "Oslo" });
  assertEquals(planBatch(rows, existing, "create").inserts.length, 4);
});
