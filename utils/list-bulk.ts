// Bulk actions on a record list (delete, restore, assign owner, add or remove a tag) as one request and
// one transaction, run as the user so RLS decides.
//
// Design: each id is its own step inside the one transaction (a savepoint per id). An id the user may
// not act on (not found, another team's, no permission, refused by the database's rules: e.g. a lead
// that is past NEW cannot be deleted) is rolled back to its savepoint and reported with a status and a
// sentence; every other id is applied. So the result is "all the permitted ones, none of the refused
// ones", decided per id, and committed together: an unexpected error rolls the whole request back and
// nothing changes. Ids of another team are never read or written (every statement filters on the
// caller's team, and RLS hides the rest): they come back as 404 "not found", like ids nobody has.
import { AppError } from "../lib/errors.ts";
import { z } from "zod";
import type { Hono } from "hono";
import type { Claims } from "../lib/db/claims.ts";
import type { Db, Row, Tx } from "../lib/db/mod.ts";
import type { ResourceSpec } from "../lib/records/resource-spec.ts";
import { apiCaller, type ApiEnv } from "./api/auth.ts";
import { jsonInput } from "./api/validate.ts";
import { describe } from "./api/describe.ts";
import { toAppError } from "../lib/db/errors.ts";

export const MAX_BULK_IDS = 1000;
export const BULK_ACTIONS = ["delete", "restore", "assign", "tag", "untag"] as const;
export type BulkAction = typeof BULK_ACTIONS[number];

const ids = z.array(z.string().uuid("ids must be record ids."), "ids is a list of record ids.")
  .min(1, "Select at least one record.")
  .max(MAX_BULK_IDS, `At most ${MAX_BULK_IDS} records at once.`);
const tag = z.string("tag is text.").trim().min(1, "Type a tag.").max(40, "Tags can be at most 40 characters.");

export const bulkInput = z.discriminatedUnion("action", [
  z.object({ action: z.literal("delete"), ids }),
  z.object({ action: z.literal("restore"), ids }),
  z.object({
    action: z.literal("assign"),
    ids,
    owner_id: z.string().uuid("owner_id must be a member's id.").nullable(),
  }),
  z.object({ action: z.literal("tag"), ids, tag }),
  z.object({ action: z.literal("untag"), ids, tag }),
], { error: () => `action is one of ${BULK_ACTIONS.join(", ")}.` });

export type BulkInput = z.infer<typeof bulkInput>;

export type BulkResult =
  | { id: string; ok: true; record: Row }
  | { id: string; ok: false; status: number; message: string };

const MAX_TAGS = 20;

/** The statement for one id: $1 id, $2 team, $3 the action's value. Returns the record when it applied. */
function statement(spec: ResourceSpec, input: BulkInput): { sql: string; value: unknown[] } {
  const returning = spec.columns.map((c) => `t.${c}`).join(", ");
  const where = "t.id = $1 and t.team_id = $2";
  switch (input.action) {
    case "delete":
      return {
        sql:
          `update ${spec.table} t set deleted_at = now() where ${where} and t.deleted_at is null returning ${returning}`,
        value: [],
      };
    case "restore":
      return {
        sql:
          `update ${spec.table} t set deleted_at = null where ${where} and t.deleted_at is not null returning ${returning}`,
        value: [],
      };
    case "assign":
      return {
        sql: `update ${spec.table} t set owner_id = $3 where ${where} and t.deleted_at is null returning ${returning}`,
        value: [input.owner_id],
      };
    case "tag":
      return {
        sql: `update ${spec.table} t set tags = case when $3 = any(t.tags) then t.tags else t.tags || $3::text end
              where ${where} and t.deleted_at is null returning ${returning}`,
        value: [input.tag],
      };
    case "untag":
      return {
        sql:
          `update ${spec.table} t set tags = array_remove(t.tags, $3::text) where ${where} and t.deleted_at is null returning ${returning}`,
        value: [input.tag],
      };
  }
}

