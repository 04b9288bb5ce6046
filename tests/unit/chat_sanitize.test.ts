// What a chat message can never carry into another person's browser: scripts, event handlers, styles,
// frames, script URLs. Raw HTML in a body is shown as text; the sanitizer allowlist catches the rest.
import { assert, assertEquals } from "../helpers/assert.ts";
import { renderMessage, sanitizeMessageHtml } from "../../lib/chat/render.ts";

const PAYLOADS = [
  "<script>alert(1)</script>",
  "<img src=x onerror=alert(1)>",
  "<svg onload=alert(1)>",
  '<iframe src="javascript:alert(1)"></iframe>',
  '<a href="javascript:alert(1)">x</a>',
  "[x](javascript:alert(1))",
  "[x](JAVASCRIPT:alert(1))",
  "[x](vbscript:msgbox(1))",
  "[x](data:text/html,<script>alert(1)</script>)",
  "![x](javascript:alert(1))",
  '<div style="position:fixed">overlay</div>',
  "<form action=/x><input name=a></form>",
  "<object data=x></object><embed src=x>",
  "<meta http-equiv=refresh content=0;url=//evil>",
  "<<script>script>alert(1)<</script>/script>",
  "`` <script>alert(1)</script> ``",
  "<details open ontoggle=alert(1)>",
  '[a](https://ok.test "title\\" onmouseover=alert(1)")',
];

function liveTags(html: string) {
  return html.match(/<[a-z][^>]*>/gi) ?? [];
}

Deno.test("chat sanitize: XSS payloads render as harmless text or safe tags", () => {
  for (const payload of PAYLOADS) {
    const { html } = renderMessage(payload);
    for (const tag of liveTags(html)) {
      assert(/^<(p|br|a|code|pre|strong|em)\b/i.test(tag), `${payload} → ${tag}`);
      assert(!/\son\w+\s*=|style\s*=|(javascript|vbscript|data):/i.test(tag), `${payload} → ${tag}`);
    }
  }
});

Deno.test("chat sanitize: raw HTML is escaped text, not dropped", () => {
  assertEquals(renderMessage("<b>hi</b> & bye").html, "<p>&lt;b&gt;hi&lt;/b&gt; &amp; bye</p>");
});

Deno.test("chat sanitize: the allowlist itself strips what marked could never produce", () => {
  assertEquals(sanitizeMessageHtml('<p onclick="x()">a<script>b()</script></p>'), "<p>a</p>");
  assertEquals(
    sanitizeMessageHtml('<span class="mention evil" style="x" data-user-id="1">@A</span>'),
    '<span class="mention" data-user-id="1">@A</span>',
  );
  assertEquals(sanitizeMessageHtml('<a href="//evil.test/x">x</a>'), "<a>x</a>");
  assertEquals(sanitizeMessageHtml('<img src="https://x.test/a.png">'), "");
});
