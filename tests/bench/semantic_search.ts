// semantic_search: "Ask" over 100,000 embeddings under RLS, offline lexical provider.
//   p95_ms        one question, top 10, as a member of the team (semanticSearch: embed, HNSW, RLS, titles)
//   recall_at_10  share of the judged records (tests/data/semantic_search_judged.json) in each question's top 10
//   recall_at_10_fresh  the same over the "fresh_queries", written after the ranking was tuned and never tuned on
//   recall_at_10_fresh_multilingual  the same over German and French questions about German and French notes
//                 ("fresh_queries_multilingual"), written after the keyword half learned seven languages
// The workspace: the judged records, embedded by the real refresh job, among 80,000 filler contacts of the
// same team and 20,000 of another team (so RLS filters what the index walks), seeded in bulk.
import { freshDb } from "../helpers/template.ts";
import { claimsFor, createPerson, createTeamWith } from "../helpers/fixtures.ts";
import type { Db } from "../../lib/db/mod.ts";
import type { Caller } from "../../lib/caller.ts";
import { refreshEmbeddings } from "../../lib/search/semantic/refresh.ts";
import { semanticSearch } from "../../lib/search/semantic/search.ts";
import { lexicalProvider } from "../../lib/search/semantic/provider.ts";
import { lexicalEmbedding } from "../../lib/search/semantic/lexical.ts";
import { vectorLiteral } from "../../lib/search/semantic/vector-sql.ts";
import { searchSettings } from "../../lib/search/semantic/support.ts";
import { type BenchResult, percentile, result } from "./results.ts";

// SEMANTIC_BENCH_TOTAL: a smaller workspace when looking into a plan (the figures are for 100,000)
const TOTAL = Number(Deno.env.get("SEMANTIC_BENCH_TOTAL") ?? 100_000);
const OTHER_TEAM = TOTAL / 5;
const BATCH = 5_000;
const SAMPLES = 200;

interface JudgedRecord {
  key: string;
  kind: "company" | "contact" | "note";
  [field: string]: unknown;
}
interface JudgedQuery {
  q: string;
  expect: string[];
}
interface Judged {
  records: JudgedRecord[];
  queries: JudgedQuery[];
  fresh_queries: JudgedQuery[];
  fresh_queries_multilingual?: JudgedQuery[];
}

