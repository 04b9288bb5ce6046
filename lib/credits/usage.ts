// Credits used in a month, per member and action: charges that were not refunded (what counts against the
// monthly limit), read as the user (RLS: their team only).
import type { Caller } from "../caller.ts";
import { AppError } from "../errors.ts";
import { monthRange } from "./month.ts";

export interface UsageRow {
  user_id: string;
  user_name: string | null;
  email: string | null;
  action: string;
  action_label: string;
  /** How many charges. */
  uses: number;
  credits: number;
}

export interface MonthUsage {
  month: string;
  rows: UsageRow[];
  /** Per member: credits used this month, their limit (null: none). Every current member is listed. */
  members: {
    user_id: string;
    user_name: string | null;
    email: string | null;
    role: string;
    used: number;
    limit: number | null;
  }[];
  total: number;
}

export async function monthUsage({ db, claims, teamId }: Caller, month: string): Promise<MonthUsage> {
  const range = monthRange(month);
  if (!range) throw new AppError("validation_failed", "month: must be a month like 2026-12.");
  const params = [teamId, range.start.toISOString(), range.end.toISOString()];
  return await db.asUser(claims, async (tx) => {
    const rows = await tx.query<UsageRow>(
      `select l.user_id, nullif(p.full_name, '') as user_name,
              app.member_email(l.team_id, l.user_id) as email, l.action, c.label as action_label,
              count(*)::int as uses, (-sum(l.amount))::int as credits
       from public.credit_ledger l
       join public.credit_costs c on c.action = l.action
       left join public.profiles p on p.id = l.user_id
       where l.team_id = $1 and l.kind = 'charge' and l.created_at >= $2 and l.created_at < $3
         and not exists (select 1 from public.credit_ledger r where r.refers_to = l.id)
       group by l.team_id, l.user_id, p.full_name, l.action, c.label
       order by credits desc, l.action`,
      params,
    );
    const members = await tx.query<MonthUsage["members"][number]>(
      `select m.user_id, nullif(p.full_name, '') as user_name,
              app.member_email(m.team_id, m.user_id) as email, m.role::text as role,
              coalesce((select (-sum(l.amount))::int from public.credit_ledger l
                        where l.team_id = m.team_id and l.user_id = m.user_id and l.kind = 'charge'
                          and l.created_at >= $2 and l.created_at < $3
                          and not exists (select 1 from public.credit_ledger r where r.refers_to = l.id)), 0) as used,
              lim.monthly_limit as limit
       from public.team_members m
       left join public.profiles p on p.id = m.user_id
       left join public.credit_limits lim on lim.team_id = m.team_id and lim.user_id = m.user_id
       where m.team_id = $1
       order by lower(coalesce(nullif(p.full_name, ''), app.member_email(m.team_id, m.user_id), '')), m.user_id`,
      params,
    );
    const fixed = rows.map((r) => ({ ...r, uses: Number(r.uses), credits: Number(r.credits) }));
    return {
      month,
      rows: fixed,
      members: members.map((m) => ({ ...m, used: Number(m.used), limit: m.limit === null ? null : Number(m.limit) })),
      total: fixed.reduce((sum, r) => sum + r.credits, 0),
    };
  });
}
