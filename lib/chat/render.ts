// Chat message bodies: a small markdown (bold, italic, code, code blocks, lists, links) with @mentions written
// `@[Name](user:<uuid>)` or `@channel`, and links to records of this app. Rendered on the server with marked
// and then sanitized with an allowlist, so `body_html` is the only HTML a browser ever shows; raw HTML in a
// body is shown as text, never interpreted.
import { Marked, type Tokens } from "marked";
import sanitizeHtml from "sanitize-html";
import { findRecordLinks, RECORD_PATH, type RecordLink } from "./links.ts";
import { UUID_PATTERN } from "../ids.ts";

export const MAX_BODY_CHARS = 4000;

const USER_MENTION = new RegExp(`^@\\[([^\\]\\n]{1,100})\\]\\(user:(${UUID_PATTERN})\\)`);
const USER_MENTIONS = new RegExp(`@\\[([^\\]\\n]{1,100})\\]\\(user:(${UUID_PATTERN})\\)`, "g");
const CHANNEL_MENTION = /^@channel(?![\w-])/;
// "@channel" as a word: not the middle of an e-mail address or of another word
const CHANNEL_MENTIONS = /(^|[^\w@.\-])@channel(?![\w-])/;

export interface Mentions {
  /** Distinct user ids, in order of first appearance, lower case. */
  userIds: string[];
  channel: boolean;
}

/**
 * Who a body mentions, read from its source. A superset of what `renderMessage` reports (which skips
 * mentions inside code); used to look names up before rendering.
 */
export function parseMentions(body: string): Mentions {
  const ids = new Set<string>();
  for (const match of body.matchAll(USER_MENTIONS)) ids.add(match[2].toLowerCase());
  return { userIds: [...ids], channel: CHANNEL_MENTIONS.test(body) };
}

export interface RenderOptions {
  /** Display names of the people who may be mentioned (team members), by lower-case user id. */
  names?: ReadonlyMap<string, string>;
  /** The app's public URL: links to `<publicUrl>/deals/<id>` count as record links too. */
  publicUrl?: string;
}

export interface Rendered {
  html: string;
  /** People actually mentioned (known names, outside code), in order. */
  mentions: string[];
  mentionChannel: boolean;
  /** Links to records of this app, in order, at most 5. */
  links: RecordLink[];
}

const escapeHtml = (text: string) =>
  text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;").replace(
    /'/g,
    "&#39;",
  );

interface RenderState {
  names: ReadonlyMap<string, string>;
  mentions: Set<string>;
  channel: boolean;
}

// marked renders synchronously, so the state of the render in progress can live here.
let state: RenderState = { names: new Map(), mentions: new Set(), channel: false };

const RECORD_PATH_AT_START = new RegExp(`^${RECORD_PATH.source}`);