export async function semanticSearchBench(): Promise<BenchResult[]> {
  const judged: Judged = JSON.parse(
    await Deno.readTextFile(new URL("../data/semantic_search_judged.json", import.meta.url)),
  );
  const db = await freshDb();
  try {
    const owner = await createPerson(db, "owner@semantic.bench");
    const other = await createPerson(db, "owner@other.bench");
    const teamId = await createTeamWith(db, "Semantic bench", [[owner, "owner"]]);
    const otherTeam = await createTeamWith(db, "Other bench", [[other, "owner"]]);
    const caller: Caller = { db, claims: claimsFor(owner.id, owner.email, teamId), teamId, role: "owner" };

    let started = performance.now();
    // Bulk loading, then one index build, is many times faster than inserting into the HNSW index row by row.
    await db.asService("bench:index", async (tx) => {
      await tx.query("drop index public.embeddings_hnsw_384");
      await tx.query("drop index public.embeddings_lexemes_idx");
    });
    await seedFiller(db, teamId, TOTAL - OTHER_TEAM - judged.records.length, 1);
    await seedFiller(db, otherTeam, OTHER_TEAM, 2);
    const ids = await seedJudged(db, teamId, owner.id, judged.records);
    await refreshEmbeddings(db, { provider: lexicalProvider() });
    console.log(`  seeded ${TOTAL} embeddings in ${Math.round(performance.now() - started)} ms`);
    started = performance.now();
    await db.asService("bench:index", async (tx) => {
      // The whole graph in memory: a build that spills to disk takes many times longer.
      await tx.query("set local maintenance_work_mem = '1GB'");
      await tx.query(
        `create index embeddings_hnsw_384 on public.embeddings using hnsw ((embedding::vector(384)) vector_cosine_ops)
          where dims = 384`,
      );
      await tx.query("create index embeddings_lexemes_idx on public.embeddings using gin (lexemes)");
    });
    console.log(`  built the HNSW and GIN indexes in ${Math.round(performance.now() - started)} ms`);

    if (Deno.env.get("SEMANTIC_BENCH_EXPLAIN")) await explain(caller, judged.queries[0].q);
    const ask = (q: string) => semanticSearch(caller, { q, types: [], limit: 10 }, lexicalProvider());
    const recallOf = async (queries: JudgedQuery[]) => {
      let found = 0;
      for (const { q, expect } of queries) {
        const top = new Set((await ask(q)).hits.map((h) => h.id));
        const hit = expect.filter((key) => top.has(ids.get(key)!)).length;
        found += hit / expect.length;
        if (hit < expect.length) console.log(`  missed ${expect.length - hit}/${expect.length}: ${q}`);
      }
      return queries.length ? found / queries.length : 0;
    };
    const recall = await recallOf(judged.queries);
    console.log("  fresh questions (written after tuning):");
    const fresh = await recallOf(judged.fresh_queries ?? []);
    console.log("  fresh German and French questions (written after the multilingual keyword half):");
    const multilingual = await recallOf(judged.fresh_queries_multilingual ?? []);

    for (let i = 0; i < 5; i++) await ask(judged.queries[i].q);
    const times: number[] = [];
    for (let i = 0; i < SAMPLES; i++) {
      const t = performance.now();
      await ask(judged.queries[i % judged.queries.length].q);
      times.push(performance.now() - t);
    }
    return [
      result("semantic_search", "p95_ms", percentile(times, 95), "ms", 50),
      result("semantic_search", "p50_ms", percentile(times, 50), "ms", null),
      recallResult("recall_at_10", recall),
      recallResult("recall_at_10_fresh", fresh),
      recallResult("recall_at_10_fresh_multilingual", multilingual),
    ];
  } finally {
    await db.close();
  }
}

function recallResult(metric: string, recall: number): BenchResult {
  return {
    name: "semantic_search",
    metric,
    value: Math.round(recall * 1000) / 1000,
    unit: "ratio",
    goal: 0.8,
    pass: recall >= 0.8,
  };
}

// Filler people: names, titles, companies and cities from small lists, so their vectors share words with
// the judged records and each other the way a real contact list does.
const FIRST = ["Anna", "Ben", "Chen", "Dana", "Emil", "Farah", "Gus", "Hana", "Ivo", "Jana", "Kofi", "Lena", "Marco"];
const LAST = ["Berg", "Costa", "Dietz", "Evans", "Fischer", "Garcia", "Hoek", "Ito", "Jansen", "Kowalski", "Lund"];
const TITLES = [
  "Account Executive",
  "Office Manager",
  "Sales Director",
  "Operations Analyst",
  "Software Engineer",
  "Finance Assistant",
  "Marketing Coordinator",
  "Supply Chain Planner",
  "Customer Success Manager",
  "Product Designer",
  "Nurse Practitioner",
  "Store Manager",
];
const COMPANIES = ["Acme", "Globex", "Initech", "Umbrella", "Hooli", "Vandelay", "Stark", "Wayne", "Tyrell", "Soylent"];
const CITIES = ["Paris", "Berlin", "Madrid", "Rome", "Vienna", "Oslo", "Porto", "Prague", "Warsaw", "Dublin"];

/** A tiny deterministic generator, so every run seeds the same workspace. */
function random(seed: number) {
  let state = seed;
  return (n: number) => {
    state = (Math.imul(state, 1103515245) + 12345) >>> 0;
    return (state >>> 8) % n;
  };
}

