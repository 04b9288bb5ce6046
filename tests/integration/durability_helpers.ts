// Shared by embedded_durability.test.ts and embedded_kill.test.ts: real `deno run -A main.ts` processes on a
// data directory of their own, started, killed and started again the way people and supervisors do it.
import { join } from "node:path";
import { guessMapping } from "../../lib/import/mapping.ts";
import { ApiClient } from "../helpers/api-client.ts";
import { seededTemplatePath, writeTemplateDir } from "../helpers/template.ts";

const ROOT = new URL("../../", import.meta.url).pathname;

/** Copies a directory tree (files and folders only). */
export async function copyTree(from: string, to: string) {
  await Deno.mkdir(to, { recursive: true });
  for await (const entry of Deno.readDir(from)) {
    const source = join(from, entry.name);
    const target = join(to, entry.name);
    if (entry.isDirectory) await copyTree(source, target);
    else if (entry.isFile) await Deno.copyFile(source, target);
  }
}

let base: Promise<string> | null = null;

/**
 * A new data directory holding the migrated template with the demo people (alice, bob, carol), made once
 * per test file and copied for each caller (opening the template from scratch takes seconds).
 */
export async function preparedDataDir(prefix = "leadly-durability-"): Promise<string> {
  base ??= (async () => {
    const dir = await Deno.makeTempDir({ prefix: "leadly-durability-base-" });
    // Seeded once per run already (seeding here again cost seconds per file).
    await writeTemplateDir(await seededTemplatePath(), join(dir, "pgdata"));
    return dir;
  })();
  const dir = await Deno.makeTempDir({ prefix });
  await copyTree(await base, dir);
  return dir;
}

export async function removeBase() {
  if (base) await Deno.remove(await base, { recursive: true }).catch(() => {});
  base = null;
}

function freePort(): number {
  const listener = Deno.listen({ port: 0, hostname: "127.0.0.1" });
  const port = (listener.addr as Deno.NetAddr).port;
  listener.close();
  return port;
}

export interface Leadly {
  url: string;
  port: number;
  pid: number;
  child: Deno.ChildProcess;
  /** Everything it printed so far (stdout and stderr). */
  output(): string;
  /** Resolves with the exit code once it ended. */
  exited: Promise<number>;
  /** Milliseconds from spawn until it answered HTTP (null when it never did). */
  readyMs: number | null;
}

/** `deno run -A main.ts` on `dataDir` (no demo seeding, a free port); resolves once it answers HTTP. */
export async function startLeadly(
  dataDir: string,
  options: { port?: number; waitReady?: boolean; timeoutMs?: number } = {},
): Promise<Leadly> {
  const port = options.port ?? freePort();
  const started = performance.now();
  const child = new Deno.Command(Deno.execPath(), {
    args: ["run", "-A", "main.ts"],
    cwd: ROOT,
    env: {
      LEADLY_DATA_DIR: dataDir,
      PORT: String(port),
      LEADLY_SEED_DEMO: "false",
      RATE_LIMIT_FACTOR: "50",
      NO_COLOR: "1",
    },
    stdout: "piped",
    stderr: "piped",
  }).spawn();
  let printed = "";
  const decoder = new TextDecoder();
  const drain = async (stream: ReadableStream<Uint8Array>) => {
    for await (const chunk of stream) printed += decoder.decode(chunk, { stream: true });
  };
  const drained = Promise.all([drain(child.stdout), drain(child.stderr)]).catch(() => {});
  const exited = child.status.then(async (status) => {
    await drained;
    return status.code;
  });
  let finished = false;
  void exited.then(() => finished = true);
  const url = `http://127.0.0.1:${port}`;
  const leadly: Leadly = { url, port, pid: child.pid, child, output: () => printed, exited, readyMs: null };
  if (options.waitReady === false) return leadly;
  const until = started + (options.timeoutMs ?? 60_000);
  while (performance.now() < until && !finished) {
    try {
      const res = await fetch(`${url}/auth/v1/health`);
      await res.body?.cancel();
      if (res.ok) {
        leadly.readyMs = performance.now() - started;
        return leadly;
      }
    } catch { /* not listening yet */ }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  if (!finished) child.kill("SIGKILL");
  const code = await exited;
  throw new Error(`Leadly did not answer on ${url} (${finished ? `it exited, code ${code}` : "timeout"}):\n${printed}`);
}

/** Ends the process: the signal, then SIGKILL after `graceMs` if it is still running. */
export async function stopLeadly(leadly: Leadly, signal: Deno.Signal = "SIGTERM", graceMs = 30_000) {
  try {
    leadly.child.kill(signal);
  } catch { /* already gone */ }
  const timer = setTimeout(() => {
    try {
      leadly.child.kill("SIGKILL");
    } catch { /* gone */ }
  }, graceMs);
  try {
    return await leadly.exited;
  } finally {
    clearTimeout(timer);
  }
}

/** Creates contacts one after another until `stop()`; the ids the server acknowledged (201) are kept. */
export function contactWriter(api: ApiClient, label: string) {
  const acknowledged: string[] = [];
  let stopped = false;
  let failures = 0;
  const done = (async () => {
    for (let i = 0; !stopped; i++) {
      try {
        const res = await api.post("/api/v1/contacts", { first_name: `${label}-${i}`, last_name: "Durable" });
        if (res.status === 201) acknowledged.push(res.json.data.id);
        else if (++failures > 3) return;
      } catch {
        return; // the server went away
      }
    }
  })();
  return {
    acknowledged,
    async stop() {
      stopped = true;
      await done;
    },
    done,
  };
}

/** A contacts CSV of `rows` rows with emails `<tag>-<n>@example.test`. */
export function contactsCsv(rows: number, tag: string): Uint8Array {
  const lines = ["First Name,Last Name,E-mail,Company,City"];
  for (let i = 0; i < rows; i++) lines.push(`Imp${i},${tag},${tag}-${i}@example.test,Company ${i % 40},Lyon`);
  return new TextEncoder().encode(lines.join("\r\n") + "\r\n");
}

/** Uploads and starts an import of `csv`; returns the job id once the server accepted the start. */
export async function startImport(api: ApiClient, csv: Uint8Array, filename = "trial.csv"): Promise<string> {
  const created = await api.post("/api/v1/imports", { resource: "contacts", filename, size: csv.length });
  if (created.status !== 201) throw new Error(`import create: ${created.status} ${JSON.stringify(created.json)}`);
  const id = created.json.data.id as string;
  const PART = 768 * 1024;
  for (let part = 0; part * PART < csv.length; part++) {
    const res = await fetch(`${api.base}/api/v1/imports/${id}/parts/${part}`, {
      method: "PUT",
      headers: { authorization: `Bearer ${api.token}`, "content-type": "application/octet-stream" },
      body: csv.slice(part * PART, (part + 1) * PART),
    });
    if (!res.ok) throw new Error(`import part ${part}: ${res.status} ${await res.text()}`);
  }
  const header = ["First Name", "Last Name", "E-mail", "Company", "City"];
  const mapping = guessMapping("contacts", header);
  const start = await api.post(`/api/v1/imports/${id}/start`, { mapping, duplicates: "skip" });
  if (start.status !== 202) throw new Error(`import start: ${start.status} ${JSON.stringify(start.json)}`);
  return id;
}

/** A small deterministic PRNG, so a failing run can be repeated with its seed. */
export function prng(seed: number) {
  let state = seed >>> 0 || 1;
  return () => {
    state ^= state << 13;
    state ^= state >>> 17;
    state ^= state << 5;
    return (state >>> 0) / 0x100000000;
  };
}

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
