// The ledger's page cursor: the (created_at, id) of the last entry shown, so the next page starts strictly
// after it in newest-first order even when entries share a timestamp. Opaque to clients; pure.
import { isUuid } from "../ids.ts";

export interface LedgerCursor {
  createdAt: string;
  id: string;
}

export function encodeCursor(cursor: LedgerCursor): string {
  return btoa(`${cursor.createdAt}|${cursor.id}`).replace(/=+$/, "");
}

/** The cursor, or null when the text is not one of ours (the caller answers 422). */
export function decodeCursor(text: string): LedgerCursor | null {
  let plain: string;
  try {
    plain = atob(text);
  } catch {
    return null;
  }
  const [createdAt, id, ...rest] = plain.split("|");
  if (rest.length || !id || !isUuid(id) || Number.isNaN(Date.parse(createdAt))) return null;
  return { createdAt, id };
}
