// Merging duplicate contacts or companies, in one transaction as the user (RLS applies): the survivor
// takes the chosen value per field and the union of emails, phones and tags; whatever pointed at the
// other record (deals, leads, tasks, activities, a company's contacts) is moved over; the other record
// is soft-deleted, so it can still be restored.
import { AppError } from "../errors.ts";
import type { UserClaims } from "../db/claims.ts";
import type { Db, Row, Tx } from "../db/mod.ts";
import { isUuid } from "../ids.ts";
import { type RecordKind, recordTable } from "../record-types.ts";

export type MergeResource = "contacts" | "companies";
export type MergeChoice = "survivor" | "other";

export interface MergeField {
  key: string;
  label: string;
}

export const MERGE_FIELDS: Record<MergeResource, MergeField[]> = {
  contacts: [
    { key: "first_name", label: "First name" },
    { key: "last_name", label: "Last name" },
    { key: "email", label: "Email" },
    { key: "job_title", label: "Job title" },
    { key: "company_id", label: "Company" },
    { key: "owner_id", label: "Owner" },
    { key: "industry", label: "Industry" },
    { key: "city", label: "City" },
    { key: "country", label: "Country" },
    { key: "website", label: "Website" },
    { key: "linkedin_url", label: "LinkedIn URL" },
    { key: "lead_source", label: "Lead source" },
    { key: "lead_score", label: "Lead score" },
  ],
  companies: [
    { key: "name", label: "Name" },
    { key: "domain", label: "Domain" },
    { key: "owner_id", label: "Owner" },
    { key: "website", label: "Website" },
    { key: "linkedin_url", label: "LinkedIn URL" },
    { key: "industry", label: "Industry" },
    { key: "size", label: "Size" },
    { key: "annual_revenue", label: "Annual revenue" },
    { key: "city", label: "City" },
    { key: "country", label: "Country" },
    { key: "lead_source", label: "Lead source" },
    { key: "lead_score", label: "Lead score" },
  ],
};

/** How tasks, activities and similar tables name a record's type. */
const RECORD_TYPE = { contacts: "contact", companies: "company" } as const satisfies Record<MergeResource, RecordKind>;
const TABLE = (resource: MergeResource) => recordTable(RECORD_TYPE[resource]);

type Labelled = { label: string; value: string };

function unionLabelled(lists: Labelled[][], exclude: (string | null)[] = []): Labelled[] {
  const seen = new Set(exclude.filter(Boolean).map((v) => v!.toLowerCase()));
  const out: Labelled[] = [];
  for (const item of lists.flat()) {
    const key = item.value.trim().toLowerCase();
    if (seen.has(key)) continue;
    seen.add(key);
    out.push(item);
  }
  return out;
}

/** The value a field ends up with, for each choice (empty values never win over filled ones by default). */
export function defaultChoice(survivor: Row, other: Row, field: string): MergeChoice {
  const empty = (v: unknown) => v === null || v === undefined || v === "";
  return empty(survivor[field]) && !empty(other[field]) ? "other" : "survivor";
}

/** Tables being built alongside this one: only repoint what exists (with the columns we expect). */
async function existingColumns(tx: Tx, table: string): Promise<Set<string>> {
  const [found] = await tx.query<{ oid: string | null }>("select to_regclass($1)::text as oid", [`public.${table}`]);
  if (!found?.oid) return new Set();
  const columns = await tx.query<{ column_name: string }>(
    "select column_name from information_schema.columns where table_schema = 'public' and table_name = $1",
    [table],
  );
  return new Set(columns.map((c) => c.column_name));
}

/** Points rows of `table` that refer to the other record at the survivor; returns how many moved. */
async function repoint(tx: Tx, resource: MergeResource, table: string, survivorId: string, otherId: string) {
  if (table === "activities") {
    // A timeline entry's record never changes for users; this function moves them for a merge (see the imports
    // migration) and answers 0 while the activities table does not exist.
    const [row] = await tx.query<{ moved: number }>(
      "select app.merge_move_activities($1, $2, $3, $4) as moved",
      [await teamOf(tx, resource, survivorId), RECORD_TYPE[resource], otherId, survivorId],
    );
    return row.moved;
  }
  const columns = await existingColumns(tx, table);
  if (columns.size === 0) return 0;
  const fk = resource === "contacts" ? "contact_id" : "company_id";
  let moved = 0;
  if (columns.has(fk)) {
    const rows = await tx.query(`update public.${table} set ${fk} = $1 where ${fk} = $2 returning 1`, [
      survivorId,
      otherId,
    ]);
    moved += rows.length;
  }
  // Polymorphic links: (related_type, related_id) as tasks have, or (record_type, record_id).
  for (const [typeColumn, idColumn] of [["related_type", "related_id"], ["record_type", "record_id"]]) {
    if (!columns.has(typeColumn) || !columns.has(idColumn)) continue;
    const rows = await tx.query(
      `update public.${table} set ${idColumn} = $1 where ${typeColumn} = $3 and ${idColumn} = $2 returning 1`,
      [survivorId, otherId, RECORD_TYPE[resource]],
    );
    moved += rows.length;
  }
  return moved;
}

