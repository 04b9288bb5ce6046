// Links to records of this app inside a message: `/deals/<id>`, `/contacts/<id>`, `/companies/<id>`,
// `/leads/<id>`, `/tasks/<id>`, written as a path or as a full URL of this app.

export const RECORD_TYPES_BY_PATH = {
  deals: "deal",
  contacts: "contact",
  companies: "company",
  leads: "lead",
  tasks: "task",
} as const;

export type LinkedRecordType = (typeof RECORD_TYPES_BY_PATH)[keyof typeof RECORD_TYPES_BY_PATH];

export interface RecordLink {
  record_type: LinkedRecordType;
  record_id: string;
}

export const MAX_UNFURLS = 5;

/** A record path, ending at a word boundary (not followed by more path or id characters). */
export const RECORD_PATH =
  /\/(deals|contacts|companies|leads|tasks)\/([0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12})(?![\w/-])/;

const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

/** The record links in a body, distinct, in order of appearance, at most MAX_UNFURLS. */
export function findRecordLinks(body: string, publicUrl?: string): RecordLink[] {
  const origin = publicUrl ? escapeRegExp(publicUrl.replace(/\/+$/, "")) : null;
  // a bare path starts a word; a full URL must be this app's
  const prefix = origin ? `(?:(?<=^|[\\s(<\\[])|${origin})` : `(?<=^|[\\s(<\\[])`;
  const pattern = new RegExp(prefix + RECORD_PATH.source, "g");
  const seen = new Set<string>();
  const links: RecordLink[] = [];
  for (const match of body.matchAll(pattern)) {
    const record_type = RECORD_TYPES_BY_PATH[match[1] as keyof typeof RECORD_TYPES_BY_PATH];
    const record_id = match[2].toLowerCase();
    const key = `${record_type}:${record_id}`;
    if (seen.has(key)) continue;
    seen.add(key);
    links.push({ record_type, record_id });
    if (links.length === MAX_UNFURLS) break;
  }
  return links;
}
