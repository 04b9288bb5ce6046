// The per-team storage quota: a full workspace gets a 413 that says how full it is, concurrent uploads
// never go past the quota together, new versions count, a refused upload leaves no bytes, deleted files
// count until the scheduled purge removes them, and what is on disk never exceeds the quota.
import { assert, assertEquals, assertMatch, assertRejects } from "../helpers/assert.ts";
import { freshDb } from "../helpers/template.ts";
import { type Person, twoTeams } from "../helpers/fixtures.ts";
import { startTestServer } from "../helpers/server.ts";
import { ApiClient } from "../helpers/api-client.ts";
import { otherTeamMember, teamIdOf } from "./realtime_helpers.ts";
import { blobsOnDisk, bytesOf, bytesOnDisk, newDeal, setQuota, text, upload } from "./files_helpers.ts";
import { dirname, join } from "node:path";
import { runFilePurge } from "../../lib/files/jobs.ts";

/** `minutes` from now: the purge acts on files deleted more than an hour before its `now`. */
const later = (minutes: number) => new Date(Date.now() + minutes * 60_000);

const server = await startTestServer({ seed: true });
Deno.test.afterAll?.(() => server.close());
const KB = 1024;

Deno.test("a full workspace: 413 with “This workspace has used 1 GB of 1 GB…”, nothing stored", async () => {
  const owner = await otherTeamMember(server, "full@quota.test");
  const team = await teamIdOf(server, "full@quota.test");
  await setQuota(server.db, team, 1024 ** 3, 1024 ** 3);
  const res = await upload(owner, text("hello"), { name: "tiny.txt" });
  assertEquals(res.status, 413);
  assertEquals(res.json.error.code, "storage_quota_exceeded");
  assertEquals(
    res.json.error.message,
    "This workspace has used 1 GB of 1 GB of storage, so “tiny.txt” (5 bytes) does not fit. " +
      "Delete files you no longer need, or ask an owner for more space.",
  );
  assertEquals(await blobsOnDisk(server.services.config.dataDir, team), 0);
  const usage = await owner.get("/api/v1/files/usage");
  assertEquals(usage.json.data.message, "This workspace has used 1 GB of 1 GB of storage.");
});

Deno.test("concurrent uploads never exceed the quota together", async () => {
  const owner = await otherTeamMember(server, "race@quota.test");
  const team = await teamIdOf(server, "race@quota.test");
  await setQuota(server.db, team, 100 * KB);
  // each fits alone (the early check passes for all), only three fit together
  const results = await Promise.all(
    Array.from({ length: 6 }, (_, i) => upload(owner, bytesOf(30 * KB, 0x61 + i), { name: `part-${i}.txt` })),
  );
  const statuses = results.map((r) => r.status).sort();
  assertEquals(statuses, [201, 201, 201, 413, 413, 413]);
  for (const refused of results.filter((r) => r.status === 413)) {
    assertMatch(
      refused.json.error.message,
      /^This workspace has used (60|90) KB of 100 KB of storage, so “part-\d\.txt” \(30 KB\) does not fit\./,
    );
  }
  const [row] = await server.db.asService("test:quota", (tx) =>
    tx.query<{ used: number; files: number }>(
      `select (select used_bytes from public.team_storage where team_id = $1)::float8 as used,
              (select count(*) from public.files where team_id = $1)::int as files`,
      [team],
    ));
  assertEquals(Number(row.used), 90 * KB);
  assertEquals(row.files, 3);
  // the refused uploads' bytes were removed again
  assertEquals(await blobsOnDisk(server.services.config.dataDir, team), 3);
});

