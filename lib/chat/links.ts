// Links to records of this app inside a message: `/deals/<id>`, `/contacts/<id>`, `/companies/<id>`,
// `/leads/<id>`, `/tasks/<id>`, written as a path or as a full URL of this app.
import { UUID_PATTERN } from "../ids.ts";
import { RECORD_KINDS, type RecordKind } from "../record-types.ts";

/** The kinds of record a message can link to: those with pages of their own (lib/record-types.ts). */
export type LinkedRecordType = Exclude<RecordKind, "activity">;

export const RECORD_TYPES_BY_PATH = Object.fromEntries(
  Object.entries(RECORD_KINDS).flatMap(([kind, info]) => info.path ? [[info.path, kind]] : []),
) as Record<string, LinkedRecordType>;

export interface RecordLink {
  record_type: LinkedRecordType;
  record_id: string;
}

export const MAX_UNFURLS = 5;

/** A record path, ending at a word boundary (not followed by more path or id characters). */
export const RECORD_PATH = new RegExp(`/(${Object.keys(RECORD_TYPES_BY_PATH).join("|")})/(${UUID_PATTERN})(?![\\w/-])`);

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
    const record_type = RECORD_TYPES_BY_PATH[match[1]];
    const record_id = match[2].toLowerCase();
    const key = `${record_type}:${record_id}`;
    if (seen.has(key)) continue;
    seen.add(key);
    links.push({ record_type, record_id });
    if (links.length === MAX_UNFURLS) break;
  }
  return links;
}
