// enrich_list: 10,000 contacts at 300 companies enriched as one list run, through the whole path a person's
// run takes (credits per record, the waterfall offline → Hunter → Apollo → company lookup against the fakes,
// the team's cache, email verification, one transaction per batch). Then the same list again, now answered by
// the cache. Figures: rows_per_s for both (higher is better; reported, not judged).
import { freshDb } from "../helpers/template.ts";
import { startFakeEnrichment } from "../fakes/enrichment.ts";
import { claimsForUser } from "../../lib/db/claims.ts";
import type { Caller } from "../../lib/caller.ts";
import { enrichConfig, enrichSetup } from "../../lib/enrich/config.ts";
import { startRun, whenRunFinished } from "../../lib/enrich/runs.ts";
import type { BenchResult } from "./results.ts";

const CONTACTS = Number(Deno.env.get("ENRICH_BENCH_CONTACTS") ?? 10_000);
const COMPANIES = 300;

function rate(name: string, metric: string, rowsPerSecond: number): BenchResult {
  return { name, metric, value: Math.round(rowsPerSecond * 10) / 10, unit: "rows/s", goal: null, pass: null };
}

export async function enrichList(): Promise<BenchResult[]> {
  const fake = await startFakeEnrichment();
  const db = await freshDb({ seeded: true });
  try {
    const [alice] = await db.asService("bench:enrich", (tx) =>
      tx.query<{ id: string; team_id: string }>(
        `select u.id, m.team_id from auth.users u join public.team_members m on m.user_id = u.id
         where u.email = 'alice@acme.test' limit 1`,
      ));
    await db.asService("bench:enrich", async (tx) => {
      await tx.query("update public.credit_balances set balance = 10000000 where team_id = $1", [alice.team_id]);
      await tx.query(
        `insert into public.companies (team_id, name, domain)
         select $1, 'Bench Co ' || n, 'bench-co-' || n || '.test' from generate_series(0, $2 - 1) n`,
        [alice.team_id, COMPANIES],
      );
      await tx.query(
        `insert into public.contacts (team_id, first_name, last_name, email, company_id)
         select $1, 'First' || n, 'Last' || n, 'person' || n || '@bench-co-' || (n % $3) || '.test',
           (select id from public.companies where team_id = $1 and domain = 'bench-co-' || (n % $3) || '.test')
         from generate_series(0, $2 - 1) n`,
        [alice.team_id, CONTACTS, COMPANIES],
      );
    });
    const ids = (await db.asService("bench:enrich", (tx) =>
      tx.query<{ id: string }>(
        "select id from public.contacts where team_id = $1 and email like '%@bench-co-%' order by email",
        [alice.team_id],
      ))).map((r) => r.id);
    const caller: Caller = {
      db,
      claims: claimsForUser(alice.id, "alice@acme.test", alice.team_id),
      teamId: alice.team_id,
      role: "owner",
    };
    const env = new Map(Object.entries(fake.env()));
    // Every address's domain "has" mail servers: the bench measures Leadly, not this machine's DNS.
    const setup = enrichSetup(enrichConfig({ get: (k) => env.get(k) }), (domain) => Promise.resolve([`mx.${domain}`]));
    const results: BenchResult[] = [];
    for (const metric of ["rows_per_s", "rows_per_s_cached"]) {
      const started = performance.now();
      const run = await startRun(db, caller, setup, { recordType: "contacts", ids });
      await whenRunFinished(run.id);
      const seconds = (performance.now() - started) / 1000;
      const [done] = await db.asService(
        "bench:enrich",
        (tx) =>
          tx.query<{ status: string; enriched: number; failed: number }>(
            "select status, enriched, failed from public.enrichment_runs where id = $1",
            [run.id],
          ),
      );
      console.log(
        `enrich_list ${metric}: ${done.enriched} enriched, ${done.failed} failed (${done.status}) in ${
          seconds.toFixed(1)
        } s;` +
          ` ${fake.requests.length} provider requests so far`,
      );
      if (done.status !== "done" || done.enriched !== CONTACTS) {
        throw new Error(`enrich_list: run ended ${done.status}`);
      }
      results.push(rate("enrich_list", metric, CONTACTS / seconds));
    }
    return results;
  } finally {
    await db.close();
    await fake.close();
  }
}

if (import.meta.main) console.table(await enrichList());
