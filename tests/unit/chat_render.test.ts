// Chat markdown: the small set of formatting chat supports, rendered to the HTML clients show.
import { assertEquals, assertMatch } from "../helpers/assert.ts";
import { renderMarkdown, renderMessage } from "../../lib/chat/render.ts";

const html = (body: string) => renderMessage(body).html;

Deno.test("chat render: bold, italic, strike, inline code and line breaks", () => {
  assertEquals(
    html("**bold** *it* _also_ ~~gone~~ `x < y`"),
    "<p><strong>bold</strong> <em>it</em> <em>also</em> <del>gone</del> <code>x &lt; y</code></p>",
  );
  assertEquals(html("line one\nline two"), "<p>line one<br />line two</p>");
});

Deno.test("chat render: code blocks keep their text and language class, escaped", () => {
  assertEquals(
    html("```ts\nconst a = '<b>';\n```"),
    "<pre><code class=\"language-ts\">const a = '&lt;b&gt;';\n</code></pre>",
  );
});

Deno.test("chat render: lists and quotes", () => {
  assertEquals(html("- one\n- two"), "<ul>\n<li>one</li>\n<li>two</li>\n</ul>");
  assertEquals(html("3. three\n4. four"), '<ol start="3">\n<li>three</li>\n<li>four</li>\n</ol>');
  assertEquals(html("> quoted"), "<blockquote>\n<p>quoted</p>\n</blockquote>");
});

Deno.test("chat render: links open safely; app paths stay in the app", () => {
  assertEquals(
    html("[docs](https://example.com/a?b=1)"),
    '<p><a href="https://example.com/a?b=1" rel="noopener noreferrer nofollow" target="_blank">docs</a></p>',
  );
  assertEquals(
    html("https://example.com"),
    '<p><a href="https://example.com" rel="noopener noreferrer nofollow" target="_blank">https://example.com</a></p>',
  );
  const id = "0b9c5a9e-8c1e-4f4e-9d7a-2f1f1e0c7d11";
  assertEquals(html(`see /deals/${id}`), `<p>see <a href="/deals/${id}">/deals/${id}</a></p>`);
  assertEquals(html(`[the deal](/deals/${id})`), `<p><a href="/deals/${id}">the deal</a></p>`);
  // not a record path: stays text
  assertEquals(html(`a/deals/${id}`), `<p>a/deals/${id}</p>`);
});

Deno.test("chat render: headings are bold paragraphs, images become links", () => {
  assertEquals(html("# Big news"), "<p><strong>Big news</strong></p>");
  assertMatch(
    html("![chart](https://example.com/c.png)"),
    /^<p><a href="https:\/\/example.com\/c.png"[^>]*>chart<\/a><\/p>$/,
  );
});

Deno.test("chat render: record links are reported for unfurling, at most five, distinct", () => {
  const ids = Array.from({ length: 7 }, (_, i) => `00000000-0000-4000-8000-00000000000${i}`);
  const body = ids.map((id) => `/deals/${id}`).join(" ") + ` /deals/${ids[0]}`;
  const { links } = renderMessage(body);
  assertEquals(links.length, 5);
  assertEquals(links[0], { record_type: "deal", record_id: ids[0] });
  const full = renderMessage(`https://crm.example.com/contacts/${ids[1]} https://evil.test/leads/${ids[2]}`, {
    publicUrl: "https://crm.example.com/",
  });
  assertEquals(full.links, [{ record_type: "contact", record_id: ids[1] }]);
});

Deno.test("chat render: plain words skip marked and the sanitizer, with the same HTML as the full path", () => {
  const same = (body: string) => assertEquals(renderMessage(body), renderMarkdown(body), JSON.stringify(body));
  for (
    const body of [
      "Fan-out message 12",
      "Hello, world!",
      "Is it ok?",
      "2024",
      "1",
      "Ça va, Zoë",
      "日本語 テキスト",
      "x²",
    ]
  ) same(body);
  // Random bodies from plain characters and the ones markdown reads (lists, rules, emphasis, links, entities):
  // whichever path a body takes, the result is what marked and the sanitizer make of it.
  const alphabet = [..."aZé1²日 ,-?!.*_#>&<'\"@:/\n"];
  let state = 7;
  const random = (n: number) => (state = (state * 1103515245 + 12345) % 2147483648) % n;
  for (let i = 0; i < 3000; i++) {
    same(Array.from({ length: 1 + random(12) }, () => alphabet[random(alphabet.length)]).join(""));
  }
});