const VERBS: Record<BulkAction, string> = {
  delete: "delete",
  restore: "restore",
  assign: "reassign",
  tag: "tag",
  untag: "untag",
};

/** Why an id that touched nothing was refused (it exists for the caller but the action does not apply). */
function refusal(spec: ResourceSpec, input: BulkInput, row: { deleted_at: unknown; tags: unknown } | undefined) {
  const noun = spec.singular.toLowerCase();
  if (!row) return { status: 404, message: `${spec.singular} not found.` };
  if (input.action === "restore" && row.deleted_at === null) {
    return { status: 409, message: `This ${noun} is not deleted.` };
  }
  if (input.action !== "restore" && row.deleted_at !== null) {
    return { status: 404, message: `${spec.singular} not found.` };
  }
  return { status: 403, message: `You don't have permission to ${VERBS[input.action]} this ${noun}.` };
}

/** Applies the action to every id the caller may act on, in one transaction; one result per id, in order. */
export async function runBulk(
  db: Db,
  claims: Claims,
  teamId: string,
  spec: ResourceSpec,
  input: BulkInput,
): Promise<BulkResult[]> {
  const unique = [...new Set(input.ids.map((id) => id.toLowerCase()))];
  const { sql, value } = statement(spec, input);
  return await db.asUser(claims, async (tx: Tx) => {
    // What the caller can see of these ids, in their current team only.
    const seen = await tx.query<{ id: string; deleted_at: unknown; tags: string[] }>(
      `select t.id, t.deleted_at, t.tags from ${spec.table} t where t.id = any($1::uuid[]) and t.team_id = $2`,
      [unique, teamId],
    );
    const visible = new Map(seen.map((r) => [String(r.id), r]));
    const results: BulkResult[] = [];
    for (const id of unique) {
      const current = visible.get(id);
      if (!current) {
        results.push({ id, ok: false, ...refusal(spec, input, undefined) });
        continue;
      }
      if (input.action === "tag" && current.tags.length >= MAX_TAGS && !current.tags.includes(input.tag)) {
        results.push({
          id,
          ok: false,
          status: 422,
          message: `This ${spec.singular.toLowerCase()} has ${MAX_TAGS} tags already.`,
        });
        continue;
      }
      await tx.query("savepoint bulk_row");
      try {
        const [row] = await tx.query(sql, [id, teamId, ...value]);
        await tx.query("release savepoint bulk_row");
        results.push(row ? { id, ok: true, record: row } : { id, ok: false, ...refusal(spec, input, current) });
      } catch (error) {
        await tx.query("rollback to savepoint bulk_row");
        const refused = toAppError(error);
        // Only refusals a person can understand are per-id; anything else undoes the whole request.
        if (!(refused instanceof AppError) || refused.status >= 500) throw error;
        results.push({ id, ok: false, status: refused.status, message: refused.message });
      }
    }
    return results;
  });
}

/** POST /api/v1/<resource>/bulk on a resource's sub-app: `{ ids, action, owner_id? | tag? }`. */
export function registerBulk(app: Hono<ApiEnv>, spec: ResourceSpec): void {
  const doc = describe({
    summary: `Delete, restore, reassign or tag many ${spec.name} in one request`,
    description: "One transaction. Each id the caller may act on is changed; each one they may not (not found, " +
      "another team's, no permission, refused by a rule) is left as it was and reported in `results` with a " +
      "status and a message. An unexpected error changes nothing.",
    responses: { 200: "`{ data: { action, done, refused, results: [{ id, ok, record | status, message }] } }`" },
  });
  app.post("/bulk", doc, jsonInput(bulkInput), async (c) => {
    const { db, claims, team } = apiCaller(c);
    const input = c.req.valid("json");
    const results = await runBulk(db, claims, team.id, spec, input);
    const done = results.filter((r) => r.ok).length;
    return c.json({ data: { action: input.action, done, refused: results.length - done, results } });
  });
}
