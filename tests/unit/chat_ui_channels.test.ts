import { assertEquals } from "../helpers/assert.ts";
import {
  badgeText,
  browsable,
  channelName,
  countIncoming,
  markRead,
  sidebarSections,
  slugChannelName,
  tabTitle,
  totals,
} from "../../lib/chat/client/channels.ts";
import { chan, msg } from "./chat_ui_fixtures.ts";

Deno.test("unread: others' new messages and thread replies count, mine, edits and the open channel do not", () => {
  const c = chan("c1");
  const me = "bob";
  const created = { meId: me, reading: false, created: true };
  let next = countIncoming(c, msg(11), created);
  assertEquals([next.unread_count, next.mention_count, next.last_seq], [1, 0, 11]);
  next = countIncoming(next, msg(12, { mentions: ["bob"] }), created);
  assertEquals([next.unread_count, next.mention_count], [2, 1]);
  next = countIncoming(next, msg(13, { mention_channel: true }), created);
  assertEquals([next.unread_count, next.mention_count], [3, 2]);
  assertEquals(countIncoming(next, msg(14, { sender_id: "bob" }), created).unread_count, 3);
  assertEquals(countIncoming(next, msg(15, { parent_id: "m1" }), created).unread_count, 4);
  assertEquals(countIncoming(next, msg(16), { ...created, reading: true }).unread_count, 3);
  assertEquals(countIncoming(next, msg(5, { change_seq: 17 }), { ...created, created: false }).unread_count, 3);
  const read = markRead(next, 13);
  assertEquals([read.unread_count, read.mention_count, read.last_read_seq], [0, 0, 13]);
  assertEquals(markRead(read, 2).last_read_seq, 13, "never moves back");
});

Deno.test("tab title and totals", () => {
  const channels = [
    chan("a", { unread_count: 2, mention_count: 1 }),
    chan("b", { unread_count: 1 }),
    chan("c", { unread_count: 5, is_member: false }),
    chan("d", { unread_count: 4, archived_at: "2026-01-01T00:00:00Z" }),
    chan("e", { type: "dm", unread_count: 2 }),
    // muted: no news for the badges and the title, but a mention still counts
    chan("f", { unread_count: 3, mention_count: 1, muted: true }),
    chan("g", { type: "dm", unread_count: 6, muted: true }),
  ];
  const t = totals(channels);
  assertEquals(t, { unread: 5, mentions: 2, direct: 2 });
  assertEquals(tabTitle("Leadly", t), "(5) Leadly");
  assertEquals(tabTitle("#general · Leadly", { unread: 0, mentions: 0 }), "#general · Leadly");
  assertEquals(tabTitle("Leadly", { unread: 150, mentions: 0 }), "(99+) Leadly");
  assertEquals(badgeText(7), "7");
});

Deno.test("sidebar: channels by name, DMs by activity and named after the others", () => {
  const list = [
    chan("z", { name: "zeta" }),
    chan("a", { name: "alpha" }),
    chan("x", { name: "old", archived_at: "2026-01-01T00:00:00Z" }),
    chan("p", { name: "public-not-joined", is_member: false }),
    chan("d1", {
      type: "dm",
      name: "",
      last_message_at: "2026-03-01T00:00:00Z",
      members: [{ id: "me", name: "Me" }, { id: "b", name: "Bob Brown" }],
    }),
    chan("d2", {
      type: "group_dm",
      name: "",
      last_message_at: "2026-03-02T00:00:00Z",
      members: [{ id: "me", name: "Me" }, { id: "b", name: "Bob" }, { id: "c", name: "Carol" }],
    }),
  ];
  const s = sidebarSections(list, "me");
  assertEquals(s.channels.map((c) => c.name), ["alpha", "zeta"]);
  assertEquals(s.direct.map((c) => channelName(c, "me")), ["Bob, Carol", "Bob Brown"]);
  assertEquals(sidebarSections(list, "me", "x").channels.length, 3, "the open archived channel stays");
  assertEquals(browsable(list, "").map((c) => c.name), ["public-not-joined", "alpha", "zeta"]);
  assertEquals(browsable(list, "zet").map((c) => c.name), ["zeta"]);
});

Deno.test("channel names are slugged like the server wants", () => {
  assertEquals(slugChannelName("  #Sales Team EU!! "), "sales-team-eu");
  assertEquals(slugChannelName("Q4 — wins"), "q4-wins");
});

Deno.test("unread: a message the channel listing already counted is not counted again (replay)", () => {
  const c = chan("c1", { last_seq: 20, last_read_seq: 10, unread_count: 4 });
  const replayed = countIncoming(c, msg(18), { meId: "bob", reading: false, created: true });
  assertEquals(replayed.unread_count, 4);
  assertEquals(countIncoming(c, msg(21), { meId: "bob", reading: false, created: true }).unread_count, 5);
});
