// What /settings/jobs shows: jobs that failed for good (with their error) and the latest runs.
// The queue's tables (schema pgboss) hold no team data: system jobs' payloads name no team or record, so
// any team's owner or admin may see them. A job about one team's records (an import, a note's compaction)
// carries only ids, among them `teamId`, and is shown to that team alone. Read as the service, by a named job.
import type { Db } from "../db/mod.ts";

export interface JobRow {
  id: string;
  name: string;
  state: string;
  retryCount: number;
  createdOn: Date;
  completedOn: Date | null;
  /** The error of the last attempt, when it failed. */
  error: string | null;
}

interface RawJob {
  id: string;
  name: string;
  state: string;
  retry_count: number;
  created_on: Date | string;
  completed_on: Date | string | null;
  output: unknown;
}

/** pg-boss stores a thrown error as its serialized fields ({ message, stack, ... }) in `output`. */
function errorOf(state: string, output: unknown): string | null {
  if (state !== "failed" && state !== "retry") return null;
  const value = typeof output === "string" ? safeJson(output) : output;
  if (value && typeof value === "object" && "message" in value) return String((value as { message: unknown }).message);
  return value == null ? null : JSON.stringify(value);
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

const toRow = (raw: RawJob): JobRow => ({
  id: raw.id,
  name: raw.name,
  state: raw.state,
  retryCount: Number(raw.retry_count),
  createdOn: new Date(raw.created_on),
  completedOn: raw.completed_on ? new Date(raw.completed_on) : null,
  error: errorOf(raw.state, raw.output),
});

const COLUMNS = "id::text, name, state::text, retry_count, created_on, completed_on, output";

/**
 * Failed jobs first (newest first), then the latest jobs of any state. With `teamId`: the system jobs and
 * that team's own; without, every job (operators, tests).
 */
export async function listJobs(db: Db, limit = 30, teamId?: string): Promise<{ failed: JobRow[]; recent: JobRow[] }> {
  return await db.asService("jobs:admin-list", async (tx) => {
    // Before the queue's first start there are no tables yet: nothing to show.
    const [installed] = await tx.query<{ ok: boolean }>("select to_regclass('pgboss.job') is not null as ok");
    if (!installed?.ok) return { failed: [], recent: [] };
    const visible = "($2::text is null or data->>'teamId' is null or data->>'teamId' = $2)";
    const failed = await tx.query<RawJob>(
      `select ${COLUMNS} from pgboss.job where state = 'failed' and ${visible}
       order by completed_on desc nulls last limit $1`,
      [limit, teamId ?? null],
    );
    const recent = await tx.query<RawJob>(
      // pg-boss's own bookkeeping (the cron pass's __pgboss__send-it jobs) is noise here unless it failed.
      `select ${COLUMNS} from pgboss.job where name not like '\\_\\_pgboss%' and ${visible}
       order by created_on desc limit $1`,
      [limit, teamId ?? null],
    );
    return { failed: failed.map(toRow), recent: recent.map(toRow) };
  });
}