const markdown = new Marked({
  gfm: true,
  breaks: true,
  async: false,
  extensions: [
    {
      name: "mention",
      level: "inline",
      start(src: string) {
        // "@" starting a word, not the one inside an e-mail address
        const match = /(^|[^\w@.+-])@/.exec(src);
        return match ? match.index + match[1].length : undefined;
      },
      tokenizer(src: string, tokens: Tokens.Generic[]) {
        const previous = tokens[tokens.length - 1];
        if (previous?.type === "text" && /[\w@.+-]$/.test(previous.raw)) return undefined;
        const user = USER_MENTION.exec(src);
        if (user) return { type: "mention", raw: user[0], name: user[1], userId: user[2].toLowerCase() };
        const channel = CHANNEL_MENTION.exec(src);
        if (channel) return { type: "mention", raw: channel[0], channel: true };
        return undefined;
      },
      renderer(token: Tokens.Generic) {
        if (token.channel) {
          state.channel = true;
          return '<span class="mention mention-channel">@channel</span>';
        }
        const name = state.names.get(token.userId);
        // someone who cannot be mentioned here stays plain text
        if (name === undefined) return escapeHtml(`@${token.name}`);
        state.mentions.add(token.userId);
        return `<span class="mention" data-user-id="${token.userId}">@${escapeHtml(name)}</span>`;
      },
    },
    {
      // "/deals/<id>" written as plain text becomes a link (full URLs are GFM autolinks already)
      name: "recordPath",
      level: "inline",
      start(src: string) {
        const match = /(^|[\s(])\/(deals|contacts|companies|leads|tasks)\//.exec(src);
        return match ? match.index + match[1].length : undefined;
      },
      tokenizer(src: string, tokens: Tokens.Generic[]) {
        const previous = tokens[tokens.length - 1];
        if (previous?.type === "text" && /[^\s(]$/.test(previous.raw)) return undefined;
        const match = RECORD_PATH_AT_START.exec(src);
        if (!match) return undefined;
        return { type: "recordPath", raw: match[0], href: match[0] };
      },
      renderer(token: Tokens.Generic) {
        return `<a href="${escapeHtml(token.href)}">${escapeHtml(token.href)}</a>`;
      },
    },
  ],
  renderer: {
    // raw HTML typed into a message is text
    html({ text }: Tokens.HTML | Tokens.Tag) {
      return escapeHtml(text);
    },
    // no remote images in chat: an image becomes a link to it
    image({ href, text }: Tokens.Image) {
      return `<a href="${escapeHtml(href)}">${escapeHtml(text || href)}</a>`;
    },
    // headings would shout in a conversation: bold paragraphs instead
    heading({ tokens }: Tokens.Heading) {
      return `<p><strong>${this.parser.parseInline(tokens)}</strong></p>\n`;
    },
  },
});

const SANITIZE: sanitizeHtml.IOptions = {
  allowedTags: [
    "p",
    "br",
    "strong",
    "b",
    "em",
    "i",
    "del",
    "s",
    "code",
    "pre",
    "blockquote",
    "ul",
    "ol",
    "li",
    "a",
    "span",
    "hr",
    "table",
    "thead",
    "tbody",
    "tr",
    "th",
    "td",
  ],
  allowedAttributes: {
    a: ["href", "rel", "target"],
    span: ["class", "data-user-id"],
    code: ["class"],
    ol: ["start"],
    th: ["align"],
    td: ["align"],
  },
  allowedClasses: { span: ["mention", "mention-channel"], code: ["language-*"] },
  allowedSchemes: ["http", "https", "mailto"],
  allowedSchemesAppliedToAttributes: ["href"],
  allowProtocolRelative: false,
  disallowedTagsMode: "discard",
  transformTags: {
    a(tagName, attribs) {
      const href = attribs.href ?? "";
      const external = /^[a-z][a-z0-9+.-]*:/i.test(href);
      const kept: sanitizeHtml.Attributes = href ? { href } : {};
      if (external) Object.assign(kept, { rel: "noopener noreferrer nofollow", target: "_blank" });
      return { tagName, attribs: kept };
    },
  },
};

/** Sanitizes HTML to what chat messages may contain. */
export function sanitizeMessageHtml(html: string): string {
  return sanitizeHtml(html, SANITIZE);
}

/**
 * A body of plain words: letters and digits, with single spaces, commas and hyphens between them and an
 * optional ? or ! at the end. No markdown, no HTML, no entity, no mention and no link can be written with
 * these, so marked wraps it in one paragraph and sanitizing leaves it as it is. Most chat messages are like
 * that, and marked plus sanitize-html cost ~0.4 ms of the app's thread on the way of every send; such a body
 * skips both (tests/unit/chat_render.test.ts holds the shortcut to what the full path renders).
 */
const PLAIN_WORDS = /^[\p{L}\p{N}]+(?:(?:, ?| |-)[\p{L}\p{N}]+)*[?!]?$/u;

/** Renders a message body to safe HTML and reports the mentions and record links it contains. */
export function renderMessage(body: string, options: RenderOptions = {}): Rendered {
  if (PLAIN_WORDS.test(body)) return { html: `<p>${body}</p>`, mentions: [], mentionChannel: false, links: [] };
  return renderMarkdown(body, options);
}

/** `renderMessage` through marked and the sanitizer, whatever the body (the full path). */
export function renderMarkdown(body: string, options: RenderOptions = {}): Rendered {
  const previous = state;
  state = { names: options.names ?? new Map(), mentions: new Set(), channel: false };
  try {
    const html = sanitizeMessageHtml(markdown.parse(body) as string).trim();
    return {
      html,
      mentions: [...state.mentions],
      mentionChannel: state.channel,
      links: findRecordLinks(body, options.publicUrl),
    };
  } finally {
    state = previous;
  }
}
