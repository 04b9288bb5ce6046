// @mention parsing: handles, full names, first names, ambiguity, email addresses, and tokens that are never HTML.
import { assert, assertEquals } from "../helpers/assert.ts";
import { type MentionMember, parseMentions, tokensToText } from "../../lib/activities/mentions.ts";

const members: MentionMember[] = [
  { id: "u-alice", name: "Alice Martin", handle: "alice" },
  { id: "u-bob", name: "Bob Stone", handle: "bstone" },
  { id: "u-bo", name: "Bo", handle: "bo" },
  { id: "u-ann1", name: "Ann Lee", handle: "ann.lee" },
  { id: "u-ann2", name: "Ann Kim", handle: "akim" },
  { id: "u-evil", name: "<img src=x onerror=alert(1)>", handle: "evil" },
];

Deno.test("mentions: handle and full name both point at the member", () => {
  assertEquals(parseMentions("ping @alice", members).userIds, ["u-alice"]);
  assertEquals(parseMentions("ping @Alice Martin please", members).userIds, ["u-alice"]);
  assertEquals(parseMentions("ping @ALICE", members).userIds, ["u-alice"]);
});

Deno.test("mentions: the longest spelling wins and is marked as one span", () => {
  const { tokens } = parseMentions("@Alice Martin, see this", members);
  assertEquals(tokens, [
    { type: "mention", text: "@Alice Martin", userId: "u-alice" },
    { type: "text", text: ", see this" },
  ]);
});

Deno.test("mentions: unique first names match, shared ones do not", () => {
  assertEquals(parseMentions("@Bob can you", members).userIds, ["u-bob"]);
  // two Anns: "@Ann" is ambiguous and stays text; full names and handles still work
  assertEquals(parseMentions("@Ann hello", members).userIds, []);
  assertEquals(parseMentions("@Ann Lee and @akim", members).userIds, ["u-ann1", "u-ann2"]);
  assertEquals(parseMentions("@ann.lee.", members).userIds, ["u-ann1"]);
});

Deno.test("mentions: word boundaries, emails and unknown names stay text", () => {
  assertEquals(parseMentions("mail alice@example.com", members).userIds, []);
  assertEquals(parseMentions("@alicex and @bob_ and @nobody", members).userIds, []);
  // "@Bo" must not match inside "@Bob": Bob matches as himself
  assertEquals(parseMentions("@Bob, @Bo!", members).userIds, ["u-bob", "u-bo"]);
  assertEquals(parseMentions("(@alice)", members).userIds, ["u-alice"]);
});

Deno.test("mentions: each person once, in order of first appearance; text round-trips", () => {
  const text = "@bstone then @alice then @Bob Stone again";
  const parsed = parseMentions(text, members);
  assertEquals(parsed.userIds, ["u-bob", "u-alice"]);
  assertEquals(parsed.tokens.filter((t) => t.type === "mention").length, 3);
  assertEquals(tokensToText(parsed.tokens), text);
});

Deno.test("mentions: tokens are strings, never markup", () => {
  const text = "<script>x</script> @evil <b>hi</b>";
  const { tokens, userIds } = parseMentions(text, members);
  assertEquals(userIds, ["u-evil"]);
  assertEquals(tokensToText(tokens), text);
  for (const token of tokens) assert(typeof token.text === "string");
  assertEquals(tokens[0], { type: "text", text: "<script>x</script> " });
});

Deno.test("mentions: no members, empty text", () => {
  assertEquals(parseMentions("@alice", []), { userIds: [], tokens: [{ type: "text", text: "@alice" }] });
  assertEquals(parseMentions("", members), { userIds: [], tokens: [] });
  assertEquals(parseMentions("@", members).userIds, []);
});