Deno.test("new versions count; a deleted file counts until it is purged; then its space is free", async () => {
  const owner = await otherTeamMember(server, "versions@quota.test");
  const team = await teamIdOf(server, "versions@quota.test");
  const dataDir = server.services.config.dataDir;
  await setQuota(server.db, team, 100 * KB);
  const first = await upload(owner, bytesOf(40 * KB), { name: "plan.txt" });
  assertEquals(first.status, 201);
  const v2 = await upload(
    owner,
    bytesOf(40 * KB, 0x62),
    { name: "plan.txt" },
    `/api/v1/files/${first.json.id}/versions`,
  );
  assertEquals(v2.status, 201);
  const v3 = await upload(
    owner,
    bytesOf(40 * KB, 0x63),
    { name: "plan.txt" },
    `/api/v1/files/${first.json.id}/versions`,
  );
  assertEquals(v3.status, 413);
  assertMatch(
    v3.json.error.message,
    /^This workspace has used 80 KB of 100 KB of storage, so this new version of “plan.txt” \(40 KB\)/,
  );
  assertEquals((await owner.get(`/api/v1/files/${first.json.id}/versions`)).json.data.length, 2);

  // deleting hides the file, but storage still holds both versions: they count until the purge
  assertEquals((await owner.delete(`/api/v1/files/${first.json.id}`)).status, 200);
  assertEquals((await owner.get("/api/v1/files/usage")).json.data.used_bytes, 80 * KB);
  assertEquals(await bytesOnDisk(dataDir, team), 80 * KB);
  const refused = await upload(owner, bytesOf(70 * KB), { name: "big.txt" });
  assertEquals(refused.status, 413);
  assertEquals(
    refused.json.error.message,
    "This workspace has used 80 KB of 100 KB of storage, so “big.txt” (70 KB) does not fit. 80 KB of that is " +
      "deleted files, freed when they are removed for good (within an hour of deleting). " +
      "Delete files you no longer need, or ask an owner for more space.",
  );
  // undo needs no room: the bytes never stopped counting
  assertEquals((await owner.post(`/api/v1/files/${first.json.id}/restore`)).status, 200);
  assertEquals((await owner.delete(`/api/v1/files/${first.json.id}`)).status, 200);

  // the purge an hour later removes the bytes and gives the space back; the file is gone for good
  assertEquals(await runFilePurge(server.db, await server.services.storage, { now: later(10) }), {
    files: 0,
    drafts: 0,
    imports: 0,
    objects: 0,
    bytes: 0,
  });
  const purged = await runFilePurge(server.db, await server.services.storage, { now: later(61) });
  assertEquals(purged, { files: 1, drafts: 0, imports: 0, objects: 2, bytes: 80 * KB });
  assertEquals((await owner.get("/api/v1/files/usage")).json.data.used_bytes, 0);
  assertEquals(await bytesOnDisk(dataDir, team), 0);
  assertEquals((await owner.post(`/api/v1/files/${first.json.id}/restore`)).status, 404);
  assertEquals((await upload(owner, bytesOf(70 * KB), { name: "big.txt" })).status, 201);
});

Deno.test("upload and delete, round after round: disk use and the quota agree and the disk never exceeds it", async () => {
  const owner = await otherTeamMember(server, "rounds@quota.test");
  const team = await teamIdOf(server, "rounds@quota.test");
  const dataDir = server.services.config.dataDir;
  const storage = await server.services.storage;
  await setQuota(server.db, team, 100 * KB);
  const used = async () => (await owner.get("/api/v1/files/usage")).json.data.used_bytes as number;
  for (let round = 1; round <= 3; round++) {
    const file = await upload(owner, bytesOf(60 * KB, 0x60 + round), { name: `round-${round}.bin` });
    assertEquals(file.status, 201, `round ${round}`);
    assertEquals((await owner.delete(`/api/v1/files/${file.json.id}`)).status, 200);
    // until the purge, another 60 KB does not fit: storage holds the deleted file's bytes
    assertEquals((await upload(owner, bytesOf(60 * KB), { name: "meanwhile.bin" })).status, 413);
    assertEquals(await used(), 60 * KB);
    assertEquals(await bytesOnDisk(dataDir, team), 60 * KB);
    await runFilePurge(server.db, storage, { now: later(61) });
    assertEquals(await used(), 0, `round ${round}: the quota is free again`);
    assertEquals(await bytesOnDisk(dataDir, team), 0, `round ${round}: and so is the disk`);
  }
  // concurrent uploads reserve their size before writing: the disk never holds more than the quota
  let maxOnDisk = 0;
  let sampling = true;
  const sampler = (async () => {
    while (sampling) {
      maxOnDisk = Math.max(maxOnDisk, await bytesOnDisk(dataDir, team));
      await new Promise((resolve) => setTimeout(resolve, 1));
    }
  })();
  const results = await Promise.all(
    Array.from({ length: 8 }, (_, i) => upload(owner, bytesOf(30 * KB, 0x41 + i), { name: `burst-${i}.bin` })),
  );
  sampling = false;
  await sampler;
  assertEquals(results.filter((r) => r.status === 201).length, 3);
  assert(maxOnDisk <= 100 * KB, `at most the quota on disk at any moment (saw ${maxOnDisk} bytes)`);
  assertEquals(await bytesOnDisk(dataDir, team), 90 * KB);
  assertEquals(await used(), 90 * KB);
});

