// Debian's PostgreSQL for tests that need a real server (the cluster test, the Supabase-like database):
// finding it, running its tools as the `postgres` user when we are root, and a fresh cluster directory.
import { join } from "node:path";

/** The newest PostgreSQL bin folder under /usr/lib/postgresql with initdb, or null when none is installed. */
export function postgresBin(): { bin: string; version: string } | null {
  let versions: string[] = [];
  try {
    versions = [...Deno.readDirSync("/usr/lib/postgresql")].map((entry) => entry.name);
  } catch {
    return null;
  }
  for (const version of versions.sort((a, b) => Number(b) - Number(a))) {
    const bin = `/usr/lib/postgresql/${version}/bin`;
    try {
      Deno.statSync(join(bin, "initdb"));
      return { bin, version };
    } catch { /* next */ }
  }
  return null;
}

export function freePort(): number {
  const listener = Deno.listen({ hostname: "127.0.0.1", port: 0 });
  const { port } = listener.addr as Deno.NetAddr;
  listener.close();
  return port;
}

/** Postgres refuses to run as root: then its tools run as the `postgres` user. */
export function asPostgres(cmd: string, args: string[]): [string, string[]] {
  return Deno.uid() === 0 ? ["runuser", ["-u", "postgres", "--", cmd, ...args]] : [cmd, args];
}

export interface CommandResult {
  code: number;
  stdout: string;
  stderr: string;
}

export async function runCommand(cmd: string, args: string[]): Promise<CommandResult> {
  const out = await new Deno.Command(cmd, { args, stdin: "null", stdout: "piped", stderr: "piped" }).output();
  const text = new TextDecoder();
  return { code: out.code, stdout: text.decode(out.stdout), stderr: text.decode(out.stderr) };
}

export async function mustRun(cmd: string, args: string[]): Promise<CommandResult> {
  const out = await runCommand(cmd, args);
  if (out.code !== 0) throw new Error(`${cmd} ${args.join(" ")} failed (${out.code}): ${out.stderr}${out.stdout}`);
  return out;
}

/** A new cluster in `data` with a trusted `postgres` superuser (tests only: no fsync while it is built). */
export async function initdb(bin: string, data: string): Promise<void> {
  const [cmd, args] = asPostgres(join(bin, "initdb"), [
    "-D",
    data,
    "-U",
    "postgres",
    "-A",
    "trust",
    "-E",
    "UTF8",
    "--no-sync",
  ]);
  await mustRun(cmd, args);
}
