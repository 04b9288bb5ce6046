// csv_import: 100,000 contact rows through the import API, as the browser sends them: create the job,
// upload the file in parts, start it, poll progress until done (goal: <= 60 s from start to done).
import { startTestServer } from "../helpers/server.ts";
import { ApiClient } from "../helpers/api-client.ts";
import { PART_BYTES } from "../../lib/import/job.ts";
import { guessMapping } from "../../lib/import/mapping.ts";
import { type BenchResult, result } from "./results.ts";

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

export async function csvImport(): Promise<BenchResult[]> {
  const server = await startTestServer({ seed: true });
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
    const pollTimes: number[] = [];
    while (job.status === "running") {
      await new Promise((resolve) => setTimeout(resolve, 500));
      const polled = performance.now();
      job = (await api.get(`/api/v1/imports/${id}`)).json.data;
      pollTimes.push(performance.now() - polled);
    }
    const seconds = (performance.now() - started) / 1000;
    if (job.status !== "done" || job.created_rows !== ROWS) {
      throw new Error(
        `import ended ${job.status}: ${job.created_rows} created, ${job.error_rows} errors, ${job.message}`,
      );
    }
    return [
      result("csv_import", "seconds", seconds, "s", 60),
      result("csv_import", "upload_seconds", uploadSeconds, "s", null),
      result("csv_import", "rows_per_second", ROWS / seconds, "rows/s", null),
      result("csv_import", "progress_poll_max_ms", Math.max(...pollTimes), "ms", null),
    ];
  } finally {
    await server.close();
  }
}

if (import.meta.main) console.table(await csvImport());