Deno.test("an upload whose process died after reserving space: the purge removes its bytes and gives the space back", async () => {
  const owner = await otherTeamMember(server, "crashed@quota.test");
  const team = await teamIdOf(server, "crashed@quota.test");
  const dataDir = server.services.config.dataDir;
  await setQuota(server.db, team, 100 * KB);
  // what a kill between writing the bytes and recording the file leaves: a reservation, the object, and a
  // half-written temporary file of a second attempt
  const key = `teams/${team}/${crypto.randomUUID()}/${crypto.randomUUID()}`;
  await server.db.asService(
    "test:quota",
    (tx) => tx.query("select app.reserve_storage($1, $2, $3)", [team, key, 50 * KB]),
  );
  const path = join(dataDir, "files", ...key.split("/"));
  await Deno.mkdir(dirname(path), { recursive: true });
  await Deno.writeFile(path, bytesOf(50 * KB));
  await Deno.writeFile(`${path}.${crypto.randomUUID()}.part`, bytesOf(10 * KB));
  assertEquals((await owner.get("/api/v1/files/usage")).json.data.used_bytes, 50 * KB);
  assertEquals((await upload(owner, bytesOf(60 * KB), { name: "next.bin" })).status, 413);

  const storage = await server.services.storage;
  // a reservation younger than the grace may still be an upload in progress: left alone
  assertEquals((await runFilePurge(server.db, storage)).objects, 0);
  assertEquals(await bytesOnDisk(dataDir, team), 60 * KB);
  const result = await runFilePurge(server.db, storage, { now: later(61), uploadGraceMs: 0 });
  assertEquals(result, { files: 0, drafts: 0, imports: 0, objects: 1, bytes: 50 * KB });
  assertEquals(await bytesOnDisk(dataDir, team), 0);
  assertEquals((await owner.get("/api/v1/files/usage")).json.data.used_bytes, 0);
  assertEquals((await upload(owner, bytesOf(60 * KB), { name: "next.bin" })).status, 201);
});

Deno.test("the purge runs on a schedule, and two purges at once remove and give back everything exactly once", async () => {
  const owner = await otherTeamMember(server, "twice@quota.test");
  const team = await teamIdOf(server, "twice@quota.test");
  const dataDir = server.services.config.dataDir;
  await setQuota(server.db, team, 1000 * KB);
  const ids: string[] = [];
  for (let i = 0; i < 6; i++) {
    const file = await upload(owner, bytesOf(20 * KB, 0x50 + i), { name: `twice-${i}.bin` });
    ids.push(file.json.id);
    await owner.delete(`/api/v1/files/${file.json.id}`);
  }
  const storage = await server.services.storage;
  const [a, b] = await Promise.all([
    runFilePurge(server.db, storage, { now: later(61) }),
    runFilePurge(server.db, storage, { now: later(61) }),
  ]);
  assertEquals(a.files + b.files, 6);
  assertEquals(a.bytes + b.bytes, 6 * 20 * KB);
  assertEquals((await owner.get("/api/v1/files/usage")).json.data.used_bytes, 0);
  assertEquals(await bytesOnDisk(dataDir, team), 0);

  // the pass the queue's files-purge job runs: a file deleted longer ago than purgeAfterMs goes
  const file = await upload(owner, bytesOf(20 * KB), { name: "scheduled.bin" });
  await owner.delete(`/api/v1/files/${file.json.id}`);
  await runFilePurge(server.db, storage, { purgeAfterMs: 0 });
  assertEquals(await bytesOnDisk(dataDir, team), 0);
  assertEquals((await owner.get("/api/v1/files/usage")).json.data.used_bytes, 0);
});

Deno.test("quotas are per team: one full team does not stop another", async () => {
  const owner = await otherTeamMember(server, "isolated@quota.test");
  const team = await teamIdOf(server, "isolated@quota.test");
  await setQuota(server.db, team, 10, 10);
  assertEquals((await upload(owner, text("x"), { name: "x.txt" })).status, 413);
  const alice = await ApiClient.signIn(server.url, "alice@acme.test");
  const deal = await newDeal(alice);
  const res = await upload(alice, text("fine"), { name: "fine.txt", fields: { target_type: "deal", target_id: deal } });
  assertEquals(res.status, 201);
  assert(res.json.data.size === 4);
});

