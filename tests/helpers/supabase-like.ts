// A throwaway PostgreSQL shaped like a hosted Supabase project (the shared supabase-like start.sh in
// TypeScript): Debian's postgresql from /usr/lib/postgresql/*/bin, in a temp dir on a free port, with
// databases prepared by tests/fixtures/supabase-like/prepare.sql: schema auth owned by Supabase's roles and
// the deploying role `postgres_deploy`, no superuser and no CREATE on schema auth.
import { join } from "node:path";
import { asPostgres, type CommandResult, freePort, initdb, mustRun, postgresBin, runCommand } from "./postgres.ts";

const PREPARE = new URL("../fixtures/supabase-like/prepare.sql", import.meta.url).pathname;

export interface SupabaseLike {
  port: number;
  bin: string;
  /** psql with ON_ERROR_STOP and no ~/.psqlrc: `psql(url, ...args)`. */
  psql(url: string, ...args: string[]): Promise<CommandResult>;
  /** A new database owned by the deploying role, prepared like a hosted project. */
  createDatabase(name: string): Promise<{ superuserUrl: string; deployUrl: string }>;
  stop(): Promise<void>;
}

export async function startSupabaseLike(): Promise<SupabaseLike> {
  const bin = postgresBin()?.bin;
  if (!bin) throw new Error("Needs Debian's postgresql (apt-get install -y postgresql)");
  const dir = await Deno.makeTempDir({ prefix: "leadly-supabase-like-" });
  await Deno.chmod(dir, 0o777); // the postgres user writes its data and socket here
  const data = join(dir, "pg");
  await initdb(bin, data);
  const port = freePort();
  const [cmd, args] = asPostgres(join(bin, "postgres"), [
    "-D",
    data,
    "-p",
    String(port),
    "-k",
    dir,
    "-c",
    "listen_addresses=127.0.0.1",
    "-c",
    "wal_level=logical",
    "-c",
    "fsync=off",
    "-c",
    "synchronous_commit=off",
    "-c",
    "full_page_writes=off",
  ]);
  const child = new Deno.Command(cmd, { args, stdin: "null", stdout: "null", stderr: "piped" }).spawn();
  let log = "";
  const pumped = (async () => {
    const decoder = new TextDecoder();
    for await (const chunk of child.stderr) log = (log + decoder.decode(chunk, { stream: true })).slice(-10_000);
  })();
  const psqlArgs = (url: string, rest: string[]) => ["-X", "-q", "-v", "ON_ERROR_STOP=1", "-d", url, ...rest];
  const psql = (url: string, ...rest: string[]) => runCommand(join(bin, "psql"), psqlArgs(url, rest));
  const mustPsql = (url: string, ...rest: string[]) => mustRun(join(bin, "psql"), psqlArgs(url, rest));
  const superuser = (db: string) => `postgres://postgres@127.0.0.1:${port}/${db}`;

  const stop = async () => {
    // Through pg_ctl: as root the child is runuser, which does not pass a fast-shutdown SIGINT on.
    const [stopCmd, stopArgs] = asPostgres(join(bin, "pg_ctl"), ["-D", data, "stop", "-m", "fast", "-w"]);
    const stopped = await runCommand(stopCmd, stopArgs);
    if (stopped.code !== 0) {
      try {
        child.kill("SIGKILL");
      } catch { /* gone */ }
    }
    await child.status;
    await pumped.catch(() => {});
    await Deno.remove(dir, { recursive: true }).catch(() => {});
  };

  try {
    const deadline = Date.now() + 60_000;
    while ((await psql(superuser("postgres"), "-c", "select 1")).code !== 0) {
      if (Date.now() > deadline) throw new Error(`postgres did not start:\n${log}`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    await mustPsql(
      superuser("postgres"),
      "-c",
      "create role postgres_deploy login password 'deploy' nosuperuser createdb createrole replication bypassrls",
    );
  } catch (error) {
    await stop();
    throw error;
  }

  return {
    port,
    bin,
    psql,
    async createDatabase(name) {
      await mustPsql(superuser("postgres"), "-c", `create database ${name} owner postgres_deploy`);
      await mustPsql(superuser(name), "-f", PREPARE);
      return {
        superuserUrl: superuser(name),
        deployUrl: `postgres://postgres_deploy:deploy@127.0.0.1:${port}/${name}`,
      };
    },
    stop,
  };
}
