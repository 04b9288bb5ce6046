// Reading and writing any CRM record described by a ResourceSpec, always as the user (RLS decides).
import { AppError } from "../errors.ts";
import type { Claims, UserClaims } from "../db/claims.ts";
import type { Db, Row, Tx } from "../db/mod.ts";
import { encodeCursor } from "./cursor.ts";
import { buildListQuery, type ListParams } from "./list-query.ts";
import type { ResourceSpec } from "./resource-spec.ts";
import { isUuid } from "../ids.ts";
import { type RecordKind, recordTable } from "../record-types.ts";

export interface Page<T = Row> {
  data: T[];
  next_cursor: string | null;
}

const notFound = (spec: ResourceSpec) => new AppError("not_found", `${spec.singular} not found.`);

/** Only columns the spec knows, JSON columns encoded: user input never names a column. */
function writable(spec: ResourceSpec, input: Record<string, unknown>) {
  const entries = Object.entries(input).filter(([key, value]) => spec.columns.includes(key) && value !== undefined);
  return entries.map(([key, value]) => [key, spec.jsonColumns?.includes(key) ? JSON.stringify(value) : value] as const);
}

export async function listRecords(db: Db, claims: Claims, teamId: string, spec: ResourceSpec, query: ListParams) {
  const built = buildListQuery(spec, teamId, query);
  const rows = await db.asUser(claims, (tx) => tx.query<Row & { _sort: unknown }>(built.sql, built.params));
  const more = rows.length > built.limit;
  const data = rows.slice(0, built.limit);
  const last = data.at(-1);
  const next_cursor = more && last ? encodeCursor(last._sort, String(last.id)) : null;
  return { data: data.map(({ _sort, ...row }) => row), next_cursor } as Page;
}

export async function getRecord(db: Db, claims: Claims, teamId: string, spec: ResourceSpec, id: string) {
  if (!isUuid(id)) throw notFound(spec);
  const [row] = await db.asUser(claims, (tx) =>
    tx.query(
      `select ${spec.columns.map((c) => `t.${c}`).join(", ")} from ${spec.table} t
       where t.id = $1 and t.team_id = $2 and t.deleted_at is null`,
      [id, teamId],
    ));
  if (!row) throw notFound(spec);
  return row;
}

export async function createRecord(
  db: Db,
  claims: Claims,
  teamId: string,
  spec: ResourceSpec,
  input: Record<string, unknown>,
) {
  return await db.asUser(claims, (tx) => insertRecord(tx, claims, teamId, spec, input));
}

/** One record inserted in a transaction already open as the user: for domain code that writes several at once. */
export async function insertRecord<T = Row>(
  tx: Tx,
  claims: Pick<Claims, "sub">,
  teamId: string,
  spec: ResourceSpec,
  input: Record<string, unknown>,
): Promise<T> {
  const fields = writable(spec, { owner_id: claims.sub, ...input, team_id: teamId });
  const [row] = await tx.query<T>(
    // aliased so computed columns (functions of the row, like deals.stage_name) can be returned too
    `insert into ${spec.table} as t (${fields.map(([k]) => k).join(", ")})
     values (${fields.map((_, i) => `$${i + 1}`).join(", ")})
     returning ${spec.columns.map((c) => `t.${c}`).join(", ")}`,
    fields.map(([, v]) => v),
  );
  return row;
}

export async function updateRecord(
  db: Db,
  claims: Claims,
  teamId: string,
  spec: ResourceSpec,
  id: string,
  input: Record<string, unknown>,
) {
  if (!isUuid(id)) throw notFound(spec);
  const fields = writable(spec, input).filter(([key]) => key !== "team_id" && key !== "id");
  if (fields.length === 0) return await getRecord(db, claims, teamId, spec, id);
  const [row] = await db.asUser(claims, (tx) =>
    tx.query(
      `update ${spec.table} t set ${fields.map(([k], i) => `${k} = $${i + 3}`).join(", ")}
       where t.id = $1 and t.team_id = $2 and t.deleted_at is null
       returning ${spec.columns.map((c) => `t.${c}`).join(", ")}`,
      [id, teamId, ...fields.map(([, v]) => v)],
    ));
  if (!row) await assertVisible(db, claims, teamId, spec, id, "edit");
  return row;
}

/** Soft delete: the record disappears from lists and can be restored (undo). */
export async function deleteRecord(db: Db, claims: Claims, teamId: string, spec: ResourceSpec, id: string) {
  if (!isUuid(id)) throw notFound(spec);
  const [row] = await db.asUser(claims, (tx) =>
    tx.query<{ id: string }>(
      `update ${spec.table} set deleted_at = now() where id = $1 and team_id = $2 and deleted_at is null returning id`,
      [id, teamId],
    ));
  if (!row) await assertVisible(db, claims, teamId, spec, id, "delete");
  return { id };
}

export async function restoreRecord(db: Db, claims: Claims, teamId: string, spec: ResourceSpec, id: string) {
  if (!isUuid(id)) throw notFound(spec);
  const [row] = await db.asUser(claims, (tx) =>
    tx.query(
      `update ${spec.table} t set deleted_at = null where t.id = $1 and t.team_id = $2 and t.deleted_at is not null
       returning ${spec.columns.map((c) => `t.${c}`).join(", ")}`,
      [id, teamId],
    ));
  if (!row) throw notFound(spec);
  return row;
}

/** A write that touched nothing: 404 when the user cannot see the record, 403 when they may not change it. */
async function assertVisible(db: Db, claims: Claims, teamId: string, spec: ResourceSpec, id: string, verb: string) {
  const seen = await db.asUser(
    claims,
    (tx) => tx.query(`select 1 from ${spec.table} where id = $1 and team_id = $2 and deleted_at is null`, [id, teamId]),
  );
  if (seen.length === 0) throw notFound(spec);
  throw new AppError("forbidden", `You don't have permission to ${verb} this ${spec.singular.toLowerCase()}.`);
}

/**
 * The workspace of a record of any kind (lib/record-types.ts) the user can see, or null when RLS hides it or
 * there is none. Deleted records count only with `includeDeleted` (a timeline stays readable after a delete).
 */
export async function recordTeamOf(
  db: Db,
  claims: UserClaims,
  kind: RecordKind,
  id: string,
  { includeDeleted = false } = {},
): Promise<string | null> {
  if (!isUuid(id)) return null;
  const [row] = await db.asUser(claims, (tx) =>
    tx.query<{ team_id: string }>(
      `select team_id from ${recordTable(kind)} where id = $1${includeDeleted ? "" : " and deleted_at is null"}`,
      [id],
    ));
  return row?.team_id ?? null;
}
