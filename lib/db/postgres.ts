// Any Postgres (a hosted Supabase project included) through postgres.js.
import postgres from "postgres";
import type { Db, Row, Tx } from "./types.ts";
import { enterService, enterUser } from "./transaction.ts";
import { toAppError } from "./errors.ts";

type Sql = ReturnType<typeof postgres>;

function txOf(sql: Sql | postgres.TransactionSql): Tx {
  return {
    async query<T>(text: string, params: unknown[] = []) {
      // deno-lint-ignore no-explicit-any
      const rows = await sql.unsafe(text, params as any[]);
      return rows as unknown as T[];
    },
  };
}

// Our SQL passes JSON as text (JSON.stringify), as PGlite expects; postgres.js would encode such a
// string a second time for json/jsonb parameters, so strings go through as they are.
const jsonAsText = (oid: number) => ({
  to: oid,
  from: [oid],
  serialize: (value: unknown) => (typeof value === "string" ? value : JSON.stringify(value)),
  parse: (text: string) => JSON.parse(text),
});

export function openPostgres(url: string, max = 10, { prepare = true }: { prepare?: boolean } = {}): Db {
  const sql = postgres(url, {
    max,
    onnotice: () => {},
    prepare,
    types: { json: jsonAsText(114), jsonb: jsonAsText(3802) },
  });
  return {
    kind: "postgres",
    asUser: (claims, fn) =>
      sql.begin(async (raw) => {
        const tx = txOf(raw);
        await enterUser(tx, claims);
        return await fn(tx);
      }).catch((error) => Promise.reject(toAppError(error))) as never,
    asService: (reason, fn) =>
      sql.begin(async (raw) => {
        const tx = txOf(raw);
        await enterService(tx, reason);
        return await fn(tx);
      }) as never,
    listen: async (channel, onPayload) => {
      // postgres.js keeps one dedicated connection for LISTEN and re-listens after it reconnects.
      const { unlisten } = await sql.listen(channel, onPayload);
      return unlisten;
    },
    runScript: async (text) => {
      await sql.begin((tx) => tx.unsafe(text));
    },
    // The job queue library only (lib/jobs/pgboss-db.ts). Without values, the simple protocol runs every
    // statement of the text and answers a list of results when there are several. Such a text may hold its
    // own BEGIN/COMMIT, which postgres.js allows only on a connection of its own: a reserved one, rolled
    // back after an error so it never goes back to the pool inside a failed transaction.
    jobQueueSql: async (text, values) => {
      if (values && values.length > 0) {
        // deno-lint-ignore no-explicit-any
        return { rows: [...await sql.unsafe(text, values as any[])] };
      }
      const conn = await sql.reserve();
      try {
        const result = await conn.unsafe(text).simple();
        const many = result.length > 0 && Array.isArray(result[0]);
        return many ? (result as unknown as Row[][]).map((rows) => ({ rows: [...rows] })) : { rows: [...result] };
      } catch (error) {
        await conn.unsafe("rollback").catch(() => {});
        throw error;
      } finally {
        conn.release();
      }
    },
    close: () => sql.end({ timeout: 5 }),
  };
}
