// The files API end to end on local disk storage: upload attached to a deal, list, download and preview with
// safe headers, content sniffing (the client's type is ignored; HTML and SVG never inline), versions,
// delete with undo, attach and detach, rename, who may delete, and the live event on the deal's room.
import { assert, assertEquals, assertMatch } from "../helpers/assert.ts";
import { startTestServer } from "../helpers/server.ts";
import { ApiClient } from "../helpers/api-client.ts";
import {
  fetchBytes,
  type Json,
  newContact,
  newDeal,
  pdfDocument,
  pngImage,
  sha256Hex,
  text,
  upload,
} from "./files_helpers.ts";
import { ask, connected, next, socketFor } from "./realtime_helpers.ts";

const server = await startTestServer({ seed: true });
const alice = await ApiClient.signIn(server.url, "alice@acme.test"); // owner
const carol = await ApiClient.signIn(server.url, "carol@acme.test"); // rep
const bob = await ApiClient.signIn(server.url, "bob@acme.test"); // manager
Deno.test.afterAll?.(() => server.close());

const dealId = await newDeal(alice);
const contactId = await newContact(alice);
const onDeal = { target_type: "deal", target_id: dealId };

const usage = async () => (await alice.get("/api/v1/files/usage")).json.data;

Deno.test("upload an image to a deal: sniffed type, listed on the deal, downloaded and previewed safely", async () => {
  const png = await pngImage(40, 30);
  const before = await usage();
  // the browser claims HTML; the bytes say PNG
  const res = await upload(carol, png, { name: "../../whiteboard.png", type: "text/html", fields: onDeal });
  assertEquals(res.status, 201, JSON.stringify(res.json));
  const file = res.json.data;
  assertEquals(res.json.id, file.id);
  assertEquals(res.json.url, `/api/v1/files/${file.id}/download?v=1`);
  assertEquals(res.json.preview_url, `/api/v1/files/${file.id}/preview?v=1`);
  assertEquals(file.name, "whiteboard.png");
  assertEquals(file.content_type, "image/png");
  assertEquals(file.kind, "image");
  assertEquals(file.size, png.length);
  assertEquals(file.sha256, await sha256Hex(png));
  assertEquals(file.version, 1);
  assertMatch(file.uploaded_by_name, /^Carol/);
  assertEquals(file.links, [onDeal]);
  assertEquals((await usage()).used_bytes, before.used_bytes + png.length);

  const list = await alice.get(`/api/v1/files?target_type=deal&target_id=${dealId}`);
  assertEquals(list.status, 200);
  assert(list.json.data.some((f: Json) => f.id === file.id));

  const download = await fetchBytes(alice, file.url);
  assertEquals(download.status, 200);
  assertEquals(download.bytes, png);
  assertEquals(download.headers.get("content-type"), "image/png");
  assertMatch(download.headers.get("content-disposition")!, /^attachment; filename="whiteboard.png"/);
  assertEquals(download.headers.get("x-content-type-options"), "nosniff");
  assertMatch(download.headers.get("content-security-policy")!, /sandbox/);

  const preview = await fetchBytes(alice, file.preview_url);
  assertEquals(preview.status, 200);
  assertEquals(preview.bytes, png);
  assertMatch(preview.headers.get("content-disposition")!, /^inline;/);
  assertEquals(preview.headers.get("x-frame-options"), "SAMEORIGIN");

  // the browser asks again with the hash it has and gets a 304
  const again = await fetchBytes(alice, `/api/v1/files/${file.id}/preview`, { "if-none-match": `"${file.sha256}"` });
  assertEquals(again.status, 304);

  const one = await alice.get(`/api/v1/files/${file.id}`);
  assertEquals(one.json.data.id, file.id);
});

