// The code-highlighting chunk (loaded by highlight.ts when a note has a code block): lowlight with the
// languages of languages.ts, and a ProseMirror plugin that colours code blocks with decorations. The document
// is not touched: highlighting is never part of what collaborators sync.
import { Plugin, PluginKey } from "@tiptap/pm/state";
import type { EditorState, Transaction } from "@tiptap/pm/state";
import type { Node as PmNode } from "@tiptap/pm/model";
import { Decoration, DecorationSet } from "@tiptap/pm/view";
import { createLowlight } from "lowlight";
import { common } from "./languages.ts";

const CODE_BLOCK = "codeBlock";
const lowlight = createLowlight(common);

interface Token {
  text: string;
  classes: string[];
}

type HastNode = { type: string; value?: string; properties?: { className?: string[] }; children?: HastNode[] };

/** Flattens lowlight's tree into runs of text with the classes of every element around them. */
function tokens(nodes: HastNode[], classes: string[] = []): Token[] {
  return nodes.flatMap((node) => {
    if (node.type === "text") return [{ text: node.value ?? "", classes }];
    return tokens(node.children ?? [], [...classes, ...(node.properties?.className ?? [])]);
  });
}

function highlightCode(language: string | null, code: string): Token[] {
  const tree = language && lowlight.registered(language)
    ? lowlight.highlight(language, code)
    : lowlight.highlightAuto(code);
  return tokens(tree.children as HastNode[]);
}

function codeBlocks(doc: PmNode): { node: PmNode; pos: number }[] {
  const blocks: { node: PmNode; pos: number }[] = [];
  doc.descendants((node, pos) => {
    if (node.type.name === CODE_BLOCK) blocks.push({ node, pos });
    return node.type.name !== CODE_BLOCK;
  });
  return blocks;
}

function decorate(doc: PmNode): DecorationSet {
  const decorations: Decoration[] = [];
  for (const { node, pos } of codeBlocks(doc)) {
    let from = pos + 1;
    for (const token of highlightCode(node.attrs.language ?? null, node.textContent)) {
      const to = from + token.text.length;
      if (token.classes.length) decorations.push(Decoration.inline(from, to, { class: token.classes.join(" ") }));
      from = to;
    }
  }
  return DecorationSet.create(doc, decorations);
}

/**
 * The decorations after a change. Collaborative edits may replace a whole range with mostly equal content (the
 * Yjs binding re-renders), and mapping through such a step would drop every decoration in it; so the change
 * is measured by comparing the documents: unchanged text keeps its colours (shifted), and a difference that
 * touches a code block colours the document again.
 */
function nextDecorations(tr: Transaction, set: DecorationSet, before: EditorState): DecorationSet {
  if (!tr.docChanged) return set;
  const start = before.doc.content.findDiffStart(tr.doc.content);
  if (start === null) return set;
  const end = before.doc.content.findDiffEnd(tr.doc.content) ?? { a: before.doc.content.size, b: tr.doc.content.size };
  const changedTo = Math.max(end.b, start);
  const touchesCode = codeBlocks(tr.doc).some(({ node, pos }) => pos <= changedTo && pos + node.nodeSize >= start);
  if (touchesCode) return decorate(tr.doc);
  const shift = end.b - end.a;
  const kept = set.find().flatMap((d) => {
    if (d.to <= start) return [d];
    if (d.from >= end.a) return [Decoration.inline(d.from + shift, d.to + shift, (d as unknown as Inline).type.attrs)];
    return [];
  });
  return DecorationSet.create(tr.doc, kept);
}

/** The part of an inline decoration's internals read above (ProseMirror keeps the attrs there). */
type Inline = { type: { attrs: Record<string, string> } };

const key = new PluginKey<DecorationSet>("leadlyCodeHighlight");

export function codeHighlightPlugin(): Plugin<DecorationSet> {
  return new Plugin<DecorationSet>({
    key,
    state: {
      init: (_, state) => decorate(state.doc),
      apply: (tr, set, before) => nextDecorations(tr, set, before),
    },
    props: {
      decorations: (state) => key.getState(state),
    },
  });
}
