// /api/v1/imports: a CSV with good and bad rows, duplicate modes, permissions, tenancy, and resuming.
import { assert, assertEquals, assertMatch } from "../helpers/assert.ts";
import { startTestServer } from "../helpers/server.ts";
import { ApiClient } from "../helpers/api-client.ts";
import { createPerson } from "../helpers/fixtures.ts";
import { hashPassword } from "../../lib/auth/crypto.ts";
import { PART_BYTES, resumeImports, whenFinished } from "../../lib/import/job.ts";
import { type ColumnMapping, guessMapping, type ImportResource } from "../../lib/import/mapping.ts";
import { parseCsv } from "../../lib/import/csv.ts";

const server = await startTestServer({ seed: true });
Deno.test.afterAll?.(() => server.close());
const alice = await ApiClient.signIn(server.url, "alice@acme.test");

async function uploadJob(api: ApiClient, resource: ImportResource, csv: string, partBytes = PART_BYTES) {
  const bytes = new TextEncoder().encode(csv);
  const created = await api.post("/api/v1/imports", { resource, filename: "people.csv", size: bytes.length });
  assertEquals(created.status, 201, JSON.stringify(created.json));
  const id = created.json.data.id as string;
  for (let part = 0; part * partBytes < bytes.length; part++) {
    const res = await fetch(`${server.url}/api/v1/imports/${id}/parts/${part}`, {
      method: "PUT",
      headers: { authorization: `Bearer ${api.token}`, "content-type": "application/octet-stream" },
      body: bytes.slice(part * partBytes, (part + 1) * partBytes),
    });
    assertEquals(res.status, 200, await res.clone().text());
    await res.body?.cancel();
  }
  return id;
}

async function runImport(
  api: ApiClient,
  resource: ImportResource,
  csv: string,
  options: { duplicates?: string; mapping?: ColumnMapping[]; partBytes?: number } = {},
) {
  const id = await uploadJob(api, resource, csv, options.partBytes);
  const header = parseCsv(csv).header;
  const started = await api.post(`/api/v1/imports/${id}/start`, {
    mapping: options.mapping ?? guessMapping(resource, header),
    duplicates: options.duplicates ?? "skip",
  });
  assertEquals(started.status, 202, JSON.stringify(started.json));
  await whenFinished(id);
  const job = (await api.get(`/api/v1/imports/${id}`)).json.data;
  return job;
}

async function contactsMatching(q: string) {
  return (await alice.get(`/api/v1/contacts?q=${encodeURIComponent(q)}&limit=200`)).json.data as Record<
    string,
    unknown
  >[];
}

async function signInAs(email: string, teamId: string | null, role: string) {
  const person = await createPerson(server.db, email);
  await server.db.asService("test:fixtures", async (tx) => {
    await tx.query("update auth.users set encrypted_password = $1 where id = $2", [
      await hashPassword("leadly-demo"),
      person.id,
    ]);
    if (teamId) {
      await tx.query("insert into public.team_members (team_id, user_id, role) values ($1, $2, $3)", [
        teamId,
        person.id,
        role,
      ]);
    }
  });
  return person;
}

