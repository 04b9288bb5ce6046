// Pure helpers of the notes UI: status line, caret colours, menus ("@", "#", "/"), safe URLs, the list filter
// and folder tree, binary payloads and the version diff.
import { assert, assertEquals } from "../helpers/assert.ts";
import { INITIAL_SYNC_STATE, statusOf } from "../../lib/notes/client/status.ts";
import { CARET_COLORS, caretColor, selectionColor } from "../../lib/notes/client/colors.ts";
import {
  filterCommands,
  filterMembers,
  moveIndex,
  recordItems,
  recordSearchUrl,
  safeImageUrl,
  safeLinkUrl,
} from "../../lib/notes/client/suggest.ts";
import { buildFolderTree, listQuery, parseFilter, relativeTime } from "../../lib/notes/client/list.ts";
import { toBytes } from "../../lib/notes/client/bytes.ts";
import { diffDocs, diffStats, diffTexts, docLines } from "../../lib/notes/client/diff.ts";

const ok = { ...INITIAL_SYNC_STATE, connected: true, synced: true, localLoaded: true };

Deno.test("notes status: saved, saving, offline with kept changes, connecting, view only, error", () => {
  assertEquals(statusOf(ok), { kind: "saved", label: "Saved" });
  assertEquals(statusOf({ ...ok, pending: 2 }).label, "Saving…");
  assertEquals(statusOf({ ...ok, connected: false, pending: 1 }).label, "Offline — changes kept on this device");
  assertEquals(statusOf({ ...ok, online: false }).kind, "offline");
  assertEquals(statusOf({ ...INITIAL_SYNC_STATE, localLoaded: false }).label, "Connecting…");
  assertEquals(statusOf({ ...ok, readOnly: true }).label, "View only");
  assertEquals(statusOf({ ...ok, readOnly: true, connected: false }).label, "Offline — showing the last copy");
  assertEquals(statusOf({ ...ok, error: "You do not have access to this note." }).kind, "error");
  assertEquals(statusOf({ ...ok, synced: false }).kind, "connecting");
});

Deno.test("notes colours: stable per user, from the palette, selection gets alpha", () => {
  assertEquals(caretColor("u-1"), caretColor("u-1"));
  assert((CARET_COLORS as readonly string[]).includes(caretColor("someone")));
  const spread = new Set(Array.from({ length: 40 }, (_, i) => caretColor(`user-${i}`)));
  assert(spread.size >= 5, "colours are spread over the palette");
  assertEquals(selectionColor("#3a7bd5", 0.25), "#3a7bd540");
  assertEquals(selectionColor("red"), "red");
});

Deno.test("notes menus: teammates by word prefix, commands by keyword, arrow keys wrap", () => {
  const members = [
    { id: "1", name: "Alice Martin", email: "alice@acme.test" },
    { id: "2", name: "Bob Okafor", email: "bob@acme.test" },
    { id: "3", name: "Carol Díaz", email: "carol@acme.test" },
  ];
  assertEquals(filterMembers(members, "car").map((m) => m.id), ["3"]);
  assertEquals(filterMembers(members, "diaz").map((m) => m.id), ["3"], "accents are ignored");
  assertEquals(filterMembers(members, "oka").map((m) => m.id), ["2"]);
  assertEquals(filterMembers(members, "", 8, "1").map((m) => m.id), ["2", "3"], "never yourself");
  assertEquals(filterMembers(members, "zz"), []);
  assertEquals(filterCommands("todo").map((c) => c.id), ["task"]);
  assert(filterCommands("head").every((c) => c.id.startsWith("h")));
  assert(!filterCommands("image").some((c) => c.id === "image-upload"), "no upload without the files API");
  assert(filterCommands("image", { canUpload: true }).some((c) => c.id === "image-upload"));
  assertEquals(moveIndex(0, 3, -1), 2);
  assertEquals(moveIndex(2, 3, 1), 0);
  assertEquals(moveIndex(0, 0, 1), 0);
});

Deno.test("notes menus: search hits become record links; other types and junk are skipped", () => {
  const items = recordItems([
    { type: "deal", id: "d1", title: "Acme renewal", subtitle: "Qualified" },
    { type: "lead", id: "l1", title: "A lead" },
    { type: "company", id: "c1", title: " ", subtitle: null },
    null,
    { type: "contact", id: 5 },
  ]);
  assertEquals(items, [
    { id: "d1", recordType: "deal", label: "Acme renewal", subtitle: "Qualified" },
    { id: "c1", recordType: "company", label: "Untitled", subtitle: null },
  ]);
  assertEquals(recordItems("nope"), []);
  assertEquals(recordSearchUrl(" acme "), "/api/v1/search?q=acme&types=deal%2Ccontact%2Ccompany&limit=8");
});

