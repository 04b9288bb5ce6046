// csv_import: 100,000 contact rows through the import API, as the browser sends them: create the job,
// upload the file in parts, start it, poll progress until done (goal: <= 20 s from start to done).
// Meanwhile a health check is polled every 20 ms from another thread, and the server's event loop is
// watched: the import must not freeze the app for anyone else (goal: p99 <= 50 ms for both).
// The server runs as `deno task start` does, on an embedded database in a data directory on disk.
import { loadConfig } from "../../fresh.config.ts";
import { openEmbedded } from "../../lib/db/embedded.ts";
import { createMailer } from "../../lib/mail/mailer.ts";
import { startServer } from "../../app/server.ts";
import { preparedDataDir, removeBase } from "../integration/durability_helpers.ts";
import { ApiClient } from "../helpers/api-client.ts";
import { BATCHES, PART_BYTES } from "../../lib/import/job.ts";
import { guessMapping } from "../../lib/import/mapping.ts";
import { type BenchResult, percentile, result } from "./results.ts";

const ROWS = 100_000;
const CITIES = ["Berlin", "Lisbon", "Austin", "Osaka", "Lagos", "Toronto", "Lyon", "Pune"];
const TITLES = ["Head of Sales", "CTO", "Buyer", "Office Manager", "Founder", "Engineer"];

/** A realistic contacts export: names, unique emails, phones, 2,000 companies, titles, places, tags. */
export function generateContactsCsv(rows = ROWS): string {
  const lines = ["First Name,Last Name,E-mail,Phone,Company,Job Title,City,Country,Tags"];
  for (let i = 0; i < rows; i++) {
    const company = `Company ${i % 2000}`;
    lines.push(
      `First${i},"Last, ${i}",person${i}@example${i % 50}.test,+1 555 ${String(i).padStart(7, "0")},${company},` +
        `${TITLES[i % TITLES.length]},${CITIES[i % CITIES.length]},Testland,"import,batch${i % 10}"`,
    );
  }
  return lines.join("\r\n") + "\r\n";
}

/**
 * The app as `deno task start` runs it: the embedded database in a data directory on disk (the in-memory
 * database of most tests grows its files by copying them, which is not what a running Leadly does).
 */
async function startOnDisk() {
  const dataDir = await preparedDataDir("leadly-bench-import-");
  const db = await openEmbedded(dataDir);
  const config = { ...loadConfig({}), port: 0, dataDir, seedDemo: false, rateLimitFactor: 50 };
  const server = await startServer(config, db, createMailer(db, config), "bench-secret-".padEnd(48, "x"));
  return {
    url: server.url,
    async close() {
      await server.close();
      await db.close();
      await Deno.remove(dataDir, { recursive: true });
      await removeBase();
    },
  };
}

export async function csvImport(): Promise<BenchResult[]> {
  // LEADLY_IMPORT_BATCHES='{"minRows":1000,...}' compares other batch settings (lib/import/job.ts BATCHES)
  Object.assign(BATCHES, JSON.parse(Deno.env.get("LEADLY_IMPORT_BATCHES") ?? "{}"));
  const server = await startOnDisk();
  try {
    const api = await ApiClient.signIn(server.url, "alice@acme.test");
    const bytes = new TextEncoder().encode(generateContactsCsv());
    const uploadStarted = performance.now();
    const created = await api.post("/api/v1/imports", {
      resource: "contacts",
      filename: "bench.csv",
      size: bytes.length,
    });
    if (created.status !== 201) throw new Error(`create: ${created.status} ${JSON.stringify(created.json)}`);
    const id = created.json.data.id;
    for (let part = 0; part * PART_BYTES < bytes.length; part++) {
      const res = await fetch(`${server.url}/api/v1/imports/${id}/parts/${part}`, {
        method: "PUT",
        headers: { authorization: `Bearer ${api.token}`, "content-type": "application/octet-stream" },
        body: bytes.slice(part * PART_BYTES, (part + 1) * PART_BYTES),
      });
      if (!res.ok) throw new Error(`part ${part}: ${res.status} ${await res.text()}`);
    }
    const uploadSeconds = (performance.now() - uploadStarted) / 1000;

    const header = ["First Name", "Last Name", "E-mail", "Phone", "Company", "Job Title", "City", "Country", "Tags"];
    const started = performance.now();
    const start = await api.post(`/api/v1/imports/${id}/start`, {
      mapping: guessMapping("contacts", header),
      duplicates: "skip",
    });
    if (start.status !== 202) throw new Error(`start: ${start.status} ${JSON.stringify(start.json)}`);
    let job = start.json.data;
    const health = pollHealth(`${server.url}/auth/v1/health`);
    const loop = watchEventLoop();
    const pollTimes: number[] = [];
    while (job.status === "running") {
      await new Promise((resolve) => setTimeout(resolve, 500));
      const polled = performance.now();
      job = (await api.get(`/api/v1/imports/${id}`)).json.data;
      pollTimes.push(performance.now() - polled);
    }
    const seconds = (performance.now() - started) / 1000;
    const healthTimes = await health.stop();
    const blocked = loop.stop();
    if (job.status !== "done" || job.created_rows !== ROWS) {
      throw new Error(
        `import ended ${job.status}: ${job.created_rows} created, ${job.error_rows} errors, ${job.message}`,
      );
    }
    return [
      result("csv_import", "seconds", seconds, "s", 20),
      result("csv_import", "upload_seconds", uploadSeconds, "s", null),
      result("csv_import", "rows_per_second", ROWS / seconds, "rows/s", null),
      result("csv_import", "progress_poll_max_ms", Math.max(...pollTimes), "ms", null),
      result("csv_import", "health_p50_ms", percentile(healthTimes, 50), "ms", null),
      result("csv_import", "health_p99_ms", percentile(healthTimes, 99), "ms", 50),
      result("csv_import", "health_max_ms", Math.max(...healthTimes), "ms", null),
      result("csv_import", "health_checks", healthTimes.length, "requests", null),
      result("csv_import", "event_loop_block_p99_ms", percentile(blocked, 99), "ms", 50),
      result("csv_import", "event_loop_block_max_ms", Math.max(...blocked), "ms", null),
    ];
  } finally {
    await server.close();
  }
}

/**
 * GETs `url` every 20 ms (one at a time) from a worker thread until stopped; resolves with every round
 * trip's milliseconds.
 */
function pollHealth(url: string) {
  const worker = new Worker(new URL("./health_poller.ts", import.meta.url), { type: "module" });
  const times = new Promise<number[]>((resolve) => worker.onmessage = (event) => resolve(event.data));
  worker.postMessage({ url });
  return {
    async stop() {
      worker.postMessage({ stop: true });
      const result = await times;
      worker.terminate();
      return result;
    },
  };
}

/** How late a 10 ms timer fires, sample by sample: how long the server's thread was busy at a time. */
function watchEventLoop() {
  const late: number[] = [];
  let last = performance.now();
  const timer = setInterval(() => {
    const now = performance.now();
    late.push(Math.max(0, now - last - 10));
    last = now;
  }, 10);
  return {
    stop() {
      clearInterval(timer);
      return late;
    },
  };
}

if (import.meta.main) console.table(await csvImport());
