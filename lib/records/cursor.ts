// Keyset pagination cursors: the last row's sort value and id, opaque to clients.
import { AppError } from "../errors.ts";

export function encodeCursor(value: unknown, id: string): string {
  return btoa(JSON.stringify([value, id])).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
}

export function decodeCursor(cursor: string): [unknown, string] {
  try {
    const [value, id] = JSON.parse(atob(cursor.replace(/-/g, "+").replace(/_/g, "/")));
    if (typeof id !== "string") throw new Error("no id");
    return [value, id];
  } catch {
    throw new AppError("bad_request", "That page cursor is not valid. Start again from the first page.");
  }
}