async function seedFiller(db: Db, teamId: string, count: number, seed: number): Promise<void> {
  const pick = random(seed);
  for (let done = 0; done < count; done += BATCH) {
    const n = Math.min(BATCH, count - done);
    const rows = Array.from({ length: n }, () => {
      const first = FIRST[pick(FIRST.length)], last = LAST[pick(LAST.length)];
      const title = TITLES[pick(TITLES.length)], company = COMPANIES[pick(COMPANIES.length)];
      const city = CITIES[pick(CITIES.length)];
      const passage = `${first} ${last}, ${title} at ${company} · ${city}`;
      return { id: crypto.randomUUID(), first, last, title, city, passage };
    });
    await db.asService("bench:seed", async (tx) => {
      // Seeding only: no audit rows, queue entries or foreign-key checks for the filler.
      await tx.query("set local session_replication_role = replica");
      await tx.query(
        `insert into public.contacts (id, team_id, first_name, last_name, job_title, city)
         select u.id, $1, u.first, u.last, u.title, u.city
           from unnest($2::uuid[], $3::text[], $4::text[], $5::text[], $6::text[]) as u(id, first, last, title, city)`,
        [
          teamId,
          rows.map((r) => r.id),
          rows.map((r) => r.first),
          rows.map((r) => r.last),
          rows.map((r) => r.title),
          rows.map((r) => r.city),
        ],
      );
      await tx.query(
        `insert into public.embeddings (team_id, record_kind, record_id, chunk, passage, content_hash, model, dims, embedding)
         select $1, 'contact', u.id, 0, u.passage, 'bench', 'lexical-v1', 384, u.vec::vector
           from unnest($2::uuid[], $3::text[], $4::text[]) as u(id, passage, vec)`,
        [
          teamId,
          rows.map((r) => r.id),
          rows.map((r) => r.passage),
          rows.map((r) => vectorLiteral(lexicalEmbedding(r.passage))),
        ],
      );
    });
  }
  // The filler is embedded already: nothing to queue, no backfill to run.
  await db.asService("bench:seed", async (tx) => {
    await tx.query("delete from public.embedding_queue");
    await tx.query("insert into public.embedding_backfills (model) values ('lexical-v1') on conflict do nothing");
  });
}

/** The judged records as real rows; the refresh job embeds them. Returns key → id. */
async function seedJudged(
  db: Db,
  teamId: string,
  ownerId: string,
  records: JudgedRecord[],
): Promise<Map<string, string>> {
  const ids = new Map(records.map((r) => [r.key, crypto.randomUUID()]));
  await db.asService("bench:seed", async (tx) => {
    for (const r of records) {
      const id = ids.get(r.key)!;
      if (r.kind === "company") {
        await tx.query(
          `insert into public.companies (id, team_id, name, industry, city, country, size, tags)
           values ($1, $2, $3, $4, $5, $6, $7, $8)`,
          [id, teamId, r.name, r.industry, r.city, r.country, r.size, r.tags],
        );
      } else if (r.kind === "contact") {
        await tx.query(
          `insert into public.contacts (id, team_id, first_name, last_name, job_title, city, company_id)
           values ($1, $2, $3, $4, $5, $6, $7)`,
          [id, teamId, r.first_name, r.last_name, r.job_title, r.city, ids.get(r.company as string) ?? null],
        );
      } else {
        await tx.query(
          `insert into public.notes (id, team_id, title, owner_id, created_by, updated_by, visibility, content_text)
           values ($1, $2, $3, $4, $4, $4, 'team', $5)`,
          [id, teamId, r.title, ownerId, r.text],
        );
      }
    }
  });
  return ids;
}

/** Prints the plan of one question's nearest-passages query, as the user (SEMANTIC_BENCH_EXPLAIN=1). */
async function explain(caller: Caller, q: string): Promise<void> {
  const vector = vectorLiteral(lexicalEmbedding(q));
  const plan = await caller.db.asUser(caller.claims, async (tx) => {
    await searchSettings(tx);
    return await tx.query<{ "QUERY PLAN": string }>(
      `explain analyze select e.record_id from public.embeddings e
        where e.dims = 384 and e.model = 'lexical-v1'
        order by e.embedding::vector(384) <=> $1::vector(384) limit 30`,
      [vector],
    );
  });
  console.log(plan.map((row) => row["QUERY PLAN"]).join("\n"));
}
