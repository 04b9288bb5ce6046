// A short transaction run whole in one pass through PGlite: enter the role (transaction.ts), run the
// statements, commit. For hot one-statement writes (chat:send), where the fixed cost of a transaction was
// most of the price: PGlite's own `transaction()` takes 16 calls into Postgres for begin, the role, one
// statement and commit (every statement is parse, describe, bind, describe, execute and sync, each a call
// of its own), and in the worker each step waited for the app's thread.
//
// Here the messages of the extended protocol are pipelined, the way libpq's pipeline mode sends them: the
// entering statement and each statement's Parse go in one call (Postgres answers the parameter types, which
// decide how PGlite serializes the values, exactly as `pg.query` does), its Bind/Describe/Execute in the
// next, and a single Sync at the end. Postgres runs everything before a Sync in one implicit transaction and
// commits at the Sync; after an error it skips every message up to the Sync and rolls back. So: two calls
// for a one-statement transaction, the same statements, role and claims as `runTransaction`, the same
// commit (and its notifications, and the file-system sync) as PGlite's COMMIT.
//
// Statements are parsed after the previous one ran (one call each), so the role and claims set by the
// entering statement are in force when the next is planned, as in a transaction opened with BEGIN.
import { parse, type PGlite, protocol, type Results } from "@electric-sql/pglite";
import type { Enter, QueryResult } from "./engine.ts";
import { serviceEntry, type Statement, userEntry } from "./transaction.ts";

const { serialize } = protocol;

/** The statement that enters `enter`'s role and claims, or none for the owner. */
export function entryOf(enter: Enter): Statement | null {
  if (enter.as === "user") return userEntry(enter.claims);
  if (enter.as === "service") return serviceEntry(enter.reason);
  return null;
}

function concat(parts: Uint8Array[]): Uint8Array {
  const bytes = new Uint8Array(parts.reduce((sum, part) => sum + part.length, 0));
  let at = 0;
  for (const part of parts) {
    bytes.set(part, at);
    at += part.length;
  }
  return bytes;
}

/** The values as text for Postgres, by the parameter types it answered (what PGlite's `query` does). */
function serializeParams(pg: PGlite, params: unknown[], types: number[]): (string | null)[] {
  return params.map((param, i) => {
    if (param === null || param === undefined) return null;
    const serializer = pg.serializers[types[i]];
    return serializer ? serializer(param) : String(param);
  });
}

/** Parse + Bind + Execute of a statement whose parameters are all text (the entering statement). */
function textStatement(statement: Statement): Uint8Array[] {
  return [
    serialize.parse({ text: statement.sql }),
    serialize.bind({ values: statement.params.map((p) => (p === null ? null : String(p))) }),
    serialize.execute(),
  ];
}

/**
 * Runs `statements` in one transaction entered as `enter` and commits it, or rolls it all back and throws
 * the first error (a Postgres error with its code, detail and constraint, as `pg.query` throws it).
 */
export async function runWholeTransaction(
  pg: PGlite,
  enter: Enter,
  statements: Statement[],
): Promise<QueryResult[]> {
  if (statements.length === 0) throw new Error("A whole transaction needs at least one statement.");
  const entry = entryOf(enter);
  // Both of PGlite's locks, as `pg.transaction` and `pg.query` take them: nothing else may run between our
  // calls while the implicit transaction is open.
  return await pg._runExclusiveTransaction(() =>
    pg._runExclusiveQuery(async () => {
      const results: QueryResult[] = [];
      let synced = false;
      try {
        for (const [i, statement] of statements.entries()) {
          const last = i === statements.length - 1;
          const described = await pg.execProtocol(
            concat([
              ...(i === 0 && entry ? textStatement(entry) : []),
              serialize.parse({ text: statement.sql }),
              serialize.describe({ type: "S" }),
            ]),
            { syncToFs: false },
          );
          const types = parse.parseDescribeStatementResults(described.messages);
          const values = serializeParams(pg, statement.params, types);
          // The last statement carries the Sync (the commit); it is sent even when the statement fails.
          synced = last;
          const ran = await pg.execProtocol(
            concat([
              serialize.bind({ values }),
              serialize.describe({ type: "P" }),
              serialize.execute(),
              ...(last ? [serialize.sync()] : []),
            ]),
            { syncToFs: last },
          );
          const [result] = parse.parseResults(ran.messages, pg.parsers) as Results[];
          results.push({ rows: result.rows as QueryResult["rows"], affectedRows: result.affectedRows });
        }
        return results;
      } finally {
        // A failure before the last statement's Sync was sent: end (roll back) the implicit transaction.
        if (!synced) await pg.execProtocol(serialize.sync(), { syncToFs: true, throwOnError: false });
      }
    })
  );
}
