// The messages between the app's thread (worker-engine.ts) and the database worker (worker.ts).
// Every request carries an id and gets exactly one reply with that id; notifications come unasked.
// A transaction's messages (begin, its statements, end) are sent without waiting for each other: the worker
// runs them in order, so a statement costs one round trip and entering the role none of its own. A `whole`
// transaction (begin, role, statements, commit) is one message and one reply.
import type { Enter } from "./engine.ts";
import type { Statement } from "./transaction.ts";

export type Request =
  | { op: "open"; id: number; dataDir?: string; loadDataDir?: ArrayBuffer }
  | { op: "query"; id: number; sql: string; params?: unknown[]; tx?: number }
  | { op: "exec"; id: number; sql: string; tx?: number }
  | { op: "begin"; id: number; tx: number; enter: Enter }
  | { op: "end"; id: number; tx: number; commit: boolean }
  /** A short transaction run whole in the worker, in one message (whole-transaction.ts): replies its results. */
  | { op: "whole"; id: number; enter: Enter; statements: Statement[] }
  | { op: "listen"; id: number; channel: string; listener: number }
  | { op: "unlisten"; id: number; listener: number }
  | { op: "dump"; id: number }
  | { op: "close"; id: number; exclusive: boolean };

export type Reply =
  | { id: number; ok: true; value?: unknown }
  | { id: number; ok: false; error: WireError }
  | { notify: number; payload: string };

/** An error as it crosses threads: its message, class name and Postgres' fields (code, detail, constraint…). */
export interface WireError {
  name: string;
  message: string;
  stack?: string;
  fields: Record<string, string | number | boolean | null>;
}

export function errorToWire(error: unknown): WireError {
  if (!(error instanceof Error)) return { name: "Error", message: String(error), fields: {} };
  const fields: WireError["fields"] = {};
  for (const [key, value] of Object.entries(error)) {
    if (value === null || ["string", "number", "boolean"].includes(typeof value)) {
      fields[key] = value as string | number | boolean | null;
    }
  }
  return { name: error.name, message: error.message, stack: error.stack, fields };
}

/** The error again on this side, with the same fields (toHttpError reads `code`, `constraint`, `message`). */
export function errorFromWire(wire: WireError): Error {
  const error = new Error(wire.message);
  Object.assign(error, wire.fields);
  error.name = wire.name;
  if (wire.stack) error.stack = `${wire.stack}\n    (in the database worker)`;
  return error;
}
