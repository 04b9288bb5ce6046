// Global search across every searchable CRM table, as one ranked SQL query run as the user (RLS decides).
//
// Design: the union is built here in TypeScript from SEARCH_SOURCES, a declarative list of the tables
// that carry a weighted `search` tsvector (like ResourceSpec, but for search). Each source names the
// columns its SQL needs; once per database we read which of those tables and columns exist (one catalog
// query, cached), and a source whose table or columns are missing is left out of the union. So leads,
// deals and tasks join global search the moment their migrations are in, with no change here, and a
// renamed column drops that source instead of breaking search for everyone. Compared with a
// plpgsql function that builds the union with format()/execute, the SQL stays parameterised and
// readable, each source is testable on its own, and titles/subtitles/URLs live next to each other.
import { AppError } from "../errors.ts";
import { z } from "zod";
import type { Claims } from "../db/claims.ts";
import type { Db, Tx } from "../db/mod.ts";
import { parseWithSchema } from "../validation.ts";

/** A piece of SQL over the table alias `t`, with the columns it reads (so it is only used when they exist). */
export interface SqlPart {
  sql: string;
  needs: string[];
}

export interface SearchSource {
  /** Singular type name used in the API (`types=contact,company`) and in results. */
  type: string;
  /** Schema-qualified table with `id`, `team_id` and a weighted `search` tsvector. */
  table: string;
  /** Alternatives for the record's display name; the first non-empty one wins. */
  title: SqlPart[];
  /** Joined with " · ", empty parts skipped. Parts whose columns are missing are dropped. */
  subtitle: SqlPart[];
  url: (id: string) => string;
}

const col = (name: string): SqlPart => ({ sql: `t.${name}`, needs: [name] });

/** Every table global search knows. Order is the tie-break order of groups. */
export const SEARCH_SOURCES: SearchSource[] = [
  {
    type: "contact",
    table: "public.contacts",
    title: [{ sql: "t.first_name || ' ' || t.last_name", needs: ["first_name", "last_name"] }, col("email")],
    subtitle: [
      col("job_title"),
      {
        sql: "(select c.name from public.companies c where c.id = t.company_id and c.deleted_at is null)",
        needs: ["company_id"],
      },
      col("email"),
    ],
    url: (id) => `/contacts/${id}`,
  },
  {
    type: "company",
    table: "public.companies",
    title: [col("name")],
    subtitle: [col("domain"), col("industry"), col("city")],
    url: (id) => `/companies/${id}`,
  },
  {
    type: "lead",
    table: "public.leads",
    title: [col("business_name"), col("contact_name"), col("email")],
    subtitle: [
      col("contact_name"),
      col("email"),
      { sql: "initcap(replace(lower(t.status::text), '_', ' '))", needs: ["status"] },
    ],
    url: (id) => `/leads/${id}`,
  },
  {
    type: "deal",
    table: "public.deals",
    title: [col("name")],
    subtitle: [
      { sql: "(select s.name from public.pipeline_stages s where s.id = t.stage_id)", needs: ["stage_id"] },
      {
        sql: "(select c.name from public.companies c where c.id = t.company_id and c.deleted_at is null)",
        needs: ["company_id"],
      },
    ],
    url: (id) => `/deals/${id}`,
  },
  {
    type: "task",
    table: "public.tasks",
    title: [col("title")],
    subtitle: [
      { sql: "'Due ' || to_char(t.due_at, 'Mon DD')", needs: ["due_at"] },
      { sql: "case when t.completed_at is not null then 'Done' end", needs: ["completed_at"] },
    ],
    url: (id) => `/tasks?task=${id}`,
  },
];

export const SEARCH_TYPES = SEARCH_SOURCES.map((s) => s.type);
export const MAX_QUERY_LENGTH = 200;
export const MAX_SEARCH_LIMIT = 50;

export interface SearchHit {
  type: string;
  id: string;
  title: string;
  subtitle: string | null;
  url: string;
  rank: number;
}

export interface SearchOptions {
  q: string;
  /** Restrict to these types; all known types when empty. */
  types?: string[];
  limit?: number;
}

