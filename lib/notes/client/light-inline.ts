// The link mark, the "@"/"#" mention nodes and the image node of the note schema, without the heavy parts of
// their Tiptap extensions: linkifyjs (autolink, ~13 KB gzip with the link extension) and @tiptap/suggestion +
// floating-ui (~9 KB) load later, from typing-aids.ts, when the person starts to edit. Names, attributes,
// parse rules and HTML equal the server's (lib/notes/schema.ts; tests/unit/notes_light_schema.test.ts), so a
// link, mention or image another person writes is never dropped from the shared document.
import { type Attributes, Mark, mergeAttributes, Node, nodeInputRule } from "@tiptap/core";
import type { Node as PmNode } from "@tiptap/pm/model";
// Types only (erased from the bundle): the setLink/setImage commands' signatures.
import type {} from "@tiptap/extension-link";
import type {} from "@tiptap/extension-image";
import { recordPath } from "../schema-shared.ts";

/** The link options of lib/notes/schema.ts (StarterKit's `link`), shared with typing-aids.ts. */
export const LINK_OPTIONS = {
  openOnClick: false,
  autolink: true,
  protocols: ["http", "https", "mailto", "tel"],
};

/** Schemes a link may use besides relative addresses: Tiptap's defaults plus the configured ones. */
const LINK_SCHEMES = ["http", "https", "ftp", "ftps", "mailto", "tel", "callto", "sms", "cid", "xmpp"];

/** True for an address the link mark keeps: no scheme (relative), or a scheme of LINK_SCHEMES. */
export function isAllowedHref(href: string | null | undefined): boolean {
  if (!href) return true;
  // Control characters and whitespace inside a scheme ("java\nscript:") must not sneak one past the check.
  const clean = href.replace(/[\0- \u00a0\u1680\u180e\u2000-\u2029\u205f\u3000]/g, "");
  const scheme = /^([a-z][a-z0-9+.-]*):/i.exec(clean);
  return !scheme || LINK_SCHEMES.includes(scheme[1].toLowerCase());
}

const LINK_HTML = { target: "_blank", rel: "noopener noreferrer nofollow", class: null };

export const Link = Mark.create({
  name: "link",
  priority: 1000,
  keepOnSplit: false,
  exitable: true,
  // Tiptap's link is inclusive while autolink is on: typing at a link's end extends it.
  inclusive: () => LINK_OPTIONS.autolink,
  addAttributes() {
    return {
      href: { default: null, parseHTML: (element) => element.getAttribute("href") },
      target: { default: LINK_HTML.target },
      rel: { default: LINK_HTML.rel },
      class: { default: LINK_HTML.class },
      title: { default: null },
    };
  },
  parseHTML() {
    return [{
      tag: "a[href]",
      getAttrs: (dom: HTMLElement) => {
        const href = dom.getAttribute("href");
        return href && isAllowedHref(href) ? null : false;
      },
    }];
  },
  renderHTML({ HTMLAttributes }) {
    const href = isAllowedHref(HTMLAttributes.href) ? HTMLAttributes.href : "";
    return ["a", mergeAttributes(LINK_HTML, { ...HTMLAttributes, href }), 0];
  },
  addCommands() {
    return {
      setLink: (attributes) => ({ chain }) =>
        isAllowedHref(attributes.href) &&
        chain().setMark(this.name, attributes).setMeta("preventAutolink", true).run(),
      toggleLink: (attributes) => ({ chain }) =>
        (!attributes?.href || isAllowedHref(attributes.href)) &&
        chain().toggleMark(this.name, attributes, { extendEmptyMarkRange: true }).setMeta("preventAutolink", true)
          .run(),
      unsetLink: () => ({ chain }) =>
        chain().unsetMark(this.name, { extendEmptyMarkRange: true }).setMeta("preventAutolink", true).run(),
    };
  },
});

/**
 * Backspace right after a mention turns it back into its trigger character ("@" or "#"), so the menu can
 * open again (Tiptap's Mention does the same).
 */
