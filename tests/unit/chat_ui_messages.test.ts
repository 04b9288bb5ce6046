import { assertEquals, assertStrictEquals } from "../helpers/assert.ts";
import {
  latestSeq,
  mergeMessages,
  pendingMessages,
  seenBy,
  seenLabel,
  startsGroup,
  threadReplies,
  topLevel,
  typingLabel,
} from "../../lib/chat/client/messages.ts";
import { msg } from "./chat_ui_fixtures.ts";

Deno.test("merge: live, synced and paged messages end up once each, by seq", () => {
  const page = [msg(3), msg(4)];
  const live = [msg(5)];
  const older = [msg(1), msg(2), msg(3)];
  let list = mergeMessages(page, live);
  list = mergeMessages(list, older);
  list = mergeMessages(list, [msg(5), msg(4)]); // the sync replay repeats what was seen live
  assertEquals(list.map((m) => m.seq), [1, 2, 3, 4, 5]);
});

Deno.test("merge: the newest change wins, an older copy never overwrites it", () => {
  const edited = msg(2, { change_seq: 9, body: "edited", edited_at: "2026-03-10T10:00:00Z" });
  let list = mergeMessages([msg(1), msg(2)], [edited]);
  assertEquals(list[1].body, "edited");
  list = mergeMessages(list, [msg(2)]); // a stale page that still has the old text
  assertEquals(list[1].body, "edited");
  const deleted = msg(2, { change_seq: 11, body: "", body_html: "", deleted_at: "2026-03-10T11:00:00Z" });
  list = mergeMessages(list, [deleted]);
  assertEquals(list[1].deleted_at, "2026-03-10T11:00:00Z");
});

Deno.test("merge: returns the same array when nothing changed (no re-render)", () => {
  const list = [msg(1), msg(2)];
  assertStrictEquals(mergeMessages(list, [msg(1)]), list);
  assertStrictEquals(mergeMessages(list, []), list);
});

Deno.test("threads: replies are kept apart from the channel's top level", () => {
  const list = [msg(1), msg(2, { parent_id: "m1" }), msg(3), msg(4, { parent_id: "m1" })];
  assertEquals(topLevel(list).map((m) => m.id), ["m1", "m3"]);
  assertEquals(threadReplies(list, "m1").map((m) => m.id), ["m2", "m4"]);
  assertEquals(latestSeq([msg(1), msg(2, { change_seq: 7 })]), 7);
});

Deno.test("pending: outbox items show until the server's copy with the same client_id arrives", () => {
  const me = { id: "alice", name: "Alice Adams" };
  const outbox = [
    { client_id: "k1", channel_id: "c1", body: "one", parent_id: null, created_at: "2026-03-10T09:00:00Z" },
    { client_id: "k2", channel_id: "c1", body: "two", parent_id: null, created_at: "2026-03-10T09:00:01Z" },
    { client_id: "k3", channel_id: "c2", body: "elsewhere", parent_id: null, created_at: "2026-03-10T09:00:01Z" },
  ];
  const confirmed = [msg(7, { client_id: "k1", body: "one" })];
  const pending = pendingMessages(outbox, confirmed, me, "c1", null);
  assertEquals(pending.map((m) => m.body), ["two"]);
  assertEquals(pending[0].id, "pending:k2");
  assertEquals(pending[0].body_html, "", "never HTML from a body");
});

Deno.test("grouping: same sender within five minutes continues a group", () => {
  const a = msg(1);
  const b = msg(2);
  const c = msg(3, { sender_id: "bob" });
  const late = msg(4, { sender_id: "bob", created_at: "2026-03-10T10:00:00Z" });
  assertEquals(startsGroup(a, undefined), true);
  assertEquals(startsGroup(b, a), false);
  assertEquals(startsGroup(c, b), true);
  assertEquals(startsGroup(late, c), true);
});

Deno.test("read receipts: each reader under my newest message they have read", () => {
  const list = [msg(1), msg(2, { sender_id: "bob" }), msg(3), msg(4)];
  const seen = seenBy(list, "alice", [
    { id: "bob", name: "Bob Brown", last_read_seq: 3 },
    { id: "carol", name: "Carol Chen", last_read_seq: 4 },
    { id: "dave", name: "Dave Diaz", last_read_seq: 0 },
    { id: "alice", name: "Alice Adams", last_read_seq: 4 },
  ]);
  assertEquals(Object.fromEntries(seen), { m3: ["Bob Brown"], m4: ["Carol Chen"] });
  assertEquals(seenLabel(["Bob Brown"]), "Seen by Bob");
  assertEquals(seenLabel(["Bob Brown", "Carol Chen"]), "Seen by Bob and Carol");
  assertEquals(seenLabel(["A", "B", "C", "D"]), "Seen by A, B and 2 others");
});

Deno.test("typing label", () => {
  assertEquals(typingLabel([]), "");
  assertEquals(typingLabel(["Alice"]), "Alice is typing…");
  assertEquals(typingLabel(["Alice", "Bob"]), "Alice and Bob are typing…");
  assertEquals(typingLabel(["Alice", "Bob", "Carol"]), "Several people are typing…");
});
