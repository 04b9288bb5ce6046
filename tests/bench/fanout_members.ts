// The fan-out benchmarks' audience: `sockets` members of the demo team in `channels` private channels of equal
// size, all with the demo password, so each can sign in and hold one socket.
import bcrypt from "bcryptjs";
import type { Db } from "../../lib/db/mod.ts";
import { claimsForUser } from "../../lib/db/claims.ts";
import { createChannel } from "../../lib/chat/channels.ts";
import { DEMO_PASSWORD, DEMO_TEAM } from "../../lib/seed/demo.ts";

export interface FanoutMembers {
  /** In numeric order of their emails (fan1, fan2...). */
  people: { id: string; email: string }[];
  /** Member id -> the one channel they are in. */
  channelOf: Map<string, string>;
}

export async function seedFanoutMembers(db: Db, sockets: number, channels: number): Promise<FanoutMembers> {
  // A cheap bcrypt cost: signing 1,000 people in is setup, not what this benchmark measures.
  const hash = await bcrypt.hash(DEMO_PASSWORD, 4);
  const { teamId, ownerId, people } = await db.asService("bench:chat-fanout-members", async (tx) => {
    const [team] = await tx.query<{ id: string; owner_id: string }>(
      `select t.id, m.user_id as owner_id from public.teams t
       join public.team_members m on m.team_id = t.id and m.role = 'owner' where t.name = $1 limit 1`,
      [DEMO_TEAM],
    );
    const people = await tx.query<{ id: string; email: string }>(
      `insert into auth.users (email, encrypted_password, email_confirmed_at, raw_app_meta_data, raw_user_meta_data)
       select 'fan' || i || '@bench.test', $1, now(),
              json_build_object('provider', 'email', 'providers', json_build_array('email'), 'team_id', $2::uuid),
              json_build_object('full_name', 'Fan ' || i)
       from generate_series(1, $3::int) as i
       returning id, email`,
      [hash, team.id, sockets],
    );
    await tx.query(
      `insert into public.profiles (id, full_name) select id, 'Fan ' || split_part(email, '@', 1)
       from auth.users where email like 'fan%@bench.test'`,
    );
    await tx.query(
      `insert into public.team_members (team_id, user_id, role)
       select $1, id, 'rep' from auth.users where email like 'fan%@bench.test'`,
      [team.id],
    );
    return { teamId: team.id, ownerId: team.owner_id, people };
  });
  people.sort((a, b) => a.email.localeCompare(b.email, "en", { numeric: true }));
  const owner = { claims: claimsForUser(ownerId, "alice@acme.test", teamId), teamId };
  const perChannel = sockets / channels;
  const channelOf = new Map<string, string>();
  for (let c = 0; c < channels; c++) {
    const members = people.slice(c * perChannel, (c + 1) * perChannel);
    const channel = await createChannel(db, owner, {
      name: `fanout-${c + 1}`,
      type: "private",
      member_ids: members.map((m) => m.id),
    });
    for (const member of members) channelOf.set(member.id, channel.id);
  }
  return { people, channelOf };
}