Deno.test("a PDF previews inline; HTML and SVG never do and download as octet-stream attachments", async () => {
  const pdf = await upload(alice, pdfDocument(), { name: "proposal.pdf", type: "application/pdf", fields: onDeal });
  assertEquals(pdf.status, 201);
  assertEquals(pdf.json.data.kind, "pdf");
  const shown = await fetchBytes(alice, pdf.json.preview_url);
  assertEquals(shown.status, 200);
  assertEquals(shown.headers.get("content-type"), "application/pdf");
  assertMatch(shown.headers.get("content-disposition")!, /^inline; filename="proposal.pdf"/);

  const html = await upload(alice, text("<!DOCTYPE html><script>alert(document.cookie)</script>"), {
    name: "cat.png",
    type: "image/png",
  });
  assertEquals(html.status, 201);
  assertEquals(html.json.data.content_type, "text/html");
  assertEquals(html.json.preview_url, null);
  const refused = await alice.get(`/api/v1/files/${html.json.id}/preview`);
  assertEquals(refused.status, 415);
  assertMatch(refused.json.error.message, /Only images .* and PDFs can be previewed/);
  const htmlDownload = await fetchBytes(alice, html.json.url);
  assertEquals(htmlDownload.headers.get("content-type"), "application/octet-stream");
  assertMatch(htmlDownload.headers.get("content-disposition")!, /^attachment;/);

  const svg = await upload(alice, text('<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"></svg>'), {
    name: "logo.svg",
    type: "image/svg+xml",
  });
  assertEquals(svg.json.data.content_type, "image/svg+xml");
  assertEquals(svg.json.data.previewable, false);
  assertEquals((await alice.get(`/api/v1/files/${svg.json.id}/preview`)).status, 415);
  const svgDownload = await fetchBytes(alice, svg.json.url);
  assertEquals(svgDownload.headers.get("content-type"), "application/octet-stream");
  assertEquals(svgDownload.headers.get("x-content-type-options"), "nosniff");

  // a name with line breaks and non-ASCII characters cannot break the header (unit tests cover raw quotes)
  const odd = await upload(alice, text("notes"), { name: 'Angebot "final"\r\nX-Evil: 1 – Müller.txt' });
  assertEquals(odd.status, 201);
  const oddDownload = await fetchBytes(alice, odd.json.url);
  const disposition = oddDownload.headers.get("content-disposition")!;
  assertMatch(
    disposition,
    /^attachment; filename="Angebot [^"]*M_ller.txt"; filename\*=UTF-8''Angebot[^"\s]*M%C3%BCller.txt$/,
  );
  assertEquals(oddDownload.headers.get("x-evil"), null);
});

Deno.test("versions: a new upload becomes current, older ones stay downloadable, all count against the quota", async () => {
  const v1 = text("Quote v1: 10 seats");
  const v2 = text("Quote v2: 12 seats and support");
  const created = await upload(carol, v1, { name: "quote.txt", fields: onDeal });
  const id = created.json.id;
  const before = await usage();
  const next = await upload(carol, v2, { name: "quote (final).txt" }, `/api/v1/files/${id}/versions`);
  assertEquals(next.status, 201, JSON.stringify(next.json));
  assertEquals(next.json.data.version, 2);
  assertEquals(next.json.data.name, "quote.txt");
  assertEquals(next.json.data.size, v2.length);
  assertEquals(next.json.data.links, [onDeal]);
  assertEquals((await usage()).used_bytes, before.used_bytes + v2.length);

  assertEquals((await fetchBytes(alice, `/api/v1/files/${id}/download`)).bytes, v2);
  assertEquals((await fetchBytes(alice, `/api/v1/files/${id}/download?v=1`)).bytes, v1);
  assertEquals((await fetchBytes(alice, `/api/v1/files/${id}/download?v=9`)).status, 404);
  assertEquals((await fetchBytes(alice, `/api/v1/files/${id}/download?v=abc`)).status, 422);

  const versions = await alice.get(`/api/v1/files/${id}/versions`);
  assertEquals(versions.json.data.map((v: Json) => [v.version, v.name, v.size]), [
    [2, "quote (final).txt", v2.length],
    [1, "quote.txt", v1.length],
  ]);
  assertEquals(versions.json.data[1].url, `/api/v1/files/${id}/download?v=1`);
});

