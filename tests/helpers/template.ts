// One migrated database per test run: built once, dumped to disk, loaded by every test in < 1 s.
import { join } from "node:path";
import { migrate, readMigrations } from "../../lib/db/migrate.ts";
import { openPglite, type PgliteDb } from "../../lib/db/pglite.ts";
import { sha256Hex } from "../../lib/auth/crypto.ts";

const cacheDir = new URL("../../.data/test-templates/", import.meta.url).pathname;

/** Path of the template for the current migrations, building it when missing. */
export async function templatePath(): Promise<string> {
  const migrations = await readMigrations();
  const key = (await sha256Hex(migrations.map((m) => m.name + m.checksum).join("|"))).slice(0, 16);
  const file = join(cacheDir, `template-${key}.tar.gz`);
  try {
    await Deno.stat(file);
    return file;
  } catch {
    await Deno.mkdir(cacheDir, { recursive: true });
    const db = await openPglite();
    await migrate(db, migrations);
    const dump = await db.dump();
    await db.close();
    // Written under a temporary name and renamed, so parallel test workers never read half a file.
    const tmp = `${file}.${crypto.randomUUID()}`;
    await Deno.writeFile(tmp, new Uint8Array(await dump.arrayBuffer()));
    await Deno.rename(tmp, file);
    return file;
  }
}

/** A fresh in-memory database with every migration applied. */
export async function freshDb(): Promise<PgliteDb> {
  const bytes = await Deno.readFile(await templatePath());
  return await openPglite({ loadDataDir: new Blob([bytes], { type: "application/x-gzip" }) });
}