Deno.test("good rows are imported; bad emails, long fields, missing names and formulas are reported by row", async () => {
  const long = "x".repeat(101);
  const csv = [
    "First Name,Last Name,E-mail,Phone,Company,Job Title,Tags",
    'Grace,Hopper,GRACE@navy.test,+1 555 0100,Navy Labs,"Rear Admiral, retired","vip; pioneer"',
    "Bad,Email,not-an-email,,,,",
    `${long},TooLong,long@navy.test,,,,`,
    ",,,,Navy Labs,Nobody,",
    '=HYPERLINK("http://evil.test"),Formula,formula@navy.test,,,,',
    '"Ada ""Countess""",Lovelace,ada@navy.test,,Navy Labs,"Line one\nline two",',
    "Alan,Turing,alan@navy.test,,Bletchley Park,,",
  ].join("\r\n");
  const job = await runImport(alice, "contacts", csv);
  assertEquals(job.status, "done");
  assertEquals(
    [job.total_rows, job.processed_rows, job.created_rows, job.error_rows, job.skipped_rows],
    [7, 7, 3, 4, 0],
  );
  assertEquals(job.companies_created, 2, "Navy Labs and Bletchley Park, once each");
  const byRow = Object.fromEntries(job.errors.map((e: { row: number }) => [e.row, e]));
  assertEquals(byRow[3].column, "E-mail");
  assertMatch(byRow[3].message, /valid email/);
  assertEquals(byRow[4].column, "First Name");
  assertMatch(byRow[4].message, /at most 100 characters/);
  assertMatch(byRow[5].message, /name or an email/);
  assertEquals(byRow[6].column, "First Name");
  assertMatch(byRow[6].message, /spreadsheet formula/);

  const grace = (await contactsMatching("grace"))[0];
  assertEquals(grace.email, "grace@navy.test");
  assertEquals(grace.phones, [{ label: "work", value: "+1 555 0100" }]);
  assertEquals(grace.tags, ["vip", "pioneer"]);
  assertEquals(grace.job_title, "Rear Admiral, retired");
  const ada = (await contactsMatching("lovelace"))[0];
  assertEquals(ada.first_name, 'Ada "Countess"');
  assertEquals(ada.job_title, "Line one\nline two");
  assertEquals(ada.company_id, grace.company_id, "the same company, found by name");
  // Nothing of the refused rows was written.
  assertEquals(await contactsMatching("tooLong"), []);
  assertEquals(await contactsMatching("formula"), []);
  assertEquals(await contactsMatching("nobody"), []);

  const report = await fetch(`${server.url}/api/v1/imports/${job.id}/report.csv`, {
    headers: { authorization: `Bearer ${alice.token}` },
  });
  assertEquals(report.headers.get("content-type"), "text/csv; charset=utf-8");
  const lines = parseCsv(await report.text());
  assertEquals(lines.header, ["Row", "Column", "Value", "Problem"]);
  assertEquals(lines.rows.map((r) => r[0]), ["3", "4", "5", "6"]);
  assert(lines.rows[3][2].startsWith("'="), "formulas in the report are neutralised");
});

Deno.test("duplicates by email: skip, update or create", async () => {
  await runImport(alice, "contacts", "email,first name,city,tags\nkim@dupes.test,Kim,Oslo,a\n");
  const skip = await runImport(
    alice,
    "contacts",
    "email,first name,city\nKIM@dupes.test,Kimberly,Bergen\nkim@dupes.test,Again,Bergen\nlee@dupes.test,Lee,\n",
  );
  assertEquals([skip.created_rows, skip.skipped_rows, skip.updated_rows], [1, 2, 0]);
  assertEquals((await contactsMatching("kim")).map((c) => c.city), ["Oslo"]);

  const update = await runImport(alice, "contacts", "email,first name,city,tags\nkim@dupes.test,Kimberly,,b\n", {
    duplicates: "update",
  });
  assertEquals([update.created_rows, update.updated_rows], [0, 1]);
  const [kim] = await contactsMatching("kimberly");
  assertEquals([kim.first_name, kim.city, kim.tags], ["Kimberly", "Oslo", ["a", "b"]], "empty cells erase nothing");

  const create = await runImport(alice, "contacts", "email,first name\nkim@dupes.test,Kim Two\n", {
    duplicates: "create",
  });
  assertEquals(create.created_rows, 1);
  const [{ n }] = await server.db.asService(
    "test:count",
    (tx) => tx.query<{ n: number }>("select count(*)::int as n from public.contacts where email like '%@dupes.test'"),
  );
  assertEquals(n, 3);
});

