// Chat for the demo workspace: #general (everyone), #deals, a private #leadership (Alice and Bob) and a DM
// between Alice and Bob, with a few messages, written as the people themselves through lib/chat. No
// @mentions, and the direct messages' notifications are removed, so seeding notifies nobody.
import { claimsForUser } from "../db/claims.ts";
import type { Db } from "../db/mod.ts";
import { createChannel, directChannel, listChannels, updateChannel } from "../chat/channels.ts";
import { type ChatActor, sendMessage } from "../chat/messages.ts";

export async function seedDemoChat(db: Db, teamId: string, idsByEmail: Record<string, string>) {
  const actor = (email: string): ChatActor => ({
    claims: claimsForUser(idsByEmail[email], email, teamId),
    teamId,
  });
  const alice = actor("alice@acme.test");
  const bob = actor("bob@acme.test");
  const carol = actor("carol@acme.test");
  const everyone = await db.asService(
    "seed:demo-chat",
    (tx) => tx.query<{ user_id: string }>("select user_id from public.team_members where team_id = $1", [teamId]),
  );
  const others = everyone.map((m) => m.user_id).filter((id) => id !== alice.claims.sub);
  // the biggest open deal, when the workspace has sample records, for a record card in #deals
  const [deal] = await db.asUser(alice.claims, (tx) =>
    tx.query<{ id: string }>(
      "select id from public.deals where team_id = $1 and deleted_at is null order by value desc limit 1",
      [teamId],
    ));

  // every team starts with #general and everyone in it (supabase/migrations/20261207003000_chat_unread.sql)
  const made = (await listChannels(db, alice)).find((c) => c.name === "general");
  const general = made
    ? await updateChannel(db, alice, made.id, {
      topic: "Company-wide announcements and chatter",
      description: "Everyone in Acme Sales is here.",
    })
    : await createChannel(db, alice, {
      name: "general",
      type: "public",
      topic: "Company-wide announcements and chatter",
      description: "Everyone in Acme Sales is here.",
      member_ids: others,
    });
  const deals = await createChannel(db, bob, {
    name: "deals",
    type: "public",
    topic: "Pipeline updates, wins and help with tricky deals",
    member_ids: [alice.claims.sub, carol.claims.sub],
  });
  const leadership = await createChannel(db, alice, {
    name: "leadership",
    type: "private",
    topic: "Targets, hiring and planning",
    member_ids: [bob.claims.sub],
  });
  const { channel: dm } = await directChannel(db, alice, [bob.claims.sub]);

  const script: [ChatActor, string, string][] = [
    [alice, general.id, "Welcome to **Leadly chat**, everyone! Use #deals for pipeline talk."],
    [bob, general.id, "Thanks Alice. Weekly pipeline review is *Thursday 10:00*."],
    [carol, general.id, "Sounds good. I'll bring the Initech pilot numbers."],
    [
      bob,
      deals.id,
      deal ? `Heads up: this one is close to signing /deals/${deal.id}` : "Heads up: Northwind is close to signing.",
    ],
    [carol, deals.id, "Nice! Need anything from me for the proposal?"],
    [bob, deals.id, "Could you double-check the pricing table?\n- seats\n- onboarding\n- support tier"],
    [alice, leadership.id, "Q3 target is on track. Let's discuss the hiring plan next week."],
    [bob, leadership.id, "Agreed. I'll draft the `AE` job description."],
    [alice, dm.id, "Hi Bob, got 5 minutes for a quick call?"],
    [bob, dm.id, "Sure, calling you now."],
  ];
  for (const [who, channelId, body] of script) {
    await sendMessage(db, who, { channel_id: channelId, client_id: crypto.randomUUID(), body }, "");
  }
  // the demo conversation is history, not news: nobody starts with notifications about its direct messages
  await db.asService(
    "seed:demo-chat",
    (tx) => tx.query("delete from public.notifications where team_id = $1 and type = 'direct_message'", [teamId]),
  );
}
