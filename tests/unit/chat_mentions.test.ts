// @mentions in chat: `@[Name](user:<id>)` for a person, `@channel` for everyone in the conversation.
import { assertEquals } from "../helpers/assert.ts";
import { parseMentions, renderMessage } from "../../lib/chat/render.ts";

const BOB = "4f5e6d7c-1111-4222-8333-944455556666";
const ANN = "00000000-aaaa-4bbb-8ccc-dddddddddddd";
const names = new Map([[BOB, "Bob Okafor"], [ANN, "Ann <Lee>"]]);

Deno.test("chat mentions: parsing finds people and @channel in the source", () => {
  assertEquals(parseMentions(`hi @[Bob](user:${BOB}) and @[Ann](user:${ANN.toUpperCase()}) @[Bob](user:${BOB})`), {
    userIds: [BOB, ANN],
    channel: false,
  });
  assertEquals(parseMentions("@channel please review").channel, true);
  assertEquals(parseMentions("ping (@channel)").channel, true);
  assertEquals(parseMentions("mail bob@channel.test or @channels or @channel-x").channel, false);
  assertEquals(parseMentions("@[Bob](user:not-an-id) and @Bob").userIds, []);
});

Deno.test("chat mentions: rendered with the member's real name, escaped; unknown people stay text", () => {
  const rendered = renderMessage(`@[Robert](user:${BOB}) @[X](user:${ANN}) @[Ghost](user:${crypto.randomUUID()})`, {
    names,
  });
  assertEquals(
    rendered.html,
    `<p><span class="mention" data-user-id="${BOB}">@Bob Okafor</span> ` +
      `<span class="mention" data-user-id="${ANN}">@Ann &lt;Lee&gt;</span> @Ghost</p>`,
  );
  assertEquals(rendered.mentions, [BOB, ANN]);
  assertEquals(rendered.mentionChannel, false);
});

Deno.test("chat mentions: @channel is marked; mentions inside code do not count", () => {
  const rendered = renderMessage("@channel standup", { names });
  assertEquals(rendered.html, '<p><span class="mention mention-channel">@channel</span> standup</p>');
  assertEquals(rendered.mentionChannel, true);
  const code = renderMessage(`\`@channel\` and \`@[Bob](user:${BOB})\``, { names });
  assertEquals([code.mentionChannel, code.mentions], [false, []]);
  const email = renderMessage("write to team@channel.test", { names });
  assertEquals(email.mentionChannel, false);
});
