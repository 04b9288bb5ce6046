// The per-team storage quota: a full workspace gets a 413 that says how full it is, concurrent uploads
// never go past the quota together, new versions and restores count, and a refused upload leaves no bytes.
import { assert, assertEquals, assertMatch } from "../helpers/assert.ts";
import { startTestServer } from "../helpers/server.ts";
import { ApiClient } from "../helpers/api-client.ts";
import { otherTeamMember, teamIdOf } from "./realtime_helpers.ts";
import { blobsOnDisk, bytesOf, newDeal, setQuota, text, upload } from "./files_helpers.ts";

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

Deno.test("new versions count; deleting frees space; restoring needs room again", async () => {
  const owner = await otherTeamMember(server, "versions@quota.test");
  const team = await teamIdOf(server, "versions@quota.test");
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

  // deleting the file (both versions) frees 80 KB; another file takes 70 KB of it
  assertEquals((await owner.delete(`/api/v1/files/${first.json.id}`)).status, 200);
  assertEquals((await owner.get("/api/v1/files/usage")).json.data.used_bytes, 0);
  assertEquals((await upload(owner, bytesOf(70 * KB), { name: "big.txt" })).status, 201);
  const restore = await owner.post(`/api/v1/files/${first.json.id}/restore`);
  assertEquals(restore.status, 413);
  assertMatch(
    restore.json.error.message,
    /^This workspace has used 70 KB of 100 KB of storage, so restoring “plan.txt” \(80 KB\) does not fit\./,
  );
  assertEquals((await owner.get(`/api/v1/files/${first.json.id}`)).status, 404);
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