Deno.test("companies import dedupes by domain and validates sizes; a file in many parts", async () => {
  await alice.post("/api/v1/companies", { name: "Existing Co", domain: "existing.test" });
  const csv = "Company Name,Domain,Employees,Revenue\n" +
    'Existing Renamed,EXISTING.test,11 - 50,"1,000,000"\n' +
    "Newco,newco.test,51-200,$2500\n" +
    "Badsize,badsize.test,huge,\n";
  const job = await runImport(alice, "companies", csv, { duplicates: "update", partBytes: 16 });
  assertEquals([job.created_rows, job.updated_rows, job.error_rows], [1, 1, 1]);
  assertEquals(job.errors[0].column, "Employees");
  const existing = (await alice.get("/api/v1/companies?q=existing")).json.data[0];
  assertEquals([existing.name, existing.size, Number(existing.annual_revenue)], ["Existing Renamed", "11-50", 1e6]);
});

Deno.test("bad requests: too large, wrong mapping, starting twice", async () => {
  const big = await alice.post("/api/v1/imports", {
    resource: "contacts",
    filename: "big.csv",
    size: 21 * 1024 * 1024,
  });
  assertEquals(big.status, 413);
  assertMatch(big.json.error.message, /up to 20 MB/);
  const id = await uploadJob(alice, "contacts", "Notes\nhello\n");
  const noFields = await alice.post(`/api/v1/imports/${id}/start`, {
    mapping: [{ column: "Notes", target: null }],
    duplicates: "skip",
  });
  assertEquals(noFields.status, 422);
  const noName = await alice.post(`/api/v1/imports/${id}/start`, {
    mapping: [{ column: "Notes", target: "city" }],
    duplicates: "skip",
  });
  assertMatch(noName.json.error.message, /names or email/);
  const wrongHeader = await alice.post(`/api/v1/imports/${id}/start`, {
    mapping: [{ column: "Other", target: "email" }],
    duplicates: "skip",
  });
  assertMatch(wrongHeader.json.error.message, /do not match/);
  const ok = await alice.post(`/api/v1/imports/${id}/start`, {
    mapping: [{ column: "Notes", target: "first_name" }],
    duplicates: "skip",
  });
  assertEquals(ok.status, 202);
  await whenFinished(id);
  assertEquals((await alice.post(`/api/v1/imports/${id}/start`, { mapping: [], duplicates: "skip" })).status, 422);
  const again = await alice.post(`/api/v1/imports/${id}/start`, {
    mapping: [{ column: "Notes", target: "first_name" }],
    duplicates: "skip",
  });
  assertEquals(again.status, 409);
});

Deno.test("preview shows rows as stored, their problems and duplicates", async () => {
  const header = ["Name", "Email"];
  const res = await alice.post("/api/v1/imports/preview", {
    resource: "contacts",
    mapping: guessMapping("contacts", header),
    rows: [["Grace Brewster Hopper", "grace@navy.test"], ["Someone", "nope"]],
  });
  assertEquals(res.status, 200);
  const { fields, rows } = res.json.data;
  assertEquals(fields.map((f: { key: string }) => f.key), ["first_name", "last_name", "email"]);
  assertEquals(rows[0].values, { first_name: "Grace Brewster", last_name: "Hopper", email: "grace@navy.test" });
  assertEquals(rows[0].duplicate, true);
  assertEquals(rows[1].errors[0].column, "Email");
});

