// Any Postgres (a hosted Supabase project included) through postgres.js.
import postgres from "postgres";
import type { Db, Tx } from "./types.ts";
import { enterService, enterUser } from "./transaction.ts";
import { toHttpError } from "./errors.ts";

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

export function openPostgres(url: string, max = 10): Db {
  const sql = postgres(url, { max, onnotice: () => {}, prepare: false });
  return {
    kind: "postgres",
    asUser: (claims, fn) =>
      sql.begin(async (raw) => {
        const tx = txOf(raw);
        await enterUser(tx, claims);
        return await fn(tx);
      }).catch((error) => Promise.reject(toHttpError(error))) as never,
    asService: (reason, fn) =>
      sql.begin(async (raw) => {
        const tx = txOf(raw);
        await enterService(tx, reason);
        return await fn(tx);
      }) as never,
    exec: async (text) => {
      await sql.unsafe(text);
    },
    close: () => sql.end({ timeout: 5 }),
  };
}
