// Who is typing: the name "… is typing" shows. The socket asks once per connection (typing itself is never
// stored; joining the channel's room was the permission check).
import type { Db } from "../db/mod.ts";
import type { ChatActor } from "./messages.ts";

export async function typistName(db: Db, actor: ChatActor): Promise<string> {
  const rows = await db.asUser(actor.claims, (tx) =>
    tx.query<{ name: string }>(
      "select coalesce(nullif(full_name, ''), 'Someone') as name from public.profiles where id = $1",
      [actor.claims.sub],
    ));
  return rows[0]?.name ?? "Someone";
}
