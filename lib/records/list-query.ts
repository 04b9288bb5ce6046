// Turns list query parameters into one parameterised SQL query with keyset pagination.
import { AppError } from "../errors.ts";
import { decodeCursor } from "./cursor.ts";
import type { ResourceSpec, SqlType } from "./resource-spec.ts";
import { isUuid } from "../ids.ts";

export interface ListParams {
  [key: string]: string | undefined;
  sort?: string;
  cursor?: string;
  limit?: string;
}

export interface BuiltQuery {
  sql: string;
  params: unknown[];
  limit: number;
  sortKey: string;
}

export const MAX_LIMIT = 200;

function checkValue(name: string, value: string, type: SqlType = "text"): string {
  const ok = type === "uuid"
    ? isUuid(value)
    : type === "numeric"
    ? value.trim() !== "" && Number.isFinite(Number(value))
    : type === "timestamptz" || type === "date"
    ? !Number.isNaN(Date.parse(value))
    : value.length <= 200;
  if (!ok) {
    throw new AppError("unprocessable_entity", `The filter "${name}" has a value that is not valid: "${value}".`);
  }
  return value;
}

/** Prefix search: every word must match the start of a word ("acm sal" finds "Acme Sales"). */
export function tsQuery(text: string): string | null {
  const words = text.toLowerCase().match(/[\p{L}\p{N}]+/gu)?.slice(0, 8) ?? [];
  return words.length ? words.map((w) => `${w}:*`).join(" & ") : null;
}

/** Text filters compare as text, so enum columns (lead status) work with plain string values. */
function column(filter: { column: string; type?: SqlType }) {
  return filter.type && filter.type !== "text" ? `t.${filter.column}` : `t.${filter.column}::text`;
}

export function buildListQuery(spec: ResourceSpec, teamId: string, query: ListParams): BuiltQuery {
  const params: unknown[] = [teamId];
  const where = ["t.team_id = $1", "t.deleted_at is null"];
  const add = (value: unknown) => `$${params.push(value)}`;

  for (const [name, filter] of Object.entries(spec.filters)) {
    const raw = query[name];
    if (raw === undefined || raw === "") continue;
    switch (filter.kind) {
      case "eq":
        where.push(`${column(filter)} = ${add(checkValue(name, raw, filter.type))}::${filter.type ?? "text"}`);
        break;
      case "in": {
        const values = raw.split(",").map((v) => checkValue(name, v.trim(), filter.type)).slice(0, 50);
        where.push(`${column(filter)} = any(${add(values)}::${filter.type ?? "text"}[])`);
        break;
      }
      case "min":
        where.push(`t.${filter.column} >= ${add(checkValue(name, raw, filter.type))}::${filter.type}`);
        break;
      case "max":
        where.push(`t.${filter.column} <= ${add(checkValue(name, raw, filter.type))}::${filter.type}`);
        break;
      case "tags":
        where.push(`t.${filter.column} && ${add(raw.split(",").map((v) => v.trim()).slice(0, 20))}::text[]`);
        break;
      case "search": {
        const q = tsQuery(raw);
        if (q) where.push(`t.search @@ to_tsquery('simple', ${add(q)})`);
        break;
      }
    }
  }

  const sortParam = query.sort || spec.defaultSort;
  const descending = sortParam.startsWith("-");
  const sortKey = sortParam.replace(/^-/, "");
  const sort = spec.sorts[sortKey];
  if (!sort) {
    throw new AppError(
      "unprocessable_entity",
      `You can sort by ${Object.keys(spec.sorts).join(", ")} (add "-" for descending), not "${sortKey}".`,
    );
  }
  const direction = descending ? "desc" : "asc";
  if (query.cursor) {
    const [value, id] = decodeCursor(query.cursor);
    const op = descending ? "<" : ">";
    where.push(`(${sort.expr}, t.id) ${op} (${add(value)}::${sort.type}, ${add(id)}::uuid)`);
  }
  const limit = Math.min(MAX_LIMIT, Math.max(1, Number(query.limit) || 50));
  const columns = spec.columns.map((c) => `t.${c}`).join(", ");
  const sql = `select ${columns}, ${sort.expr} as _sort from ${spec.table} t where ${where.join(" and ")}
    order by ${sort.expr} ${direction}, t.id ${direction} limit ${limit + 1}`;
  return { sql, params, limit, sortKey };
}