/** Query parameters as the API and the results page receive them; 422 with a plain message when wrong. */
export const searchParamsSchema = z.object({
  q: z.string().max(MAX_QUERY_LENGTH, `Keep the search under ${MAX_QUERY_LENGTH} characters.`).default(""),
  types: z.string().max(200).optional().transform((value, ctx) => {
    const types = (value ?? "").split(",").map((t) => t.trim().toLowerCase()).filter(Boolean);
    const unknown = types.filter((t) => !SEARCH_TYPES.includes(t));
    if (unknown.length) {
      ctx.addIssue({ code: "custom", message: `You can search ${SEARCH_TYPES.join(", ")}, not "${unknown[0]}".` });
    }
    return types;
  }),
  limit: z.coerce.number().int("limit is a whole number.").min(1).max(MAX_SEARCH_LIMIT).default(10),
});

export function parseSearchParams(query: Record<string, string | undefined>): Required<SearchOptions> {
  const parsed = parseWithSchema(searchParamsSchema, {
    q: query.q ?? undefined,
    types: query.types || undefined,
    limit: query.limit || undefined,
  });
  return { q: parsed.q, types: parsed.types, limit: parsed.limit };
}

export interface ParsedQuery {
  /** tsquery text, read literally with ::tsquery (no parser), every lexeme a prefix. */
  tsquery: string;
  /** The typed text, lower-cased and single-spaced, for the name-prefix boost. */
  phrase: string;
  /** The first typed term, for a weaker boost. */
  first: string;
}

/**
 * Every typed term must match the start of a word: "acm sal" finds "Acme Sales". Terms with
 * punctuation also match the parser's whole tokens, since `simple` keeps emails and hosts as one
 * lexeme: "jane@acme" finds jane@acme.com and "acme.co" finds acme.com (as "acme co" could not).
 * Lexemes hold only letters, digits and @._+-, so quoting them is safe; anything else is dropped.
 */
export function parseSearchQuery(text: string): ParsedQuery | null {
  const terms = text.toLowerCase().split(/\s+/).filter(Boolean).slice(0, 8);
  const clauses: string[] = [];
  const kept: string[] = [];
  for (const term of terms) {
    const words = term.match(/[\p{L}\p{N}]+/gu) ?? [];
    if (words.length === 0) continue;
    const wordClause = words.map((w) => `'${w}':*`).join(" & ");
    const token = term.replace(/[^\p{L}\p{N}@._+-]/gu, "").replace(/^[^\p{L}\p{N}]+|[^\p{L}\p{N}]+$/gu, "");
    const hasToken = words.length > 1 && /^[\p{L}\p{N}]+([@._+-][\p{L}\p{N}]+)+$/u.test(token);
    clauses.push(hasToken ? `('${token}':* | (${wordClause}))` : wordClause);
    kept.push(term);
  }
  if (clauses.length === 0) return null;
  return { tsquery: clauses.join(" & "), phrase: kept.join(" "), first: kept[0] };
}

// Which tables and columns exist, per database. Migrations run before the server answers, so a
// process-long cache is right; it is dropped when a query still trips over a missing relation.
const schemaCache = new WeakMap<Db, Promise<Map<string, Set<string>>>>();

function readSchema(db: Db, claims: Claims): Promise<Map<string, Set<string>>> {
  let cached = schemaCache.get(db);
  if (!cached) {
    cached = db.asUser(claims, (tx) => tableColumns(tx, SEARCH_SOURCES.map((s) => s.table)));
    cached.catch(() => schemaCache.delete(db));
    schemaCache.set(db, cached);
  }
  return cached;
}

async function tableColumns(tx: Tx, tables: string[]): Promise<Map<string, Set<string>>> {
  const rows = await tx.query<{ name: string; columns: string[] }>(
    `select s.name, array_agg(a.attname::text) as columns
       from unnest($1::text[]) as s(name)
       join pg_catalog.pg_attribute a on a.attrelid = to_regclass(s.name) and a.attnum > 0 and not a.attisdropped
      group by s.name`,
    [tables],
  );
  return new Map(rows.map((r) => [r.name, new Set(r.columns)]));
}

/** Forgets what readSchema learnt, for a database migrated while the process runs (tests, dev). */
export function forgetSearchSchema(db: Db): void {
  schemaCache.delete(db);
}

const nonEmpty = (sql: string) => `nullif(btrim((${sql})::text), '')`;

