// Kill trials: Leadly (`deno run -A main.ts`, embedded PGlite) is killed at random moments while people
// write through the API, edit a note (ten updates at a time, so it is compacted every 200) and import CSV files, then
// started again on the same data directory. Every start must open the database, answer HTTP, and still
// hold every write that was acknowledged before the kill; interrupted imports resume and finish with each
// row written exactly once. The trials run one after another on ONE data directory, so damage would add up.
//
// Kinds of stop: kill -9 during writes; kill -9 during an import; SIGTERM then SIGKILL after a random
// 0-5 s grace (mid-shutdown: the last snapshot, waiting for the import's batch, closing the database);
// kill -9 while a snapshot is being taken.
//
// 4 trials (one of each kind) in the default suite; LEADLY_SLOW_TESTS=1 runs 24 (LEADLY_KILL_TRIALS=n for any other number,
// LEADLY_KILL_SEED=n to repeat a run's random choices).
import { join } from "node:path";
import { assert, assertEquals } from "../helpers/assert.ts";
import { ApiClient } from "../helpers/api-client.ts";
import { openPglite } from "../../lib/db/pglite.ts";
import { NoteClient } from "./notes_helpers.ts";
import {
  contactsCsv,
  contactWriter,
  type Leadly,
  preparedDataDir,
  prng,
  removeBase,
  sleep,
  startImport,
  startLeadly,
  stopLeadly,
} from "./durability_helpers.ts";

const SLOW = Deno.env.get("LEADLY_SLOW_TESTS") === "1";
const TRIALS = Number(Deno.env.get("LEADLY_KILL_TRIALS") ?? (SLOW ? 24 : 4));
const SEED = Number(Deno.env.get("LEADLY_KILL_SEED") ?? Math.floor(Math.random() * 2 ** 31));
const IMPORT_ROWS = 3000;
/** What a restart after a crash may take at most; the default suite runs beside every other test file. */
const RESTART_LIMIT_MS = SLOW ? 10_000 : 30_000;

type Kind =
  | "kill -9 during writes"
  | "kill -9 during an import"
  | "SIGTERM, SIGKILL after a grace"
  | "kill -9 during a snapshot";
const KINDS: Kind[] = [
  "kill -9 during an import",
  "SIGTERM, SIGKILL after a grace",
  "kill -9 during writes",
  "kill -9 during a snapshot",
];

interface PendingImport {
  id: string;
  tag: string;
  rows: number;
}

/** A note being typed into, one acknowledged paragraph after another. */
async function noteEditor(url: string, api: ApiClient, label: string) {
  const created = await api.post("/api/v1/notes", { title: `Kill trial ${label}` });
  if (created.status !== 201) throw new Error(`note: ${created.status} ${JSON.stringify(created.json)}`);
  const id = created.json.data.id as string;
  const client = await NoteClient.connect(url, api.token, id);
  const acked: string[] = [];
  let stopped = false;
  void (async () => {
    // ten updates at a time, so the server compacts the note (every 200 stored updates) during the trial
    for (let i = 0; !stopped; i += 10) {
      const lines = Array.from({ length: 10 }, (_, k) => `${label} line ${i + k}`);
      for (const line of lines) client.addParagraph(line);
      try {
        await client.settled();
      } catch {
        return;
      }
      if (client.refusals.length > 0 || client.errors.length > 0 || stopped) return;
      acked.push(...lines);
    }
  })();
  return {
    id,
    acked,
    stop() {
      stopped = true;
      client.close();
      return [...acked];
    },
  };
}

