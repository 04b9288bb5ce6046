// Notes for the demo workspace: a "Notes" folder tree, two templates (discovery call, QBR), a team note
// with a checklist and a table, and — when there are sample records — a discovery-call note attached to the
// biggest open deal. Written as the people themselves through lib/notes (no @mentions: seeding notifies
// nobody).
import { claimsForUser } from "../db/claims.ts";
import type { Db } from "../db/mod.ts";
import type { PmJson } from "../notes/content.ts";
import { createFolder, createNote } from "../notes/notes.ts";

const text = (t: string, marks?: string[]): PmJson => ({
  type: "text",
  text: t,
  ...(marks ? { marks: marks.map((m) => ({ type: m })) } : {}),
});
const p = (...content: (string | PmJson)[]): PmJson => ({
  type: "paragraph",
  content: content.map((c) => typeof c === "string" ? text(c) : c),
});
const h = (level: number, t: string): PmJson => ({ type: "heading", attrs: { level }, content: [text(t)] });
const bullets = (...items: string[]): PmJson => ({
  type: "bulletList",
  content: items.map((i) => ({ type: "listItem", content: [p(i)] })),
});
const tasks = (...items: [string, boolean][]): PmJson => ({
  type: "taskList",
  content: items.map(([t, checked]) => ({ type: "taskItem", attrs: { checked }, content: [p(t)] })),
});
const table = (rows: string[][]): PmJson => ({
  type: "table",
  content: rows.map((cells, r) => ({
    type: "tableRow",
    content: cells.map((c) => ({ type: r === 0 ? "tableHeader" : "tableCell", content: [p(c)] })),
  })),
});
const doc = (...content: PmJson[]): PmJson => ({ type: "doc", content });

export const DISCOVERY_TEMPLATE = doc(
  h(1, "Discovery call"),
  p(text("Company: ", ["bold"]), "…   ", text("Attendees: ", ["bold"]), "…"),
  h(2, "Current situation"),
  bullets("What do they use today?", "What is not working?", "Who feels the pain most?"),
  h(2, "Goals and success criteria"),
  bullets("What does success look like in 6 months?", "How will they measure it?"),
  h(2, "Budget, authority, timing"),
  table([["Question", "Answer"], ["Budget", ""], ["Decision maker", ""], ["Timeline", ""]]),
  h(2, "Next steps"),
  tasks(["Send recap email", false], ["Book demo with the team", false]),
);

export const QBR_TEMPLATE = doc(
  h(1, "Quarterly business review"),
  p(text("Customer: ", ["bold"]), "…   ", text("Quarter: ", ["bold"]), "…"),
  h(2, "Results this quarter"),
  table([["Metric", "Target", "Actual"], ["Active users", "", ""], ["Tickets resolved", "", ""]]),
  h(2, "Wins"),
  bullets("…"),
  h(2, "Risks and asks"),
  bullets("…"),
  h(2, "Plan for next quarter"),
  tasks(["Agree on goals", false], ["Schedule next QBR", false]),
);

export async function seedDemoNotes(db: Db, teamId: string, idsByEmail: Record<string, string>) {
  const as = (email: string) => claimsForUser(idsByEmail[email], email, teamId);
  const alice = as("alice@acme.test");
  const bob = as("bob@acme.test");
  const playbooks = await createFolder(db, alice, teamId, { name: "Playbooks" });
  const meetings = await createFolder(db, alice, teamId, { name: "Meetings" });
  await createFolder(db, alice, teamId, { name: "Customer calls", parent_id: meetings.id });

  await createNote(db, alice, teamId, {
    title: "Discovery call",
    is_template: true,
    folder_id: playbooks.id,
    tags: ["template", "sales"],
    content: DISCOVERY_TEMPLATE,
  });
  await createNote(db, alice, teamId, {
    title: "QBR",
    is_template: true,
    folder_id: playbooks.id,
    tags: ["template", "customer-success"],
    content: QBR_TEMPLATE,
  });
  await createNote(db, alice, teamId, {
    title: "Weekly pipeline review",
    folder_id: meetings.id,
    tags: ["pipeline"],
    content: doc(
      h(1, "Weekly pipeline review"),
      p("Focus this week: move deals stuck in ", text("Negotiation", ["italic"]), " for more than 14 days."),
      tasks(["Update close dates", true], ["Review forecast with Bob", false], ["Clean up stale leads", false]),
      {
        type: "codeBlock",
        attrs: { language: "sql" },
        content: [text("select stage, count(*) from deals group by stage;")],
      },
    ),
  });
  await createNote(db, bob, teamId, {
    title: "Bob's call prep",
    visibility: "private",
    content: doc(p("Questions to ask before Thursday's call.")),
  });

  const [deal] = await db.asUser(alice, (tx) =>
    tx.query<{ id: string; name: string }>(
      "select id, name from public.deals where team_id = $1 and deleted_at is null order by value desc limit 1",
      [teamId],
    ));
  if (deal) {
    await createNote(db, alice, teamId, {
      title: `Discovery call — ${deal.name}`,
      record_type: "deal",
      record_id: deal.id,
      tags: ["discovery"],
      content: doc(
        h(1, "Discovery call"),
        p("Linked deal: ", { type: "recordMention", attrs: { id: deal.id, label: deal.name, recordType: "deal" } }),
        bullets("Wants rollout before the end of the quarter", "Security review needed", "Budget approved"),
        tasks(["Send security questionnaire", false], ["Share pricing for 3 plants", false]),
      ),
    });
  }
}
