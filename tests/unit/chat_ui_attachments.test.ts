import { assertEquals } from "../helpers/assert.ts";
import {
  attachmentsOf,
  escapeLinkText,
  fileMarkdown,
  insertFile,
  progressLabel,
} from "../../lib/chat/client/attachments.ts";
import { renderMessage } from "../../lib/chat/render.ts";

const ID = "0b9e8a52-4c1f-4a43-9a0e-0c1d2e3f4a5b";

Deno.test("fileMarkdown: images link their preview, other files their download", () => {
  const image = {
    id: ID,
    name: "shot [1].png",
    kind: "image",
    url: `/api/v1/files/${ID}/download?v=2`,
    preview_url: `/api/v1/files/${ID}/preview?v=2`,
  };
  assertEquals(fileMarkdown(image), `![shot (1).png](/api/v1/files/${ID}/preview?v=2)`);
  const pdf = { ...image, name: "deal_terms.pdf", kind: "pdf" };
  assertEquals(fileMarkdown(pdf), `[deal\\_terms.pdf](/api/v1/files/${ID}/download?v=2)`);
});

Deno.test("attachmentsOf reads file links back, once each, rebuilding URLs from id and version", () => {
  const body = `look ![shot (1).png](/api/v1/files/${ID}/preview?v=2)\n[again](/api/v1/files/${ID}/download?v=2)\n` +
    `[x](/api/v1/files/not-a-uuid/download?v=1) [evil](https://example.com/api/v1/files/${ID}/download?v=1)`;
  assertEquals(attachmentsOf(body), [{
    id: ID,
    name: "shot (1).png",
    version: 2,
    image: true,
    url: `/api/v1/files/${ID}/download?v=2`,
    preview_url: `/api/v1/files/${ID}/preview?v=2`,
  }]);
  assertEquals(attachmentsOf(`[a.pdf](/api/v1/files/${ID}/download?v=1)`)[0].image, false);
  assertEquals(attachmentsOf("no files here"), []);
});

Deno.test("the server renders a file link as a plain, same-origin link", () => {
  const md = fileMarkdown({
    id: ID,
    name: "a<b>.png",
    kind: "image",
    url: "",
    preview_url: `/api/v1/files/${ID}/preview?v=1`,
  });
  const { html } = renderMessage(md);
  assertEquals(html, `<p><a href="/api/v1/files/${ID}/preview?v=1">a&lt;b&gt;.png</a></p>`);
  assertEquals(attachmentsOf(md)[0].name, "a<b>.png");
  const pdf = fileMarkdown({
    id: ID,
    name: "*big*_plan.pdf",
    kind: "pdf",
    url: `/api/v1/files/${ID}/download?v=1`,
    preview_url: null,
  });
  assertEquals(renderMessage(pdf).html, `<p><a href="/api/v1/files/${ID}/download?v=1">*big*_plan.pdf</a></p>`);
  assertEquals(attachmentsOf(pdf)[0].name, "*big*_plan.pdf");
});

Deno.test("insertFile puts the link on a line of its own", () => {
  assertEquals(insertFile("", 0, "[f](u)"), { value: "[f](u)", caret: 6 });
  assertEquals(insertFile("hello", 5, "[f](u)"), { value: "hello\n[f](u)", caret: 12 });
  assertEquals(insertFile("ab", 1, "[f](u)"), { value: "a\n[f](u)\nb", caret: 8 });
  assertEquals(escapeLinkText("two\nlines"), "two lines");
  assertEquals(progressLabel(50, 200), "25%");
  assertEquals(progressLabel(0, 0), "0%");
});