Deno.test({
  name: `embedded database: ${TRIALS} random kills lose no acknowledged write (seed ${SEED})`,
  // The note editors' last acks time out in the background after a kill.
  sanitizeOps: false,
  sanitizeResources: false,
  async fn() {
    const random = prng(SEED);
    const between = (min: number, max: number) => Math.round(min + random() * (max - min));
    const dataDir = await preparedDataDir("leadly-kill-");
    const contacts: string[] = [];
    const notes: { id: string; lines: string[] }[] = [];
    let pendingImports: PendingImport[] = [];
    const finishedImports: PendingImport[] = [];
    const restartMs: number[] = [];
    const log: string[] = [];
    let leadly: Leadly = await startLeadly(dataDir);
    let checkedContacts = 0;
    let checkedNotes = 0;

    /** Everything acknowledged before the last stop is there, on the freshly started server. */
    const verify = async (api: ApiClient) => {
      for (let at = checkedContacts; at < contacts.length; at += 16) {
        const batch = contacts.slice(at, at + 16);
        const found = await Promise.all(batch.map((id) => api.get(`/api/v1/contacts/${id}`)));
        found.forEach((res, i) => assertEquals(res.status, 200, `acknowledged contact ${batch[i]} is there`));
      }
      checkedContacts = contacts.length;
      for (const note of notes.slice(checkedNotes)) {
        const reader = await NoteClient.connect(leadly.url, api.token, note.id);
        const text = reader.text().split("\n");
        reader.close();
        for (const line of note.lines) assert(text.includes(line), `acknowledged "${line}" is in the note`);
      }
      checkedNotes = notes.length;
      const still: PendingImport[] = [];
      for (const job of pendingImports) {
        const res = await api.get(`/api/v1/imports/${job.id}`);
        assertEquals(res.status, 200, `import ${job.tag} exists`);
        const data = res.json.data;
        assert(data.status !== "failed", `import ${job.tag} did not fail: ${data.message}`);
        if (data.status === "done") {
          assertEquals([data.created_rows, data.skipped_rows, data.error_rows], [job.rows, 0, 0], job.tag);
          finishedImports.push(job);
        } else still.push(job);
      }
      pendingImports = still;
    };

    try {
      for (let trial = 0; trial < TRIALS; trial++) {
        const kind = KINDS[trial % KINDS.length];
        const api = await ApiClient.signIn(leadly.url, "alice@acme.test");
        await verify(api);
        const label = `t${trial}`;
        const writers = [0, 1, 2].map((w) => contactWriter(api, `${label}w${w}`));
        const editor = kind === "kill -9 during writes" || kind === "SIGTERM, SIGKILL after a grace"
          ? await noteEditor(leadly.url, api, label)
          : null;
        if (kind === "kill -9 during an import" || kind === "SIGTERM, SIGKILL after a grace") {
          const tag = `imp${trial}`;
          pendingImports.push({ id: await startImport(api, contactsCsv(IMPORT_ROWS, tag)), tag, rows: IMPORT_ROWS });
        }
        const wait = between(300, 2500);
        await sleep(wait);
        let how = `${kind} after ${wait} ms`;
        if (kind === "SIGTERM, SIGKILL after a grace") {
          const grace = between(0, 5000);
          const code = await stopLeadly(leadly, "SIGTERM", grace);
          how += `, grace ${grace} ms, exit ${code}`;
        } else {
          if (kind === "kill -9 during a snapshot") {
            Deno.kill(leadly.pid, "SIGUSR2");
            const delay = between(0, 1500);
            await sleep(delay);
            how += ` (+${delay} ms after asking for a snapshot)`;
          }
          await stopLeadly(leadly, "SIGKILL");
        }
        for (const writer of writers) {
          await writer.stop();
          contacts.push(...writer.acknowledged);
        }
        if (editor) notes.push({ id: editor.id, lines: editor.stop() });
        leadly = await startLeadly(dataDir, { timeoutMs: 120_000 });
        restartMs.push(leadly.readyMs!);
        how += `; restarted in ${Math.round(leadly.readyMs!)} ms`;
        log.push(
          `trial ${trial + 1}: ${how}; ${writers.reduce((n, w) => n + w.acknowledged.length, 0)} contacts` +
            (editor ? `, ${notes.at(-1)!.lines.length} note lines` : ""),
        );
        assert(
          leadly.readyMs! <= RESTART_LIMIT_MS,
          `restart answered in ${Math.round(leadly.readyMs!)} ms (<= ${RESTART_LIMIT_MS})`,
        );
      }
      // The last start: everything from the last trial, then every import to its end.
      const api = await ApiClient.signIn(leadly.url, "alice@acme.test");
      await verify(api);
      for (let waited = 0; pendingImports.length > 0 && waited < 180_000; waited += 500) {
        await sleep(500);
        await verify(api);
      }
      assertEquals(pendingImports.map((j) => j.tag), [], "every import finished");
      assertEquals(await stopLeadly(leadly), 0, "a clean stop exits 0");
    } catch (error) {
      console.error(`seed ${SEED}\n${log.join("\n")}\n--- last server output ---\n${leadly.output()}`);
      await stopLeadly(leadly, "SIGKILL").catch(() => {});
      throw error;
    }

    // Straight from the data directory: every acknowledged contact once, every imported row exactly once.
    let compacted = 0;
    const db = await openPglite({ dataDir: join(dataDir, "pgdata") });
    try {
      const [found] = (await db.pg.query<{ n: number }>(
        "select count(*)::int as n from public.contacts where id = any($1::uuid[])",
        [contacts],
      )).rows;
      assertEquals(found.n, contacts.length, "every acknowledged contact is in the database");
      compacted = (await db.pg.query<{ n: number }>(
        "select count(*)::int as n from public.note_state where note_id = any($1::uuid[])",
        [notes.map((n) => n.id)],
      )).rows[0].n;
      for (const job of finishedImports) {
        const [row] = (await db.pg.query<{ n: number; emails: number }>(
          "select count(*)::int as n, count(distinct email)::int as emails from public.contacts where last_name = $1",
          [job.tag],
        )).rows;
        assertEquals([row.n, row.emails], [job.rows, job.rows], `import ${job.tag}: each row exactly once`);
      }
    } finally {
      await db.close();
    }
    const sorted = [...restartMs].sort((a, b) => a - b);
    console.log(
      `${TRIALS} kill trials passed (seed ${SEED}): ${contacts.length} acknowledged contacts, ` +
        `${notes.reduce((n, note) => n + note.lines.length, 0)} note lines (${compacted} of ${notes.length} notes ` +
        `compacted), ${finishedImports.length} imports ` +
        `of ${IMPORT_ROWS} rows; restart median ${Math.round(sorted[Math.floor(sorted.length / 2)])} ms, ` +
        `max ${Math.round(sorted.at(-1)!)} ms\n${log.join("\n")}`,
    );
    await Deno.remove(dataDir, { recursive: true });
    await removeBase();
  },
});
