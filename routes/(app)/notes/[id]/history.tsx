// A note's version history: every saved version (automatic, on demand, restores) with who changed it, a diff
// between any two versions (or a version and the current text), "Save version now" and "Restore". Works
// without JavaScript: links choose the versions, forms post and redirect. A restore is a new change to the
// live document, so open editors converge on it.
import { AppError } from "../../../../lib/errors.ts";
import { define, type SignedInState } from "../../../../utils.ts";
import { Head } from "../../../../lib/web/head.tsx";
import { PageHeader } from "../../../../components/ui/PageHeader.tsx";
import { Alert } from "../../../../components/ui/Alert.tsx";
import { Button } from "../../../../components/ui/Button.tsx";
import { Card } from "../../../../components/ui/Card.tsx";
import { CsrfField } from "../../../../components/CsrfField.tsx";
import { EmptyState } from "../../../../components/ui/EmptyState.tsx";
import { NoteDiff } from "../../../../components/notes/NoteDiff.tsx";
import { readForm } from "../../../../lib/forms.ts";
import { currentContent, type NoteHeader, noteHeader } from "../../../../lib/notes/page-load.ts";
import { diffDocs, type DiffLine, diffStats, type PMNode } from "../../../../lib/notes/client/diff.ts";
import { relativeTime } from "../../../../lib/notes/client/list.ts";
import {
  createVersion,
  getVersion,
  listVersions,
  restoreVersion,
  type VersionSummary,
} from "../../../../lib/notes/versions.ts";
import type { Ctx } from "../../../../lib/web/context.ts";
import type { State } from "../../../../utils.ts";

interface Data {
  note: NoteHeader;
  versions: VersionSummary[];
  from: string | null;
  to: string;
  diff: DiffLine[] | null;
  notice: string | null;
  error: string | null;
  now: string;
}

const KIND: Record<string, string> = { auto: "Autosave", manual: "Saved", restore: "Restore" };

async function load(ctx: Ctx<State>, error: string | null = null): Promise<Data> {
  const { session, app } = ctx.state as SignedInState;
  const { db } = app;
  const { claims, team } = session;
  const note = await noteHeader(db, claims, ctx.params.id);
  if (!note) throw new AppError("not_found", "This note does not exist, or it is not shared with you.");
  const versions = await listVersions(db, claims, team.id, note.id);
  const params = ctx.url.searchParams;
  const from = params.get("from") ?? versions[0]?.id ?? null;
  const to = params.get("to") ?? "current";
  let diff: DiffLine[] | null = null;
  if (from) {
    const json = async (id: string) =>
      id === "current"
        ? await currentContent(db, claims, note.id)
        : (await getVersion(db, claims, team.id, note.id, id)).json;
    const [a, b] = await Promise.all([json(from), json(to)]);
    diff = diffDocs(a as PMNode, b as PMNode);
  }
  const notice = params.get("notice");
  return { note, versions, from, to, diff, notice, error, now: new Date().toISOString() };
}

export const handler = define.handlers({
  async GET(ctx) {
    return ctx.render<Data>(await load(ctx));
  },
  async POST(ctx) {
    const { session, app } = ctx.state as SignedInState;
    const { values } = await readForm(ctx.req);
    const id = ctx.params.id;
    try {
      if (values.action === "save") {
        const label = (values.label ?? "").trim().slice(0, 120) || null;
        const version = await createVersion(app.db, session.claims, session.team.id, id, label);
        return ctx.redirect(`/notes/${id}/history?from=${version.id}&notice=saved`);
      }
      if (values.action === "restore" && values.version_id) {
        await restoreVersion(app.db, session.claims, session.team.id, id, values.version_id);
        return ctx.redirect(`/notes/${id}/history?notice=restored`);
      }
    } catch (error) {
      if (!(error instanceof AppError) || error.status >= 500) throw error;
      return ctx.render<Data>(await load(ctx, error.message), { status: error.status });
    }
    return ctx.redirect(`/notes/${id}/history`);
  },
});