Deno.test("viewers get 403; another workspace gets 404 for the job and its report", async () => {
  const job = await runImport(alice, "contacts", "email\nprivate@secret.test\n");
  const [team] = await server.db.asService(
    "test:team",
    (tx) => tx.query<{ id: string }>("select id from public.teams where name = 'Acme Sales'"),
  );
  assert(team, "the demo team");
  await signInAs("vera@acme.test", team.id, "viewer");
  const vera = await ApiClient.signIn(server.url, "vera@acme.test");
  const denied = await vera.post("/api/v1/imports", { resource: "contacts", filename: "x.csv", size: 10 });
  assertEquals(denied.status, 403);
  assertMatch(denied.json.error.message, /Viewers can't import/);
  assertEquals((await vera.get(`/api/v1/imports/${job.id}`)).status, 200, "members may read the team's imports");
  // RLS says the same without the route's check: a viewer's insert is refused by the database.
  const viaDb = await server.db.asUser({ sub: (await vera.get("/auth/v1/user")).json.id }, (tx) =>
    tx.query(
      "insert into public.import_jobs (team_id, resource, file_size) values ($1, 'contacts', 10) returning id",
      [team.id],
    )).catch((e) => e);
  assertEquals(viaDb.status, 403);

  const outsider = await signInAs("omar@elsewhere.test", null, "owner");
  await server.db.asUser({ sub: outsider.id }, (tx) => tx.query("select app.create_team('Elsewhere')"));
  const omar = await ApiClient.signIn(server.url, "omar@elsewhere.test");
  assertEquals((await omar.get(`/api/v1/imports/${job.id}`)).status, 404);
  assertEquals((await omar.get(`/api/v1/imports/${job.id}/report.csv`)).status, 404);
  assertEquals((await omar.get("/api/v1/imports")).json.data, []);
  assertEquals((await omar.post(`/api/v1/imports/${job.id}/start`, { mapping: [], duplicates: "skip" })).status, 422);
  assertEquals(
    (await omar.post(`/api/v1/imports/${job.id}/start`, {
      mapping: [{ column: "email", target: "email" }],
      duplicates: "skip",
    })).status,
    404,
  );
});

Deno.test("a job left running by a stopped server resumes after its last batch; one without its file fails", async () => {
  const rows = Array.from({ length: 1500 }, (_, i) => `resume${i}@resume.test,Resume${i}`);
  const csv = `email,first name\n${rows.join("\n")}\n`;
  const id = await uploadJob(alice, "contacts", csv);
  const mapping = guessMapping("contacts", ["email", "first name"]);
  // As if the server died after committing the first 1,000 rows: counters and rows agree.
  const first = await runImport(alice, "contacts", `email,first name\n${rows.slice(0, 1000).join("\n")}\n`);
  assertEquals(first.created_rows, 1000);
  await server.db.asService("test:crash", (tx) =>
    tx.query(
      `update public.import_jobs set status = 'running', total_rows = 1500, processed_rows = 1000, created_rows = 1000,
         mapping = $2::jsonb, options = '{"duplicates":"create"}' where id = $1`,
      [id, JSON.stringify(mapping)],
    ));
  const orphan = await uploadJob(alice, "contacts", "email\nlost@resume.test\n");
  await server.db.asService("test:crash", async (tx) => {
    await tx.query(
      `update public.import_jobs set status = 'running', total_rows = 1, mapping = $2::jsonb where id = $1`,
      [orphan, JSON.stringify([{ column: "email", target: "email" }])],
    );
    await tx.query("delete from public.import_job_parts where job_id = $1", [orphan]);
  });

  const resumed = await resumeImports(server.db);
  assertEquals(resumed.sort(), [id, orphan].sort());
  await Promise.all(resumed.map(whenFinished));
  const job = (await alice.get(`/api/v1/imports/${id}`)).json.data;
  assertEquals([job.status, job.processed_rows, job.created_rows], ["done", 1500, 1500]);
  const count = await server.db.asService(
    "test:count",
    (tx) => tx.query<{ n: number }>("select count(*)::int as n from public.contacts where email like '%@resume.test'"),
  );
  assertEquals(count[0].n, 1500, "rows before the crash point were not imported twice");
  const lost = (await alice.get(`/api/v1/imports/${orphan}`)).json.data;
  assertEquals(lost.status, "failed");
  assertMatch(lost.message, /no longer there/);
});
