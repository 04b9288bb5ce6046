// `deno task seed:large`: one team ("Large Co") with CRM volumes for benchmarks, generated in SQL so
// 100,000 contacts take seconds. Each later module adds its own volume step (deals, activities...).
import type { Db } from "../db/mod.ts";
import { hashPassword } from "../auth/crypto.ts";
import { rebuildTeamRollups } from "../reports/rollups/refresh.ts";

export const LARGE_TEAM = "Large Co";
export const LARGE_OWNER = "owner@large.test";
export const LARGE_PASSWORD = "leadly-demo";

export interface LargeCounts {
  contacts: number;
  companies: number;
  deals: number;
  activities: number;
}

export const DEFAULT_COUNTS: LargeCounts = { contacts: 100_000, companies: 10_000, deals: 20_000, activities: 50_000 };

const INDUSTRIES = ["Software", "Retail", "Healthcare", "Manufacturing", "Finance", "Education", "Logistics", "Media"];
const CITIES = ["Berlin", "Paris", "London", "New York", "Austin", "Toronto", "Madrid", "Tokyo", "Sydney", "Lagos"];
const FIRST = ["Ada", "Alan", "Grace", "Linus", "Margaret", "Ken", "Barbara", "Dennis", "Frances", "Edsger", "Radia"];
const LAST = [
  "Lovelace",
  "Turing",
  "Hopper",
  "Torvalds",
  "Hamilton",
  "Thompson",
  "Liskov",
  "Ritchie",
  "Allen",
  "Perlman",
];

const pick = (list: string[], expr: string) =>
  `(array[${list.map((v) => `'${v}'`).join(",")}])[1 + (${expr}) % ${list.length}]`;

/** Returns the team id; does nothing but look it up when the team already exists. */
export async function seedLarge(db: Db, counts: LargeCounts = DEFAULT_COUNTS): Promise<string> {
  const hash = await hashPassword(LARGE_PASSWORD);
  return await db.asService("seed:large", async (tx) => {
    const [existing] = await tx.query<{ id: string }>("select id from public.teams where name = $1", [LARGE_TEAM]);
    if (existing) return existing.id;
    const [user] = await tx.query<{ id: string }>(
      `insert into auth.users (email, encrypted_password, email_confirmed_at, raw_app_meta_data)
       values ($1, $2, now(), '{"provider":"email","providers":["email"]}') returning id`,
      [LARGE_OWNER, hash],
    );
    const [team] = await tx.query<{ id: string }>(
      "insert into public.teams (name, created_by) values ($1, $2) returning id",
      [LARGE_TEAM, user.id],
    );
    await tx.query("insert into public.profiles (id, full_name) values ($1, 'Large Owner')", [user.id]);
    await tx.query("insert into public.team_members (team_id, user_id, role) values ($1, $2, 'owner')", [
      team.id,
      user.id,
    ]);
    // Triggers that log activity would write one row per generated record; they are for people, not seeds.
    // (That includes the report rollups' dirty marks: the rollups are rebuilt at the end instead.)
    await tx.query("set local session_replication_role = replica");
    await tx.query(
      `insert into public.companies (team_id, name, domain, industry, city, size, lead_score, owner_id, created_at)
       select $1, 'Company ' || g, 'company' || g || '.test', ${pick(INDUSTRIES, "g")}, ${pick(CITIES, "g * 7")},
              (array['1-10','11-50','51-200','201-500','501-1000'])[1 + g % 5], g % 101, $2,
              now() - (g || ' minutes')::interval
       from generate_series(1, $3::int) g`,
      [team.id, user.id, counts.companies],
    );
    await tx.query(
      `insert into public.contacts (team_id, company_id, first_name, last_name, email, job_title, industry, city,
                                    lead_score, tags, owner_id, created_at)
       select $1, c.id, ${pick(FIRST, "g")}, ${pick(LAST, "g * 13")} || ' ' || g, 'person' || g || '@example.test',
              (array['CEO','CTO','VP Sales','Buyer','Engineer','Analyst'])[1 + g % 6], ${pick(INDUSTRIES, "g * 3")},
              ${pick(CITIES, "g * 11")}, g % 101, case when g % 10 = 0 then array['vip'] else '{}' end, $2,
              now() - (g || ' seconds')::interval
       from generate_series(1, $3::int) g
       left join lateral (select id from public.companies
                          where team_id = $1 and deleted_at is null and lower(name) = 'company ' || (1 + g % $4::int)) c on true`,
      [team.id, user.id, counts.contacts, counts.companies],
    );
    // Deals: 2,000 in one pipeline's open stages (the kanban benchmark's board), the rest spread over a second one.
    await tx.query(
      `insert into public.pipelines (team_id, name, position) values ($1, 'Enterprise', 1)`,
      [team.id],
    );
    await tx.query(
      `insert into public.pipeline_stages (team_id, pipeline_id, name, position, probability, kind)
       select $1, p.id, s.name, s.position, s.probability, 'open'
       from public.pipelines p, (values ('Discovery', 0, 20), ('Pilot', 1, 50), ('Contract', 2, 80)) s(name, position, probability)
       where p.team_id = $1 and p.name = 'Enterprise'`,
      [team.id],
    );
    await tx.query(
      `with stages as materialized (
         select s.id, s.pipeline_id, s.probability, p.is_default,
                row_number() over (partition by p.id order by s.position) - 1 as n,
                count(*) over (partition by p.id) as of
         from public.pipeline_stages s join public.pipelines p on p.id = s.pipeline_id
         where p.team_id = $1 and s.kind = 'open')
       insert into public.deals (team_id, pipeline_id, stage_id, name, value, probability, owner_id, company_id,
                                 expected_close_date, stage_entered_at, position, created_at)
       select $1, s.pipeline_id, s.id, 'Deal ' || g, (g % 500) * 100 + 1000, s.probability, $2,
              c.id,
              current_date + (g % 120), now() - ((g % 60) || ' days')::interval, g, now() - (g || ' seconds')::interval
       from generate_series(1, $3::int) g
       join stages s on s.is_default = (g <= 2000) and s.n = g % s.of
       left join lateral (select id from public.companies
                          where team_id = $1 and deleted_at is null and lower(name) = 'company ' || (1 + g % $4::int)) c on true`,
      [team.id, user.id, counts.deals, counts.companies],
    );
    await tx.query(
      `insert into public.activities (team_id, record_type, record_id, type, subject, body, occurred_at, actor_id,
                                      duration_seconds, outcome)
       select $1, 'contact', c.id, (array['call','email','meeting','note'])[1 + g % 4], 'Touchpoint ' || g,
              'Talked about next steps.', now() - (g || ' minutes')::interval, $2,
              case when g % 4 in (0, 2) then 60 * (g % 45) end,
              case g % 4 when 0 then 'connected' when 2 then 'held' end
       from generate_series(1, $3::int) g
       join lateral (select id from public.contacts
                     where team_id = $1 and deleted_at is null and lower(email) = 'person' || (1 + g % $4::int) || '@example.test') c on true`,
      [team.id, user.id, counts.activities, counts.contacts],
    );
    await tx.query("set local session_replication_role = origin");
    await rebuildTeamRollups(tx, team.id);
    return team.id;
  });
}