function backspaceIntoTrigger(name: string) {
  return function (this: { editor: import("@tiptap/core").Editor }) {
    return {
      Backspace: () =>
        this.editor.commands.command(({ tr, state }) => {
          const { empty, anchor } = state.selection;
          if (!empty) return false;
          let found: { node: PmNode; pos: number } | null = null;
          state.doc.nodesBetween(anchor - 1, anchor, (node, pos) => {
            if (node.type.name !== name) return;
            found = { node, pos };
            return false;
          });
          if (!found) return false;
          const { node, pos } = found as { node: PmNode; pos: number };
          tr.insertText(node.attrs.mentionSuggestionChar, pos, pos + node.nodeSize);
          return true;
        }),
    };
  };
}

function textAttribute(name: string): Attributes[string] {
  return {
    default: null,
    parseHTML: (element) => element.getAttribute(`data-${name}`),
    renderHTML: (attributes) => attributes[name] ? { [`data-${name}`]: attributes[name] } : {},
  };
}

/** "@" teammates: `<span data-type="mention" class="mention" data-id data-label>@Name</span>`. */
export const Mention = Node.create({
  name: "mention",
  priority: 101,
  group: "inline",
  inline: true,
  selectable: false,
  atom: true,
  addAttributes() {
    return {
      id: textAttribute("id"),
      label: textAttribute("label"),
      mentionSuggestionChar: {
        default: "@",
        parseHTML: (element) => element.getAttribute("data-mention-suggestion-char"),
        renderHTML: (attributes) => ({ "data-mention-suggestion-char": attributes.mentionSuggestionChar }),
      },
    };
  },
  parseHTML: () => [{ tag: 'span[data-type="mention"]' }],
  renderHTML({ node, HTMLAttributes }) {
    return [
      "span",
      mergeAttributes({ class: "mention" }, { "data-type": "mention" }, HTMLAttributes),
      `@${node.attrs.label ?? node.attrs.id}`,
    ];
  },
  renderText: ({ node }) => `@${node.attrs.label ?? node.attrs.id}`,
  addKeyboardShortcuts: backspaceIntoTrigger("mention"),
});

/** "#" links to deals, contacts and companies (lib/notes/schema.ts's RecordMention). */
export const RecordMention = Mention.extend({
  name: "recordMention",
  addAttributes() {
    return {
      id: textAttribute("id"),
      label: textAttribute("label"),
      recordType: {
        default: "deal",
        parseHTML: (el: HTMLElement) => el.getAttribute("data-record-type") ?? "deal",
        renderHTML: (attrs: Record<string, unknown>) => ({ "data-record-type": attrs.recordType }),
      },
      mentionSuggestionChar: { default: "#", parseHTML: () => "#", renderHTML: () => ({}) },
    };
  },
  parseHTML: () => [{ tag: 'a[data-type="recordMention"]' }, { tag: 'span[data-type="recordMention"]' }],
  renderHTML({ node, HTMLAttributes }) {
    const type = String(node.attrs.recordType ?? "deal");
    const id = String(node.attrs.id ?? "");
    return [
      "a",
      mergeAttributes(
        { "data-type": "recordMention", href: recordPath(type, id), class: "record-mention" },
        HTMLAttributes,
      ),
      `#${node.attrs.label ?? id}`,
    ];
  },
  renderText: ({ node }) => `#${node.attrs.label ?? node.attrs.id}`,
  addKeyboardShortcuts: backspaceIntoTrigger("recordMention"),
});

/** `![alt](src "title")` typed at the end of a line becomes an image (Tiptap's Image input rule). */
const IMAGE_INPUT = /(?:^|\s)(!\[(.+|:?)]\((\S+)(?:(?:\s+)["'](\S+)["'])?\))$/;

/** Block images; no data: URLs (images are uploaded files or https addresses). */
export const Image = Node.create({
  name: "image",
  inline: false,
  group: "block",
  draggable: true,
  addAttributes() {
    return {
      src: { default: null },
      alt: { default: null },
      title: { default: null },
      width: { default: null },
      height: { default: null },
    };
  },
  parseHTML: () => [{ tag: 'img[src]:not([src^="data:"])' }],
  renderHTML: ({ HTMLAttributes }) => ["img", mergeAttributes(HTMLAttributes)],
  addCommands() {
    return {
      setImage: (options) => ({ commands }) => commands.insertContent({ type: this.name, attrs: options }),
    };
  },
  addInputRules() {
    return [nodeInputRule({
      find: IMAGE_INPUT,
      type: this.type,
      getAttributes: ([, , alt, src, title]) => ({ src, alt, title }),
    })];
  },
});
