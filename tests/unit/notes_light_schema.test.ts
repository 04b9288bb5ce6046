// The browser editor builds its schema from light nodes (lib/notes/client/extensions.ts) so tables, links,
// mentions and images cost nothing on first load; the server builds it from Tiptap's full extensions
// (lib/notes/schema.ts). They must be the same schema: a node the browser did not know would be dropped by
// ProseMirror and then deleted from the shared Yjs document for everyone. These tests compare the two specs
// and the HTML each renders and parses for a note that uses every node and mark.
import { getSchema } from "@tiptap/core";
import type { Schema } from "@tiptap/pm/model";
import { assertEquals } from "../helpers/assert.ts";
import { noteExtensions } from "../../lib/notes/schema.ts";
import { browserNoteExtensions } from "../../lib/notes/client/extensions.ts";
import { isAllowedHref } from "../../lib/notes/client/light-inline.ts";
import type { PmJson } from "../../lib/notes/content.ts";

const SPEC_FIELDS = [
  "content",
  "group",
  "inline",
  "atom",
  "selectable",
  "draggable",
  "isolating",
  "defining",
  "code",
  "marks",
  "whitespace",
  "tableRole",
  "inclusive",
  "excludes",
  "spanning",
] as const;

/** What decides which documents a schema accepts, type by type, in the schema's order. */
function shape(schema: Schema) {
  const describe = (type: { name: string; spec: Record<string, unknown> }) => ({
    name: type.name,
    ...Object.fromEntries(SPEC_FIELDS.map((field) => [field, type.spec[field]])),
    attrs: Object.fromEntries(
      Object.entries((type.spec.attrs ?? {}) as Record<string, { default?: unknown }>).map((
        [name, attr],
      ) => [name, attr.default]),
    ),
    parse: ((type.spec.parseDOM ?? []) as { tag?: string; style?: string }[]).map((rule) => rule.tag ?? rule.style),
  });
  return {
    nodes: Object.values(schema.nodes).map(describe),
    marks: Object.values(schema.marks).map(describe),
  };
}

const server = () => noteExtensions({ placeholder: "x" });
const browser = () => browserNoteExtensions({ placeholder: "x" });

const text = (value: string, marks?: PmJson[]): PmJson => ({ type: "text", text: value, ...(marks ? { marks } : {}) });
const para = (...content: PmJson[]): PmJson => ({ type: "paragraph", content });
const cell = (type: string, value: string, attrs?: Record<string, unknown>): PmJson => ({
  type,
  ...(attrs ? { attrs } : {}),
  content: [para(text(value))],
});

/** A note with every node and mark the schema has, attributes set where they render. */
const EVERYTHING: PmJson = {
  type: "doc",
  content: [
    { type: "heading", attrs: { level: 2 }, content: [text("Plan")] },
    para(
      text("bold ", [{ type: "bold" }]),
      text("italic ", [{ type: "italic" }]),
      text("strike ", [{ type: "strike" }]),
      text("under ", [{ type: "underline" }]),
      text("code", [{ type: "code" }]),
      { type: "hardBreak" },
      text("site", [{ type: "link", attrs: { href: "https://example.com", title: "Ex" } }]),
      text(" bad", [{ type: "link", attrs: { href: "javascript:alert(1)" } }]),
      { type: "mention", attrs: { id: "11111111-1111-1111-1111-111111111111", label: "Bob" } },
      {
        type: "recordMention",
        attrs: { id: "22222222-2222-2222-2222-222222222222", label: "Globex", recordType: "company" },
      },
    ),
    { type: "blockquote", content: [para(text("quote"))] },
    { type: "bulletList", content: [{ type: "listItem", content: [para(text("one"))] }] },
    { type: "orderedList", attrs: { start: 3 }, content: [{ type: "listItem", content: [para(text("three"))] }] },
    {
      type: "taskList",
      content: [{ type: "taskItem", attrs: { checked: true }, content: [para(text("done"))] }],
    },
    { type: "codeBlock", attrs: { language: "sql" }, content: [text("select 1;")] },
    { type: "horizontalRule" },
    {
      type: "table",
      content: [
        { type: "tableRow", content: [cell("tableHeader", "Plan"), cell("tableHeader", "Price", { align: "right" })] },
        {
          type: "tableRow",
          content: [
            cell("tableCell", "Pro", { colwidth: [120] }),
            cell("tableCell", "$10", { colspan: 1, rowspan: 1 }),
          ],
        },
      ],
    },
    { type: "image", attrs: { src: "https://example.com/a.png", alt: "A", title: "T", width: 200 } },
    para(text("end")),
  ],
};

Deno.test("notes light schema: the browser's schema equals the server's, type by type", () => {
  assertEquals(shape(getSchema(browser())), shape(getSchema(server())));
});

Deno.test("notes light schema: every node renders the same HTML in the browser as on the server", async () => {
  const { generateHTML } = await import("@tiptap/html");
  assertEquals(generateHTML(EVERYTHING, browser()), generateHTML(EVERYTHING, server()));
});

Deno.test("notes light schema: pasted HTML parses to the same document in the browser as on the server", async () => {
  const { generateHTML, generateJSON } = await import("@tiptap/html");
  const html = generateHTML(EVERYTHING, server()) +
    '<table><tr><td></td><th style="text-align: center">x</th></tr></table>' +
    '<p><a href="javascript:alert(1)">no</a><img src="data:image/png;base64,AAAA"></p>';
  const fromBrowser = generateJSON(html, browser());
  assertEquals(fromBrowser, generateJSON(html, server()));
  // Nothing was lost on the way: the table, the image and the code block are all there.
  const types = JSON.stringify(fromBrowser);
  for (const type of ["table", "tableHeader", "image", "codeBlock", "mention", "link"]) {
    assertEquals(types.includes(`"type":"${type}"`), true, type);
  }
});

Deno.test("notes light schema: links keep web, mail and phone addresses and drop scripts", () => {
  for (const href of ["https://a.test", "mailto:a@b.test", "tel:+1", "/deals/1", "#x", "", null]) {
    assertEquals(isAllowedHref(href), true, String(href));
  }
  for (const href of ["javascript:alert(1)", " JavaScript:x", "java\nscript:x", "data:text/html,x", "vbscript:x"]) {
    assertEquals(isAllowedHref(href), false, href);
  }
});
