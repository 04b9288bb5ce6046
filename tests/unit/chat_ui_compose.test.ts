import { assertEquals } from "../helpers/assert.ts";
import {
  applyMention,
  bodyProblem,
  decodeMentions,
  encodeMentions,
  insertLink,
  mentionCandidates,
  mentionParts,
  mentionQuery,
  toggleCode,
  toggleList,
  toggleWrap,
} from "../../lib/chat/client/compose.ts";

Deno.test("shortcuts: bold/italic wrap and unwrap the selection", () => {
  const bold = toggleWrap("say hello now", 4, 9, "**");
  assertEquals(bold, { value: "say **hello** now", start: 6, end: 11 });
  assertEquals(toggleWrap(bold.value, bold.start, bold.end, "**").value, "say hello now");
  assertEquals(toggleWrap("", 0, 0, "*", "italic"), { value: "*italic*", start: 1, end: 7 });
  assertEquals(toggleCode("a b", 2, 3).value, "a `b`");
  assertEquals(toggleCode("x\nline1\nline2", 2, 13).value, "x\n```\nline1\nline2\n```");
  const link = insertLink("see docs", 4, 8);
  assertEquals(link.value, "see [docs](https://)");
  assertEquals(link.value.slice(link.start, link.end), "https://");
});

Deno.test("shortcuts: list toggles every selected line", () => {
  const on = toggleList("one\ntwo", 0, 7);
  assertEquals(on.value, "- one\n- two");
  assertEquals(toggleList(on.value, 0, on.value.length).value, "one\ntwo");
});

Deno.test("mentions: query, candidates, pick, encode and decode", () => {
  assertEquals(mentionQuery("hi @bo"), "bo");
  assertEquals(mentionQuery("@"), "");
  assertEquals(mentionQuery("mail a@b"), null);
  const members = [
    { id: "11111111-1111-4111-8111-111111111111", name: "Bob Brown" },
    { id: "22222222-2222-4222-8222-222222222222", name: "Alice Adams" },
    { id: "33333333-3333-4333-8333-333333333333", name: "Carol Bowen" },
  ];
  const found = mentionCandidates(members, "bo", members[1].id);
  assertEquals(found.map((c) => c.kind === "user" ? c.member.name : "@channel"), ["Bob Brown", "Carol Bowen"]);
  assertEquals(mentionCandidates(members, "cha", "x").map((c) => c.kind), ["channel"]);
  const picked = applyMention("hi @bo", 6, "bo", found[0]);
  assertEquals(picked.value, "hi @Bob Brown ");
  const encoded = encodeMentions("hi @Bob Brown and @Bobby, @channel", [members[0]]);
  assertEquals(encoded, `hi @[Bob Brown](user:${members[0].id}) and @Bobby, @channel`);
  assertEquals(decodeMentions(encoded), { text: "hi @Bob Brown and @Bobby, @channel", picked: [members[0]] });
});

Deno.test("body limits", () => {
  assertEquals(bodyProblem("   "), "Write something first.");
  assertEquals(bodyProblem("ok"), null);
  assertEquals(bodyProblem("x".repeat(4001))?.startsWith("Messages can be up to 4000"), true);
});

Deno.test("mentionParts: a message in the outbox shows its mentions as chips, e-mail addresses as text", () => {
  const id = "0335af2f-15bb-4c20-85ef-9b82d9af27bd";
  assertEquals(mentionParts(`Hi @[Bob Okafor](user:${id}) and @channel, mail a@channel.com`), [
    { text: "Hi " },
    { mention: "Bob Okafor", userId: id },
    { text: " and " },
    { mention: "channel", userId: null },
    { text: ", mail a@channel.com" },
  ]);
  assertEquals(mentionParts("no mentions"), [{ text: "no mentions" }]);
  assertEquals(mentionParts("<b>@[x</b>"), [{ text: "<b>@[x</b>" }]);
});
