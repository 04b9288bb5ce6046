// The team's credit ledger, newest first, one page at a time (RLS: members read their team's entries only).
import type { Caller } from "../caller.ts";
import { AppError } from "../errors.ts";
import { decodeCursor, encodeCursor } from "./cursor.ts";

export interface LedgerEntry {
  id: string;
  kind: "grant" | "charge" | "refund";
  action: string | null;
  /** What the action is called (credit_costs.label), for people. */
  action_label: string | null;
  units: number;
  /** +grant, -charge, +refund. */
  amount: number;
  user_id: string | null;
  user_name: string | null;
  refers_to: string | null;
  note: string | null;
  created_at: string;
}

export interface LedgerPage {
  entries: LedgerEntry[];
  /** Pass as `cursor` for the next (older) page; null on the last page. */
  next_cursor: string | null;
}

interface LedgerRow extends LedgerEntry {
  cursor_at: string;
}

export async function ledgerPage(
  { db, claims, teamId }: Caller,
  options: { cursor?: string; limit?: number } = {},
): Promise<LedgerPage> {
  const limit = options.limit ?? 25;
  const after = options.cursor ? decodeCursor(options.cursor) : null;
  if (options.cursor && !after) throw new AppError("validation_failed", "cursor: is not a cursor from this list.");
  const rows = await db.asUser(claims, (tx) =>
    tx.query<LedgerRow>(
      `select l.id, l.kind, l.action, c.label as action_label, l.units, l.amount, l.user_id,
              nullif(p.full_name, '') as user_name, l.refers_to, l.note, l.created_at, l.created_at::text as cursor_at
       from public.credit_ledger l
       left join public.credit_costs c on c.action = l.action
       left join public.profiles p on p.id = l.user_id
       where l.team_id = $1
         and ($2::timestamptz is null or (l.created_at, l.id) < ($2::timestamptz, $3::uuid))
       order by l.created_at desc, l.id desc
       limit $4`,
      [teamId, after?.createdAt ?? null, after?.id ?? null, limit + 1],
    ));
  const more = rows.length > limit;
  const page = rows.slice(0, limit);
  const last = page.at(-1);
  return {
    entries: page.map(({ cursor_at: _, ...entry }) => ({
      ...entry,
      units: Number(entry.units),
      amount: Number(entry.amount),
      created_at: new Date(entry.created_at).toISOString(),
    })),
    next_cursor: more && last ? encodeCursor({ createdAt: last.cursor_at, id: last.id }) : null,
  };
}