Deno.test("reservations in the database: only the team's writers reserve and release; nobody reads them directly", async () => {
  const db = await freshDb();
  try {
    const t = await twoTeams(db);
    const call = (who: Person, sql: string, params: unknown[]) => db.asUser(who.claims, (tx) => tx.query(sql, params));
    const key = `teams/${t.teamA}/${crypto.randomUUID()}/${crypto.randomUUID()}`;
    await call(t.rep, "select app.reserve_storage($1, $2, $3)", [t.teamA, key, 10]);
    for (const who of [t.viewer, t.outsider]) {
      const refused = await assertRejects(() =>
        call(who, "select app.reserve_storage($1, $2, $3)", [t.teamA, `teams/${t.teamA}/x/y`, 10])
      );
      assertEquals((refused as { status?: number }).status, 403);
    }
    // a key of another team's folder is refused
    await assertRejects(() =>
      call(t.rep, "select app.reserve_storage($1, $2, $3)", [t.teamA, `teams/${t.teamB}/x/y`, 1])
    );
    // the table itself is closed to everyone but the functions and system jobs
    assertEquals(await call(t.owner, "select * from public.storage_pending", []), []);
    await assertRejects(() =>
      call(
        t.owner,
        "insert into public.storage_pending (storage_key, team_id, size, reason) values ($1, $2, 1, 'upload')",
        [
          `teams/${t.teamA}/a/b`,
          t.teamA,
        ],
      )
    );
    const release = async (who: Person) =>
      ((await call(who, "select app.release_storage($1) as released", [key]))[0] as { released: boolean }).released;
    assertEquals(await release(t.outsider), false);
    assertEquals(await release(t.rep), true);
    assertEquals(await release(t.rep), false, "released once only");
    const [usage] = await db.asService(
      "test:quota",
      (tx) =>
        tx.query<{ used: number }>("select used_bytes::float8 as used from public.team_storage where team_id = $1", [
          t.teamA,
        ]),
    );
    assertEquals(Number(usage.used), 0);
  } finally {
    await db.close();
  }
});

/** Moves a file's draft clock back: attached to nothing since `hours` ago. */
async function draftSince(fileId: string, hours: number) {
  await server.db.asService(
    "test:drafts",
    (tx) =>
      tx.query("update public.file_drafts set since = now() - make_interval(hours => $2) where file_id = $1", [
        fileId,
        hours,
      ]),
  );
}

Deno.test("chat uploads never sent are removed after a day, bytes and quota; fresh and sent ones stay", async () => {
  const owner = await otherTeamMember(server, "drafts@quota.test");
  const team = await teamIdOf(server, "drafts@quota.test");
  const dataDir = server.services.config.dataDir;
  const storage = await server.services.storage;
  const used = async () => (await owner.get("/api/v1/files/usage")).json.data.used_bytes as number;
  const channel = await owner.post("/api/v1/channels", { name: "drafts", type: "public" });
  assertEquals(channel.status, 201, JSON.stringify(channel.json));

  const abandoned = await upload(owner, bytesOf(10 * KB, 0x41), { name: "abandoned.png" });
  const sent = await upload(owner, bytesOf(20 * KB, 0x42), { name: "sent.png" });
  await draftSince(abandoned.json.id, 25);
  await draftSince(sent.json.id, 25);
  const fresh = await upload(owner, bytesOf(30 * KB, 0x43), { name: "fresh.png" });
  // sent a day after it was uploaded: attached to its message, no longer a draft
  const message = await owner.post(`/api/v1/channels/${channel.json.data.id}/messages`, {
    client_id: crypto.randomUUID(),
    body: `[sent.png](${sent.json.data.url})`,
  });
  assertEquals(message.status, 201, JSON.stringify(message.json));
  assertEquals(await used(), 60 * KB);
  assertEquals(await blobsOnDisk(dataDir, team), 3);

  const result = await runFilePurge(server.db, storage);
  assert(result.drafts >= 1 && result.bytes >= 10 * KB, JSON.stringify(result));
  assertEquals((await owner.get(`/api/v1/files/${abandoned.json.id}`)).status, 404);
  assertEquals((await owner.get(`/api/v1/files/${sent.json.id}`)).status, 200);
  assertEquals((await owner.get(`/api/v1/files/${fresh.json.id}`)).status, 200);
  assertEquals(await used(), 50 * KB, "the abandoned upload's space is free");
  assertEquals(await bytesOnDisk(dataDir, team), 50 * KB, "and its bytes are gone");

  // again: nothing more to do, nothing given back twice
  await runFilePurge(server.db, storage);
  assertEquals(await used(), 50 * KB);
  assertEquals(await blobsOnDisk(dataDir, team), 2);

  // the clock is in the database: a job started later (as after a restart) finds what is due
  await draftSince(fresh.json.id, 25);
  const pass = await runFilePurge(server.db, storage);
  assert(pass.drafts >= 1, JSON.stringify(pass));
  assertEquals((await owner.get(`/api/v1/files/${fresh.json.id}`)).status, 404);
  assertEquals(await used(), 20 * KB);
  assertEquals(await bytesOnDisk(dataDir, team), 20 * KB);
});

