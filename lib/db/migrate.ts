// Applies supabase/migrations/*.sql in name order, once each; an edited file that was applied is refused.
import { join } from "node:path";
import type { Db } from "./types.ts";

export interface Migration {
  name: string;
  sql: string;
  checksum: string;
}

export const migrationsDir = new URL("../../supabase/migrations/", import.meta.url).pathname;

async function sha256(text: string) {
  const bytes = new Uint8Array(await crypto.subtle.digest("SHA-256", new TextEncoder().encode(text)));
  return Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");
}

export async function readMigrations(dir = migrationsDir): Promise<Migration[]> {
  const names: string[] = [];
  for await (const entry of Deno.readDir(dir)) {
    if (entry.isFile && entry.name.endsWith(".sql")) names.push(entry.name);
  }
  names.sort();
  return await Promise.all(names.map(async (name) => {
    const sql = await Deno.readTextFile(join(dir, name));
    return { name, sql, checksum: await sha256(sql) };
  }));
}

export class EditedMigrationError extends Error {}

/** Returns the names it applied. Each file runs in its own transaction with its bookkeeping row. */
export async function migrate(db: Db, migrations?: Migration[]): Promise<string[]> {
  migrations ??= await readMigrations();
  await db.runScript(`
    create schema if not exists leadly_meta;
    create table if not exists leadly_meta.migrations (
      name text primary key, checksum text not null, applied_at timestamptz not null default now()
    );`);
  const applied = new Map(
    (await db.asService(
      "migrate",
      (tx) => tx.query<{ name: string; checksum: string }>("select name, checksum from leadly_meta.migrations"),
    )).map((row) => [row.name, row.checksum]),
  );
  const done: string[] = [];
  for (const m of migrations) {
    const known = applied.get(m.name);
    if (known === m.checksum) continue;
    if (known) {
      throw new EditedMigrationError(
        `Migration ${m.name} was changed after it was applied. Add a new migration instead of editing it.`,
      );
    }
    try {
      await db.runScript(
        `${m.sql}\n;insert into leadly_meta.migrations (name, checksum) values ('${m.name.replace(/'/g, "''")}', '${
          m.checksum.replace(/'/g, "''")
        }');`,
      );
    } catch (error) {
      throw new Error(`Migration ${m.name} failed: ${(error as Error).message}`, { cause: error });
    }
    done.push(m.name);
  }
  return done;
}