export default define.page<typeof handler>(function NoteHistoryPage({ data, state }) {
  const { note, versions, from, to, diff } = data;
  const canEdit = note.permission === "edit";
  const stats = diff ? diffStats(diff) : null;
  const name = (id: string) =>
    id === "current" ? "Current text" : `Version ${versions.find((v) => v.id === id)?.number ?? "?"}`;
  const link = (f: string, t: string) => `/notes/${note.id}/history?from=${f}&to=${t}`;
  return (
    <div class="page stack">
      <Head>
        <title>History · {note.title || "Untitled"} · Leadly</title>
      </Head>
      <PageHeader
        breadcrumbs={[
          { label: "Notes", href: "/notes" },
          { label: note.title || "Untitled", href: `/notes/${note.id}` },
          { label: "History" },
        ]}
        title="Version history"
        description="Versions are saved automatically while people edit, and whenever you save one."
        actions={<Button href={`/notes/${note.id}`} variant="secondary" size="sm">Back to the note</Button>}
      />
      {data.error && <Alert tone="error" title="That did not work">{data.error}</Alert>}
      {data.notice === "saved" && <Alert tone="success" title="Version saved" />}
      {data.notice === "restored" && (
        <Alert tone="success" title="Version restored">Everyone with the note open now sees the restored text.</Alert>
      )}
      <div class="note-history">
        <aside class="stack">
          {canEdit && (
            <form method="post" class="note-history-tools">
              <CsrfField token={state.csrf} />
              <input type="hidden" name="action" value="save" />
              <label class="field grow">
                <span class="field-label">Name (optional)</span>
                <input class="input input-sm" name="label" maxLength={120} placeholder="e.g. Before the QBR" />
              </label>
              <Button type="submit" variant="primary" size="sm">Save version now</Button>
            </form>
          )}
          {versions.length === 0 && <p class="muted text-sm">No versions yet.</p>}
          <ol class="note-version-list" aria-label="Versions, newest first">
            {versions.map((v) => (
              <li key={v.id}>
                <a
                  class={`note-version${v.id === from ? " is-active" : ""}`}
                  href={link(v.id, to === v.id ? "current" : to)}
                >
                  <span class="note-version-title">
                    {v.label || `Version ${v.number}`} <span class="badge">{KIND[v.kind] ?? v.kind}</span>
                  </span>
                  <span class="note-version-meta">
                    {relativeTime(v.created_at, new Date(data.now))}
                    {v.authors.length > 0
                      ? ` · ${v.authors.map((a) => a.name).join(", ")}`
                      : v.created_by_name
                      ? ` · ${v.created_by_name}`
                      : ""}
                  </span>
                </a>
              </li>
            ))}
          </ol>
        </aside>
        <Card
          title={from ? `${name(from)} → ${name(to)}` : "Changes"}
          description={stats
            ? `${stats.added} added, ${stats.removed} removed, ${stats.changed} changed lines`
            : undefined}
          actions={canEdit && from && (
            <form method="post">
              <CsrfField token={state.csrf} />
              <input type="hidden" name="version_id" value={from} />
              <Button type="submit" name="action" value="restore" variant="secondary" size="sm">
                Restore {name(from).toLowerCase()}
              </Button>
            </form>
          )}
        >
          {from && (
            <form method="get" class="note-history-tools">
              <label class="field">
                <span class="field-label">From</span>
                <select class="select select-sm" name="from">
                  {versions.map((v) => (
                    <option key={v.id} value={v.id} selected={v.id === from}>Version {v.number}</option>
                  ))}
                </select>
              </label>
              <label class="field">
                <span class="field-label">To</span>
                <select class="select select-sm" name="to">
                  <option value="current" selected={to === "current"}>Current text</option>
                  {versions.map((v) => (
                    <option key={v.id} value={v.id} selected={v.id === to}>Version {v.number}</option>
                  ))}
                </select>
              </label>
              <Button type="submit" size="sm">Compare</Button>
            </form>
          )}
          {diff
            ? <NoteDiff lines={diff} />
            : <EmptyState icon="file" title="Nothing to compare yet" text="Versions appear here as people edit." />}
        </Card>
      </div>
    </div>
  );
});
