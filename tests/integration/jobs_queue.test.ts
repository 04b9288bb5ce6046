// The durable job queue (lib/jobs/queue.ts, pg-boss on our database): two queue instances on one database
// stand for two app processes ("nodes"). With TEST_DATABASE_URL the same tests run on real Postgres.
import { assert, assertEquals, assertMatch } from "../helpers/assert.ts";
import { freshDb } from "../helpers/template.ts";
import { startTestServer } from "../helpers/server.ts";
import { WebClient } from "../helpers/web-client.ts";
import { type JobDefinition, type JobQueue, startJobQueue } from "../../lib/jobs/queue.ts";
import { listJobs } from "../../lib/jobs/failed.ts";
import type { Db } from "../../lib/db/mod.ts";
import { ApiClient } from "../helpers/api-client.ts";
import { importRunJob, notesCompactJob } from "../../app/system-jobs.ts";
import { registerQueue, unregisterQueue } from "../../lib/jobs/registry.ts";
import { IMPORT_FAILED_MESSAGE, resumeImports } from "../../lib/import/job.ts";
import { LiveNote } from "../../lib/notes/doc-manager.ts";
import { appendUpdates } from "../../lib/notes/store.ts";
import * as Y from "yjs";

const FAST = { pollingIntervalSeconds: 0.5, cronMonitorIntervalSeconds: 1 };

/** Resolves once `count()` reaches `n` (checked whenever `poke` is called), or fails after `ms`. */
function counter(n: number, ms = 20_000) {
  let seen = 0;
  let resolve!: () => void;
  const reached = new Promise<void>((r) => (resolve = r));
  const timeout = new Promise<never>((_, reject) => {
    const timer = setTimeout(() => reject(new Error(`only ${seen} of ${n} runs after ${ms} ms`)), ms);
    reached.then(() => clearTimeout(timer));
  });
  return {
    poke() {
      if (++seen >= n) resolve();
    },
    get seen() {
      return seen;
    },
    wait: () => Promise.race([reached, timeout]),
  };
}

async function withQueues(db: Db, count: number, jobs: JobDefinition[], fn: (queues: JobQueue[]) => Promise<void>) {
  const queues: JobQueue[] = [];
  try {
    for (let i = 0; i < count; i++) queues.push(await startJobQueue(db, jobs, FAST));
    await fn(queues);
  } finally {
    await Promise.all(queues.map((queue) => queue.stop(5_000)));
  }
}

Deno.test("stopping the queue tells a running job to end its pass, and waits for it", async () => {
  const db = await freshDb();
  try {
    let started!: () => void;
    const running = new Promise<void>((resolve) => started = resolve);
    let sawStop = false;
    const job: JobDefinition = {
      name: "test-long-pass",
      async run(_, { stopping }) {
        started();
        // A long pass in steps: it ends at the first step after the stop began.
        while (!stopping.aborted) await new Promise((resolve) => setTimeout(resolve, 20));
        sawStop = true;
      },
    };
    const queue = await startJobQueue(db, [job], FAST);
    await queue.send("test-long-pass");
    await running;
    const t0 = performance.now();
    await queue.stop(20_000);
    assert(sawStop, "the job saw the stop and ended before stop() returned");
    assert(performance.now() - t0 < 10_000, "stop did not wait out the timeout");
  } finally {
    await db.close();
  }
});

Deno.test("a job sent to two nodes runs exactly once", async () => {
  const db = await freshDb();
  try {
    const runs: number[] = [];
    const done = counter(6);
    const job: JobDefinition = {
      name: "test-once",
      run: (data) => {
        runs.push((data as { n: number }).n);
        return Promise.resolve(done.poke());
      },
    };
    await withQueues(db, 2, [job], async ([a, b]) => {
      for (let n = 0; n < 6; n++) await (n % 2 ? a : b).send("test-once", { n });
      await done.wait();
    });
    // Both nodes have stopped: nothing can run late, so the count is final.
    assertEquals(runs.sort(), [0, 1, 2, 3, 4, 5]);
  } finally {
    await db.close();
  }
});

Deno.test("a job sent before a stop runs after the restart", async () => {
  const db = await freshDb();
  try {
    let ran: unknown = null;
    const done = counter(1);
    const job: JobDefinition = {
      name: "test-restart",
      run: (data) => {
        ran = data;
        return Promise.resolve(done.poke());
      },
    };
    // The first process only sends (its worker would otherwise take the job at once), then stops.
    const before = await startJobQueue(db, [job], { ...FAST, work: false });
    await before.send("test-restart", { kept: true });
    await before.stop();
    assertEquals(ran, null);
    await withQueues(db, 1, [job], () => done.wait());
    assertEquals(ran, { kept: true });
  } finally {
    await db.close();
  }
});