Deno.test("notes URLs: only http(s) images and safe links", () => {
  assertEquals(safeImageUrl("https://example.com/a.png"), "https://example.com/a.png");
  assertEquals(safeImageUrl("/files/1/download"), "/files/1/download");
  assertEquals(safeImageUrl("javascript:alert(1)"), null);
  assertEquals(safeImageUrl("data:image/png;base64,AAAA"), null);
  assertEquals(safeImageUrl("//evil.test/a.png"), null);
  assertEquals(safeLinkUrl("example.com/pricing"), "https://example.com/pricing");
  assertEquals(safeLinkUrl("mailto:bob@acme.test"), "mailto:bob@acme.test");
  assertEquals(safeLinkUrl("javascript:alert(1)"), null);
  assertEquals(safeLinkUrl(""), null);
});

Deno.test("notes list: the filter round-trips through the URL and maps to the API query", () => {
  const filter = parseFilter("?filter=favorite&tag=qbr&q=acme");
  assertEquals(filter, { view: "favorite", folder: "", tag: "qbr", q: "acme" });
  assertEquals(listQuery(filter), "favorite=1&limit=100&tag=qbr&q=acme");
  assertEquals(listQuery(filter, { forUrl: true }), "filter=favorite&tag=qbr&q=acme");
  assertEquals(parseFilter("?filter=bogus").view, "all");
  assertEquals(listQuery(parseFilter("?folder=f1")), "folder_id=f1&limit=100");
});

Deno.test("notes folders: a tree sorted by name; orphans and cycles become roots", () => {
  const tree = buildFolderTree([
    { id: "b", name: "Customers", parent_id: null },
    { id: "a", name: "Accounts", parent_id: null },
    { id: "c", name: "QBRs", parent_id: "b" },
    { id: "d", name: "Lost", parent_id: "missing" },
    { id: "x", name: "X", parent_id: "y" },
    { id: "y", name: "Y", parent_id: "x" },
  ]);
  assertEquals(tree.map((n) => n.id), ["a", "b", "d", "x", "y"]);
  assertEquals(tree[1].children.map((n) => n.id), ["c"]);
  const now = new Date("2026-03-10T12:00:00Z");
  assertEquals(relativeTime("2026-03-10T11:59:30Z", now), "just now");
  assertEquals(relativeTime("2026-03-10T11:30:00Z", now), "30 min ago");
  assertEquals(relativeTime("2026-03-09T10:00:00Z", now), "yesterday");
});

Deno.test("notes bytes: Uint8Array, ArrayBuffer, views and Buffer JSON become bytes", () => {
  assertEquals(toBytes(new Uint8Array([1, 2])), new Uint8Array([1, 2]));
  assertEquals(toBytes(new Uint8Array([3, 4]).buffer), new Uint8Array([3, 4]));
  assertEquals(toBytes(new DataView(new Uint8Array([9, 8, 7]).buffer, 1, 2)), new Uint8Array([8, 7]));
  assertEquals(toBytes({ type: "Buffer", data: [5] }), new Uint8Array([5]));
  assertEquals(toBytes("x"), null);
  assertEquals(toBytes(null), null);
});

const doc = (...content: unknown[]) => ({ type: "doc", content }) as never;
const p = (text: string) => ({ type: "paragraph", content: text ? [{ type: "text", text }] : [] });

Deno.test("notes diff: blocks become lines; changed lines get word marks", () => {
  const before = doc(
    { type: "heading", attrs: { level: 2 }, content: [{ type: "text", text: "Agenda" }] },
    p("Pricing for Acme"),
    { type: "taskList", content: [{ type: "taskItem", attrs: { checked: false }, content: [p("Send deck")] }] },
    p("Old line"),
  );
  const after = doc(
    { type: "heading", attrs: { level: 2 }, content: [{ type: "text", text: "Agenda" }] },
    p("Pricing for Globex"),
    { type: "taskList", content: [{ type: "taskItem", attrs: { checked: true }, content: [p("Send deck")] }] },
    {
      type: "paragraph",
      content: [{ type: "text", text: "Ask " }, { type: "mention", attrs: { id: "u", label: "Carol" } }],
    },
  );
  assertEquals(docLines(before), ["## Agenda", "Pricing for Acme", "[ ] Send deck", "Old line"]);
  const lines = diffDocs(before, after);
  assertEquals(lines.map((l) => l.kind), ["same", "changed", "changed", "changed"]);
  const words = lines[1].parts.filter((part) => part.kind !== "same").map((part) => `${part.kind}:${part.text}`);
  assertEquals(words, ["removed:Acme", "added:Globex"]);
  assertEquals(diffStats(lines), { added: 0, removed: 0, changed: 3 });
  assertEquals(diffDocs(before, before).every((l) => l.kind === "same"), true);
  assertEquals(diffTexts("a\nb\n", "a\nc\nd").map((l) => l.kind), ["same", "changed", "added"]);
  assertEquals(
    docLines(
      doc({
        type: "table",
        content: [{
          type: "tableRow",
          content: [{ type: "tableCell", content: [p("x")] }, { type: "tableCell", content: [p("y")] }],
        }],
      }),
    ),
    ["| x | y |"],
  );
});