Deno.test("a message deleted takes its attachments with it: they become drafts and go after the grace", async () => {
  const owner = await otherTeamMember(server, "unsent@quota.test");
  const team = await teamIdOf(server, "unsent@quota.test");
  const channel = await owner.post("/api/v1/channels", { name: "oops", type: "public" });
  const file = await upload(owner, bytesOf(5 * KB), { name: "oops.txt" });
  const message = await owner.post(`/api/v1/channels/${channel.json.data.id}/messages`, {
    client_id: crypto.randomUUID(),
    body: `[oops.txt](${file.json.data.url})`,
  });
  assertEquals((await owner.get(`/api/v1/files/${file.json.id}`)).json.data.links.length, 1);
  assertEquals((await owner.delete(`/api/v1/messages/${message.json.data.id}`)).status, 200);
  assertEquals((await owner.get(`/api/v1/files/${file.json.id}`)).json.data.links, []);
  await draftSince(file.json.id, 25);
  await runFilePurge(server.db, await server.services.storage);
  assertEquals((await owner.get(`/api/v1/files/${file.json.id}`)).status, 404);
  assertEquals(await blobsOnDisk(server.services.config.dataDir, team), 0);
});

Deno.test("an import created and uploaded but never started loses its file after the grace, once", async () => {
  const owner = await otherTeamMember(server, "imports@quota.test");
  const csv = new TextEncoder().encode("name,email\nAda,ada@example.com\n");
  const created = await owner.post("/api/v1/imports", {
    resource: "contacts",
    filename: "people.csv",
    size: csv.length,
  });
  assertEquals(created.status, 201, JSON.stringify(created.json));
  const id = created.json.data.id;
  const put = await fetch(`${owner.base}/api/v1/imports/${id}/parts/0`, {
    method: "PUT",
    headers: { authorization: `Bearer ${owner.token}`, "content-type": "application/octet-stream" },
    body: csv,
  });
  assertEquals(put.status, 200);
  await put.body?.cancel();
  const parts = async () => {
    const [row] = await server.db.asService(
      "test:imports",
      (tx) => tx.query<{ n: number }>("select count(*)::int as n from public.import_job_parts where job_id = $1", [id]),
    );
    return row.n;
  };
  const storage = await server.services.storage;

  // within the grace: kept
  assertEquals((await runFilePurge(server.db, storage)).imports, 0);
  assertEquals(await parts(), 1);
  assertEquals((await owner.get(`/api/v1/imports/${id}`)).json.data.status, "pending");

  // past it (a grace of 0 here): the file goes, the import says why
  const result = await runFilePurge(server.db, storage, { importGraceMs: 0 });
  assertEquals(result.imports, 1);
  assertEquals(await parts(), 0);
  const job = (await owner.get(`/api/v1/imports/${id}`)).json.data;
  assertEquals(job.status, "failed");
  assertMatch(job.message, /never started, so its uploaded file was removed/);
  assertEquals((await runFilePurge(server.db, storage, { importGraceMs: 0 })).imports, 0, "once only");
  const late = await fetch(`${owner.base}/api/v1/imports/${id}/parts/0`, {
    method: "PUT",
    headers: { authorization: `Bearer ${owner.token}`, "content-type": "application/octet-stream" },
    body: csv,
  });
  assertEquals(late.status, 409);
  await late.body?.cancel();
});