Deno.test("a failing job retries with backoff, then shows with its error to owners only", async () => {
  const server = await startTestServer({ seed: true });
  try {
    const attempts: number[] = [];
    const done = counter(3);
    const job: JobDefinition = {
      name: "test-failing",
      retryLimit: 2,
      retryDelay: 1,
      run: () => {
        attempts.push(performance.now());
        done.poke();
        throw new Error(`mailbox unreachable (attempt ${attempts.length})`);
      },
    };
    await withQueues(server.db, 2, [job], async ([queue]) => {
      await queue.send("test-failing");
      await done.wait();
      // The last attempt's failure is written right after the handler throws.
      for (let i = 0; i < 100 && (await listJobs(server.db)).failed.length === 0; i++) {
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    });
    assertEquals(attempts.length, 3, "the first run and two retries, no more");
    // Backoff: each retry waits at least about the retry delay (pg-boss: 1 s doubling, with jitter).
    for (let i = 1; i < attempts.length; i++) assert(attempts[i] - attempts[i - 1] >= 450, `retry ${i} came too soon`);

    const { failed } = await listJobs(server.db);
    assertEquals(failed.length, 1);
    assertEquals(failed[0].name, "test-failing");
    assertEquals(failed[0].retryCount, 2);
    assertEquals(failed[0].error, "mailbox unreachable (attempt 3)");

    const alice = new WebClient(server.url);
    await alice.login("alice@acme.test");
    const page = await alice.get("/settings/jobs");
    assertEquals(page.status, 200);
    assertMatch(page.html, /test-failing/);
    assertMatch(page.html, /mailbox unreachable \(attempt 3\)/);

    const carol = new WebClient(server.url);
    await carol.login("carol@acme.test");
    const denied = await carol.get("/settings/jobs");
    assertEquals(denied.status, 403);
    assert(!denied.html.includes("mailbox unreachable"));
  } finally {
    await server.close();
  }
});

Deno.test("a schedule fires once per period across two nodes", async () => {
  const db = await freshDb();
  try {
    const first = counter(1);
    const job: JobDefinition = { name: "test-cron", cron: "* * * * *", run: () => Promise.resolve(first.poke()) };
    // Every minute's occurrence stays due for a minute, so the first cron pass of either node sends it.
    const started = Date.now();
    await withQueues(db, 2, [job], async () => {
      await first.wait();
      // Both nodes keep running cron passes (one a second each) over the same due occurrence; waiting a
      // few of them is the only way to see that none of them sends it again.
      await new Promise((resolve) => setTimeout(resolve, 4_000));
    });
    // The test may straddle a minute boundary: then the next minute fires once more, and no more.
    const minutes = Math.floor(Date.now() / 60_000) - Math.floor(started / 60_000) + 1;
    assert(first.seen >= 1 && first.seen <= minutes, `${first.seen} runs in ${minutes} minute period(s)`);
    // Each job is created in the minute whose occurrence it stands for (passes run every second).
    const [row] = await db.asService("jobs:test-count", (tx) =>
      tx.query<{ jobs: number; minutes: number }>(
        `select count(*)::int as jobs, count(distinct date_trunc('minute', created_on))::int as minutes
         from pgboss.job where name = 'test-cron'`,
      ));
    assertEquals(row.jobs, first.seen, "one job per run");
    assertEquals(row.minutes, row.jobs, "one job per period");
  } finally {
    await db.close();
  }
});

/** Polls `check` (every 100 ms, up to `ms`): for state only the database holds, with no event to await. */
async function eventually<T>(what: string, check: () => Promise<T | null | undefined | false>, ms = 30_000) {
  const until = Date.now() + ms;
  for (;;) {
    const value = await check();
    if (value) return value;
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

async function uploadCsv(url: string, api: ApiClient, csv: string): Promise<string> {
  const bytes = new TextEncoder().encode(csv);
  const created = await api.post("/api/v1/imports", {
    resource: "contacts",
    filename: "queue.csv",
    size: bytes.length,
  });
  assertEquals(created.status, 201, JSON.stringify(created.json));
  const id = created.json.data.id as string;
  const res = await fetch(`${url}/api/v1/imports/${id}/parts/0`, {
    method: "PUT",
    headers: { authorization: `Bearer ${api.token}`, "content-type": "application/octet-stream" },
    body: bytes,
  });
  assertEquals(res.status, 200, await res.text());
  return id;
}

const importStatus = (db: Db, id: string) =>
  db.asService(
    "test:import-status",
    async (tx) =>
      (await tx.query<{ status: string; processed_rows: number; message: string | null }>(
        "select status, processed_rows, message from public.import_jobs where id = $1",
        [id],
      ))[0],
  );

const queueJobs = (db: Db, name: string) =>
  db.asService("test:queue-jobs", (tx) =>
    tx.query<{ state: string; key: string | null }>(
      "select state::text as state, singleton_key as key from pgboss.job where name = $1 order by created_on",
      [name],
    ));

Deno.test("an import runs as one queue job on one of two nodes, rows exactly once; resuming twice queues it once", async () => {
  const server = await startTestServer({ seed: true });
  try {
    const alice = await ApiClient.signIn(server.url, "alice@acme.test");
    // Which node ran each import-run job.
    const ranOn: string[] = [];
    const node = (name: string) =>
      importRunJob(server.db, {
        run: async (data, attempt) => {
          ranOn.push(name);
          await importRunJob(server.db).run(data, attempt);
        },
      });
    const queues = [
      await startJobQueue(server.db, [node("node 1")], FAST),
      await startJobQueue(server.db, [node("node 2")], FAST),
    ];
    registerQueue(server.db, queues[0]);
    try {
      const rows = Array.from({ length: 400 }, (_, i) => `queued${i}@queue.test,Queued${i}`);
      const id = await uploadCsv(server.url, alice, `email,first name\n${rows.join("\n")}\n`);
      const started = await alice.post(`/api/v1/imports/${id}/start`, {
        mapping: [{ column: "email", target: "email" }, { column: "first name", target: "first_name" }],
        duplicates: "create",
      });
      assertEquals(started.status, 202, JSON.stringify(started.json));
      const done = await eventually("the import to finish", async () => {
        const job = await importStatus(server.db, id);
        return job.status === "done" && job;
      });
      assertEquals(done.processed_rows, 400);
      const [count] = await server.db.asService(
        "test:count",
        (tx) =>
          tx.query<{ n: number }>("select count(*)::int as n from public.contacts where email like '%@queue.test'"),
      );
      assertEquals(count.n, 400, "every row once");
      assertEquals(ranOn.length, 1, `one run across both nodes, got ${ranOn.join(", ")}`);
      assertEquals((await queueJobs(server.db, "import-run")).map((j) => [j.state, j.key]), [["completed", id]]);

      // As if a crash left it running halfway: both nodes start and resume it at the same moment.
      await server.db.asService("test:crash", async (tx) => {
        await tx.query(
          `delete from public.contacts
           where email like '%@queue.test' and substring(email from 'queued([0-9]+)@')::int >= 200`,
        );
        // The file's parts are removed when an import ends; put them back as before the crash (parts are
        // only taken while an import is pending).
        await tx.query("update public.import_jobs set status = 'pending' where id = $1", [id]);
        await tx.query(
          `insert into public.import_job_parts (job_id, part, team_id, bytes)
           select id, 0, team_id, convert_to($2, 'UTF8') from public.import_jobs where id = $1`,
          [id, `email,first name\n${rows.join("\n")}\n`],
        );
        await tx.query(
          `update public.import_jobs set status = 'running', processed_rows = 200, created_rows = 200 where id = $1`,
          [id],
        );
      });
      const [before] = await server.db.asService(
        "test:count",
        (tx) =>
          tx.query<{ n: number }>("select count(*)::int as n from public.contacts where email like '%@queue.test'"),
      );
      // Both nodes stop, then start again at once: each resumes what it finds running. Their senders only
      // send at first (no worker takes the job before both have sent it), then both workers look for it.
      unregisterQueue(server.db, queues[0]);
      await Promise.all(queues.splice(0).map((queue) => queue.stop(5_000)));
      ranOn.length = 0;
      const sender = await startJobQueue(server.db, [importRunJob(server.db)], { ...FAST, work: false });
      registerQueue(server.db, sender);
      const [first, second] = await Promise.all([resumeImports(server.db), resumeImports(server.db)]);
      unregisterQueue(server.db, sender);
      await sender.stop();
      assertEquals([first, second], [[id], [id]]);
      const waiting = (await queueJobs(server.db, "import-run")).filter((j) => j.state !== "completed");
      assertEquals(waiting.map((j) => [j.state, j.key]), [["created", id]], "one job waits for the import");
      queues.push(
        await startJobQueue(server.db, [node("node 1")], FAST),
        await startJobQueue(server.db, [node("node 2")], FAST),
      );
      await eventually(
        "the resumed import to finish",
        async () => (await importStatus(server.db, id)).status === "done",
      );
      const [after] = await server.db.asService(
        "test:count",
        (tx) =>
          tx.query<{ n: number }>("select count(*)::int as n from public.contacts where email like '%@queue.test'"),
      );
      assertEquals([before.n, after.n], [200, 400], "the rows after the crash point once");
      assertEquals(ranOn.length, 1, `one run, got ${ranOn.join(", ")}`);
    } finally {
      unregisterQueue(server.db, queues[0]);
      await Promise.all(queues.map((queue) => queue.stop(5_000)));
    }
  } finally {
    await server.close();
  }
});

Deno.test("an import that keeps failing is retried, then marked failed with a message and listed for its team only", async () => {
  const server = await startTestServer({ seed: true });
  try {
    const alice = await ApiClient.signIn(server.url, "alice@acme.test");
    const id = await uploadCsv(server.url, alice, "email\nbroken@queue.test\n");
    // A mapping no code expects (a null where a column should be): the run throws on every attempt.
    const [{ team_id: teamId }] = await server.db.asService("test:break", (tx) =>
      tx.query<{ team_id: string }>(
        `update public.import_jobs set status = 'running', total_rows = 1, mapping = '[null]'::jsonb
         where id = $1 returning team_id`,
        [id],
      ));
    const job = importRunJob(server.db, { retryLimit: 1, retryDelay: 1 });
    const queue = await startJobQueue(server.db, [job], FAST);
    registerQueue(server.db, queue);
    try {
      assertEquals(await resumeImports(server.db), [id]);
      const failed = await eventually("the import to be marked failed", async () => {
        const row = await importStatus(server.db, id);
        return row.status === "failed" && row;
      });
      assertEquals(failed.message, IMPORT_FAILED_MESSAGE);
      const listed = await eventually("the failed job on the list", async () => {
        const { failed } = await listJobs(server.db, 30, teamId);
        return failed.find((j) => j.name === "import-run");
      });
      assertEquals(listed.retryCount, 1);
      assertMatch(listed.error ?? "", /null/);
      // Another team's owners do not see it (its payload names this team).
      const other = await listJobs(server.db, 30, crypto.randomUUID());
      assertEquals(other.failed.filter((j) => j.name === "import-run"), []);

      const page = await (async () => {
        const web = new WebClient(server.url);
        await web.login("alice@acme.test");
        return await web.get("/settings/jobs");
      })();
      assertEquals(page.status, 200);
      assertMatch(page.html, /import-run/);
    } finally {
      unregisterQueue(server.db, queue);
      await queue.stop(5_000);
    }
  } finally {
    await server.close();
  }
});

Deno.test("a note's compaction is a queue job, one waiting per note, that merges its stored updates", async () => {
  const server = await startTestServer({ seed: true });
  try {
    const alice = await ApiClient.signIn(server.url, "alice@acme.test");
    const created = await alice.post("/api/v1/notes", { title: "Compacted on the queue" });
    assertEquals(created.status, 201, JSON.stringify(created.json));
    const noteId = created.json.data.id as string;
    const doc = new Y.Doc();
    const updates: Uint8Array[] = [];
    doc.on("update", (update: Uint8Array) => updates.push(update));
    for (let i = 0; i < 5; i++) doc.getText("t").insert(0, `line ${i} `);
    await appendUpdates(server.db, noteId, updates.map((update) => ({ update, userId: null })));
    // (A new note already holds its first update.)
    const stored = () =>
      server.db.asService("test:note-rows", async (tx) =>
        (await tx.query<{ updates: number; state: boolean }>(
          `select (select count(*)::int from public.note_updates where note_id = $1) as updates,
             exists (select 1 from public.note_state where note_id = $1) as state`,
          [noteId],
        ))[0]);
    const before = await stored();
    assert(before.updates >= 5 && !before.state, JSON.stringify(before));

    const docs = server.services.notes;
    const note = new LiveNote(noteId, created.json.data.team_id as string, null);
    note.storedSinceCompaction = 5;
    // A sender only, so the requests wait on the queue where the test can see them.
    const sender = await startJobQueue(server.db, [notesCompactJob(server.db)], { ...FAST, work: false });
    registerQueue(server.db, sender);
    try {
      await docs.requestCompaction(note);
      await docs.requestCompaction(note);
      assertEquals(note.storedSinceCompaction, 0);
      assertEquals((await queueJobs(server.db, "notes-compact")).map((j) => [j.state, j.key]), [["created", noteId]]);
    } finally {
      unregisterQueue(server.db, sender);
      await sender.stop();
    }
    await withQueues(server.db, 1, [notesCompactJob(server.db)], async () => {
      await eventually("the compaction", async () => (await stored()).updates === 0);
    });
    assertEquals(await stored(), { updates: 0, state: true });
  } finally {
    await server.close();
  }
});
