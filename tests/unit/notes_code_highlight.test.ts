// The note editor's code highlighting (lib/notes/client/code-highlight.ts): colours code blocks, keeps them when
// the collaboration binding re-renders equal content, shifts them past edits elsewhere, and recolours edited code.
import { assertEquals } from "../helpers/assert.ts";
import { getSchema } from "@tiptap/core";
import { EditorState } from "@tiptap/pm/state";
import { noteExtensions } from "../../lib/notes/schema.ts";
import { codeHighlightPlugin } from "../../lib/notes/client/code-highlight.ts";

const schema = getSchema(noteExtensions());

function start() {
  const doc = schema.nodeFromJSON({
    type: "doc",
    content: [
      { type: "paragraph", content: [{ type: "text", text: "Intro" }] },
      { type: "codeBlock", attrs: { language: "sql" }, content: [{ type: "text", text: "select stage from deals;" }] },
    ],
  });
  const plugin = codeHighlightPlugin();
  return { plugin, state: EditorState.create({ doc, plugins: [plugin] }) };
}

/** The keyword runs, as text. */
function keywords(state: EditorState, plugin: ReturnType<typeof codeHighlightPlugin>): string[] {
  return plugin.getState(state)!.find()
    .filter((d) => (d as unknown as { type: { attrs: { class: string } } }).type.attrs.class === "hljs-keyword")
    .map((d) => state.doc.textBetween(d.from, d.to));
}

Deno.test("code highlighting: colours SQL keywords", () => {
  const { plugin, state } = start();
  assertEquals(keywords(state, plugin), ["select", "from"]);
});

Deno.test("code highlighting: a re-render of equal content keeps the colours", () => {
  const { plugin, state } = start();
  const next = state.apply(state.tr.replaceWith(0, state.doc.content.size, state.doc.content));
  assertEquals(keywords(next, plugin), ["select", "from"]);
});

Deno.test("code highlighting: typing before the code shifts the colours with it", () => {
  const { plugin, state } = start();
  const next = state.apply(state.tr.insertText("Long ", 1));
  assertEquals(keywords(next, plugin), ["select", "from"]);
});

Deno.test("code highlighting: editing the code colours it again", () => {
  const { plugin, state } = start();
  const end = state.doc.content.size - 1;
  const next = state.apply(state.tr.insertText(" where value > 1", end - 1));
  assertEquals(keywords(next, plugin), ["select", "from", "where", "value"]);
});
