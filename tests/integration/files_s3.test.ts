// Files in S3-compatible storage: the app configured with S3_ENDPOINT / S3_BUCKET / keys (path style, as
// for MinIO or Supabase Storage) against a fake S3 server. Upload, download, versions, delete and purge,
// a refused upload removing its object again, and a storage outage answered with a readable 503.
import { assert, assertEquals, assertMatch } from "../helpers/assert.ts";
import { startTestServer } from "../helpers/server.ts";
import { ApiClient } from "../helpers/api-client.ts";
import { startFakeS3 } from "../fakes/s3.ts";
import { loadConfig } from "../../fresh.config.ts";
import { createStorage } from "../../lib/files/mod.ts";
import { purgeDeletedFiles } from "../../lib/files/service.ts";
import { otherTeamMember, teamIdOf } from "./realtime_helpers.ts";
import { fetchBytes, newDeal, pngImage, setQuota, text, upload } from "./files_helpers.ts";

const s3 = await startFakeS3();
const env = {
  S3_ENDPOINT: s3.url,
  S3_BUCKET: s3.bucket,
  S3_REGION: "eu-central-1",
  S3_ACCESS_KEY_ID: s3.accessKeyId,
  S3_SECRET_ACCESS_KEY: s3.secretAccessKey,
};
const server = await startTestServer({ seed: true });
// The storage is made with the app's services (app/services.ts): swap both before the first file request.
server.services.config = { ...server.services.config, s3: loadConfig(env).s3 };
server.services.storage = createStorage(server.services.config);
Deno.test.afterAll?.(async () => {
  await server.close();
  await s3.close();
});
const alice = await ApiClient.signIn(server.url, "alice@acme.test");
const acme = await teamIdOf(server, "alice@acme.test");
const dealId = await newDeal(alice);

Deno.test("configuration: S3_BUCKET selects S3 storage, otherwise the local disk", async () => {
  assertEquals(loadConfig(env).s3, {
    endpoint: s3.url,
    bucket: "leadly-files",
    region: "eu-central-1",
    accessKeyId: "FAKEKEY",
    secretAccessKey: "fake-secret",
  });
  assertEquals(loadConfig({}).s3, null);
  assertEquals((await createStorage({ dataDir: "/tmp/x", s3: null })).kind, "local");
  assertEquals((await server.services.storage).kind, "s3");
});

Deno.test("upload, download, versions and delete go through the S3 API", async () => {
  const png = await pngImage(20, 20);
  const created = await upload(alice, png, {
    name: "logo.png",
    fields: { target_type: "deal", target_id: dealId },
  });
  assertEquals(created.status, 201, JSON.stringify(created.json));
  const id = created.json.id;
  const keys = [...s3.objects.keys()].filter((k) => k.startsWith(`teams/${acme}/${id}/`));
  assertEquals(keys.length, 1);
  assertEquals(s3.objects.get(keys[0])!.bytes, png);
  assertEquals(s3.objects.get(keys[0])!.contentType, "image/png");

  const download = await fetchBytes(alice, created.json.url);
  assertEquals(download.status, 200);
  assertEquals(download.bytes, png);
  assertEquals((await fetchBytes(alice, created.json.preview_url)).bytes, png);

  const v2 = await upload(alice, text("now a text"), { name: "logo.txt" }, `/api/v1/files/${id}/versions`);
  assertEquals(v2.status, 201);
  assertEquals([...s3.objects.keys()].filter((k) => k.startsWith(`teams/${acme}/${id}/`)).length, 2);
  assertEquals((await fetchBytes(alice, `/api/v1/files/${id}/download`)).bytes, text("now a text"));
  assertEquals((await fetchBytes(alice, `/api/v1/files/${id}/download?v=1`)).bytes, png);

  // soft delete keeps the objects (undo); purging deleted files removes them from the bucket
  assertEquals((await alice.delete(`/api/v1/files/${id}`)).status, 200);
  assertEquals([...s3.objects.keys()].filter((k) => k.startsWith(`teams/${acme}/${id}/`)).length, 2);
  const purged = await purgeDeletedFiles(server.db, await server.services.storage, new Date(Date.now() + 1000));
  assert(purged >= 1);
  assertEquals([...s3.objects.keys()].filter((k) => k.startsWith(`teams/${acme}/${id}/`)).length, 0);
  assertEquals((await alice.post(`/api/v1/files/${id}/restore`)).status, 404);
});

Deno.test("an upload refused by the quota removes its object from the bucket again", async () => {
  const owner = await otherTeamMember(server, "s3quota@s3.test");
  const team = await teamIdOf(server, "s3quota@s3.test");
  // the early check sees room; the transaction finds the team full (used changed in between)
  await setQuota(server.db, team, 1000, 0);
  const first = await upload(owner, new Uint8Array(600).fill(1), { name: "a.bin" });
  assertEquals(first.status, 201);
  const refused = await upload(owner, new Uint8Array(600).fill(2), { name: "b.bin" });
  assertEquals(refused.status, 413);
  assertEquals([...s3.objects.keys()].filter((k) => k.startsWith(`teams/${team}/`)).length, 1);
});

Deno.test("missing objects and storage outages answer in plain words", async () => {
  const created = await upload(alice, text("will vanish"), { name: "gone.txt" });
  const key = [...s3.objects.keys()].find((k) => k.includes(`/${created.json.id}/`))!;
  s3.objects.delete(key);
  const missing = await alice.get(`/api/v1/files/${created.json.id}/download`);
  assertEquals(missing.status, 410);
  assertMatch(missing.json.error.message, /missing from storage/);

  const storage = await server.services.storage;
  assertEquals(await storage.head(key), null);
  assertEquals(await storage.get(key), null);

  const bucket = s3.bucket;
  try {
    s3.bucket = "another-bucket"; // the fake now refuses ours
    const res = await upload(alice, text("no storage"), { name: "later.txt" });
    assertEquals(res.status, 503);
    assertMatch(res.json.error.message, /^Files cannot be stored right now/);
  } finally {
    s3.bucket = bucket;
  }
});