Deno.test("delete hides a file (its bytes count until the purge removes them); undo brings it back", async () => {
  const bytes = text("to be deleted and restored");
  const created = await upload(carol, bytes, { name: "old.txt", fields: onDeal });
  const id = created.json.id;
  const before = await usage();

  const deleted = await carol.delete(`/api/v1/files/${id}`);
  assertEquals(deleted.status, 200);
  assert(deleted.json.data.deleted_at);
  // storage still holds the bytes (undo is possible), so they still count
  assertEquals((await usage()).used_bytes, before.used_bytes);
  const list = await alice.get(`/api/v1/files?target_type=deal&target_id=${dealId}`);
  assert(!list.json.data.some((f: Json) => f.id === id));
  assertEquals((await alice.get(`/api/v1/files/${id}`)).status, 404);
  assertEquals((await fetchBytes(alice, `/api/v1/files/${id}/download`)).status, 404);
  assertEquals((await carol.delete(`/api/v1/files/${id}`)).status, 404);

  const restored = await carol.post(`/api/v1/files/${id}/restore`);
  assertEquals(restored.status, 200);
  assertEquals(restored.json.data.deleted_at, null);
  assertEquals((await usage()).used_bytes, before.used_bytes);
  assertEquals((await fetchBytes(alice, `/api/v1/files/${id}/download`)).bytes, bytes);
  assertEquals((await carol.post(`/api/v1/files/${id}/restore`)).status, 409);
});

Deno.test("only the uploader or a manager deletes a file", async () => {
  const created = await upload(alice, text("owner's file"), { name: "board.txt", fields: onDeal });
  const id = created.json.id;
  const refused = await carol.delete(`/api/v1/files/${id}`);
  assertEquals(refused.status, 403);
  assertMatch(refused.json.error.message, /Only the person who uploaded a file/);
  assertEquals((await alice.get(`/api/v1/files/${id}`)).status, 200);
  assertEquals((await bob.delete(`/api/v1/files/${id}`)).status, 200);
});

Deno.test("attach to another record, detach, rename", async () => {
  const created = await upload(carol, text("shared"), { name: "shared.txt", fields: onDeal });
  const id = created.json.id;
  const linked = await carol.post(`/api/v1/files/${id}/links`, { target_type: "contact", target_id: contactId });
  assertEquals(linked.status, 200);
  assertEquals(linked.json.data.links.length, 2);
  // attaching twice changes nothing
  assertEquals(
    (await carol.post(`/api/v1/files/${id}/links`, { target_type: "contact", target_id: contactId }))
      .json.data.links.length,
    2,
  );
  const onContact = await alice.get(`/api/v1/files?target_type=contact&target_id=${contactId}`);
  assert(onContact.json.data.some((f: Json) => f.id === id));

  const unlinked = await carol.delete(`/api/v1/files/${id}/links/contact/${contactId}`);
  assertEquals(unlinked.status, 200);
  assertEquals(unlinked.json.data.links, [onDeal]);
  assertEquals((await carol.delete(`/api/v1/files/${id}/links/contact/${contactId}`)).status, 404);

  const renamed = await carol.patch(`/api/v1/files/${id}`, { name: "  Shared notes.txt " });
  assertEquals(renamed.json.data.name, "Shared notes.txt");
  assertEquals((await carol.patch(`/api/v1/files/${id}`, { name: "" })).status, 422);
});

Deno.test("an upload to a deal reaches the deal's room live", async () => {
  const socket = socketFor(server.url, carol.token);
  try {
    await connected(socket);
    assertEquals((await ask(socket, "join", { room: `record:deal:${dealId}` })).ok, true);
    const event = next<Json>(socket, "file.created");
    const created = await upload(alice, text("live"), { name: "live.txt", fields: onDeal });
    const received = await event;
    assertEquals(received.room, `record:deal:${dealId}`);
    assertEquals(received.payload.id, created.json.id);
    assertEquals(received.payload.name, "live.txt");
  } finally {
    socket.close();
  }
});

Deno.test("usage answers with a sentence", async () => {
  const res = await alice.get("/api/v1/files/usage");
  assertEquals(res.status, 200);
  assertEquals(res.json.data.quota_bytes, 1024 ** 3);
  assertEquals(res.json.data.max_upload_bytes, 25 * 1024 ** 2);
  assertMatch(res.json.data.message, /^This workspace has used [\d.]+ (bytes|KB|MB) of 1 GB of storage\.$/);
});