/** The SELECT for one source, or null when its table or the columns it needs are missing. */
export function sourceSql(source: SearchSource, columns: Set<string> | undefined): string | null {
  if (!columns || !["id", "team_id", "search"].every((c) => columns.has(c))) return null;
  const usable = (parts: SqlPart[]) => parts.filter((p) => p.needs.every((c) => columns.has(c)));
  const titles = usable(source.title);
  if (titles.length === 0) return null;
  const title = `coalesce(${titles.map((p) => nonEmpty(p.sql)).join(", ")}, 'Untitled')`;
  const subtitleParts = usable(source.subtitle).map((p) => nonEmpty(p.sql));
  const subtitle = subtitleParts.length ? `nullif(concat_ws(' · ', ${subtitleParts.join(", ")}), '')` : "null::text";
  const live = columns.has("deleted_at") ? " and t.deleted_at is null" : "";
  // $1 team, $2 tsquery, $3 the typed phrase, $4 its first term, $5 limit.
  // ts_rank_cd with explicit weights {D, C, B, A}; an exact name match and a name that starts with
  // what was typed rank above any body match, so "acme" puts "Acme" before "Jane at acme.com".
  return `(select '${source.type}'::text as type, t.id, ${title} as title, ${subtitle} as subtitle,
      ts_rank_cd('{0.1, 0.2, 0.4, 1.0}', t.search, $2::tsquery)::float8
        + case when lower(${title}) = $3 then 2 when starts_with(lower(${title}), $3) then 1
               when starts_with(lower(${title}), $4) then 0.5 else 0 end::float8 as rank
    from ${source.table} t
    where t.team_id = $1${live} and t.search @@ $2::tsquery
    order by rank desc, t.id limit $5)`;
}

/** Builds the one union query for these sources; exported for tests. */
export function buildSearchSql(parts: string[]): string {
  return `select type, id, title, subtitle, rank from (${parts.join("\nunion all\n")}) hits
    order by rank desc, lower(title), id limit $5`;
}

/**
 * Ranked hits for `q` in the team's records the user may see: prefix matching on every word
 * ("acm sal" finds "Acme Sales"), one SQL round trip (after the first call's catalog read).
 */
export async function searchRecords(
  db: Db,
  claims: Claims,
  teamId: string,
  options: SearchOptions,
): Promise<SearchHit[]> {
  if (options.q.length > MAX_QUERY_LENGTH) {
    throw new AppError("unprocessable_entity", `Keep the search under ${MAX_QUERY_LENGTH} characters.`);
  }
  const parsed = parseSearchQuery(options.q);
  if (!parsed) return [];
  const limit = Math.min(MAX_SEARCH_LIMIT, Math.max(1, Math.trunc(options.limit ?? 10)));
  const wanted = options.types?.length ? SEARCH_SOURCES.filter((s) => options.types!.includes(s.type)) : SEARCH_SOURCES;
  const params = [teamId, parsed.tsquery, parsed.phrase, parsed.first, limit];

  const run = async () => {
    const schema = await readSchema(db, claims);
    const parts = wanted.map((s) => sourceSql(s, schema.get(s.table))).filter((sql): sql is string => sql !== null);
    if (parts.length === 0) return [];
    return await db.asUser(
      claims,
      (tx) =>
        tx.query<{ type: string; id: string; title: string; subtitle: string | null; rank: number }>(
          buildSearchSql(parts),
          params,
        ),
    );
  };

  let rows;
  try {
    rows = await run();
  } catch (error) {
    // A table or column went away since the catalog was read (a migration in dev): read it again once.
    const code = (error as { code?: string }).code;
    if (code !== "42P01" && code !== "42703") throw error;
    schemaCache.delete(db);
    rows = await run();
  }
  const byType = new Map(SEARCH_SOURCES.map((s) => [s.type, s]));
  return rows.map((row) => ({
    type: row.type,
    id: row.id,
    title: row.title,
    subtitle: row.subtitle,
    url: byType.get(row.type)!.url(row.id),
    rank: Math.round(Number(row.rank) * 10_000) / 10_000,
  }));
}

/** Which types can be searched in this database right now (their tables exist). */
export async function availableSearchTypes(db: Db, claims: Claims): Promise<string[]> {
  const schema = await readSchema(db, claims);
  return SEARCH_SOURCES.filter((s) => sourceSql(s, schema.get(s.table)) !== null).map((s) => s.type);
}