async function teamOf(tx: Tx, resource: MergeResource, id: string) {
  const [row] = await tx.query<{ team_id: string }>(`select team_id from ${TABLE(resource)} where id = $1`, [id]);
  return row.team_id;
}

const RELATED_TABLES: Record<MergeResource, string[]> = {
  contacts: ["deals", "leads", "tasks", "activities", "notes"],
  companies: ["contacts", "deals", "leads", "tasks", "activities", "notes"],
};

export interface MergeResult {
  survivor: Row;
  /** Rows moved over per table, e.g. { deals: 2, contacts: 5 }. */
  moved: Record<string, number>;
}

export async function mergeRecords(
  db: Db,
  claims: UserClaims,
  teamId: string,
  resource: MergeResource,
  survivorId: string,
  otherId: string,
  choices: Record<string, MergeChoice>,
): Promise<MergeResult> {
  const singular = RECORD_TYPE[resource];
  if (!isUuid(survivorId) || !isUuid(otherId)) {
    throw new AppError("not_found", `That ${singular} was not found.`);
  }
  if (survivorId === otherId) throw new AppError("unprocessable_entity", `Choose a different ${singular} to merge.`);
  const table = TABLE(resource);
  return await db.asUser(claims, async (tx) => {
    const [{ allowed }] = await tx.query<{ allowed: boolean }>("select app.can_write($1) as allowed", [teamId]);
    if (!allowed) throw new AppError("forbidden", `You don't have permission to merge ${resource}.`);
    const rows = await tx.query(
      `select * from ${table} where id = any (array[$1, $2]::uuid[]) and team_id = $3 and deleted_at is null for update`,
      [survivorId, otherId, teamId],
    );
    const survivor = rows.find((r) => r.id === survivorId);
    const other = rows.find((r) => r.id === otherId);
    if (!survivor || !other) {
      throw new AppError("not_found", `That ${singular} was not found; it may have been deleted or merged.`);
    }
    const patch: Record<string, unknown> = {};
    for (const { key } of MERGE_FIELDS[resource]) {
      const choice = choices[key] ?? defaultChoice(survivor, other, key);
      patch[key] = choice === "other" ? other[key] : survivor[key];
    }
    if (resource === "contacts") {
      if (!patch.first_name && !patch.last_name && !patch.email) {
        throw new AppError("unprocessable_entity", "The merged contact needs at least a name or an email address.");
      }
      // The address not kept as the primary one stays as a further address.
      const primaries = [survivor.email, other.email].filter((e) => e && e !== patch.email) as string[];
      patch.emails = JSON.stringify(unionLabelled(
        [
          survivor.emails as Labelled[],
          other.emails as Labelled[],
          primaries.map((value) => ({ label: "other", value })),
        ],
        [patch.email as string | null],
      ));
      patch.phones = JSON.stringify(unionLabelled([survivor.phones as Labelled[], other.phones as Labelled[]]));
      patch.first_name ??= "";
      patch.last_name ??= "";
    } else if (!patch.name) {
      throw new AppError("unprocessable_entity", "The merged company needs a name.");
    }
    // Arrays travel as JSON, which both drivers pass the same way.
    patch.tags = JSON.stringify([...new Set([...(survivor.tags as string[]), ...(other.tags as string[])])]);

    // Move the related rows first, then hide the other record, then write the survivor.
    const moved: Record<string, number> = {};
    for (const related of RELATED_TABLES[resource]) {
      const count = await repoint(tx, resource, related, survivorId, otherId);
      if (count > 0) moved[related] = count;
    }
    await tx.query(`update ${table} set deleted_at = now() where id = $1`, [otherId]);
    const entries = Object.entries(patch);
    const [updated] = await tx.query(
      `update ${table} set ${
        entries.map(([k], i) =>
          k === "tags" ? `tags = array(select jsonb_array_elements_text($${i + 2}::jsonb))` : `${k} = $${i + 2}`
        )
          .join(", ")
      } where id = $1 returning *`,
      [survivorId, ...entries.map(([, v]) => v)],
    );
    if (!updated) throw new AppError("forbidden", `You don't have permission to edit this ${singular}.`);
    return { survivor: updated, moved };
  });
}

/** Likely duplicates of a record: same email or name (contacts), same domain or name (companies). */
export async function duplicateCandidates(
  db: Db,
  claims: UserClaims,
  teamId: string,
  resource: MergeResource,
  record: Row,
  limit = 5,
): Promise<Row[]> {
  const sql = resource === "contacts"
    ? `select * from public.contacts where team_id = $1 and deleted_at is null and id <> $2 and (
         (email is not null and lower(email) = lower($3))
         or (first_name <> '' and lower(first_name) = lower($4) and lower(last_name) = lower($5)))
       order by created_at limit $6`
    : `select * from public.companies where team_id = $1 and deleted_at is null and id <> $2 and (
         (domain is not null and lower(domain) = lower($3)) or lower(name) = lower($4))
       order by created_at limit $5`;
  const params = resource === "contacts"
    ? [teamId, record.id, record.email ?? "", record.first_name ?? "", record.last_name ?? "", limit]
    : [teamId, record.id, record.domain ?? "", record.name ?? "", limit];
  return await db.asUser(claims, (tx) => tx.query(sql, params));
}
