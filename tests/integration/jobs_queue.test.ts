// The durable job queue (lib/jobs/queue.ts, pg-boss on our database): two queue instances on one database
// stand for two app processes ("nodes"). With TEST_DATABASE_URL the same tests run on real Postgres.
import { assert, assertEquals, assertMatch } from "../helpers/assert.ts";
import { freshDb } from "../helpers/template.ts";
import { startTestServer } from "../helpers/server.ts";
import { WebClient } from "../helpers/web-client.ts";
import { type JobDefinition, type JobQueue, startJobQueue } from "../../lib/jobs/queue.ts";
import { listJobs } from "../../lib/jobs/failed.ts";
import type { Db } from "../../lib/db/mod.ts";

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
