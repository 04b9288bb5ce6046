// A note: the live co-editing editor (islands/NoteEditor.tsx) with the server's snapshot as its first paint,
// share settings and a link to the version history.
import { AppError } from "../../../lib/errors.ts";
import { define, type SignedInState } from "../../../utils.ts";
import { Head } from "../../../lib/web/head.tsx";
import { PageHeader } from "../../../components/ui/PageHeader.tsx";
import { Button } from "../../../components/ui/Button.tsx";
import NoteEditor from "../../../islands/NoteEditor.tsx";
import NoteShareDialog from "../../../islands/NoteShareDialog.tsx";
import { type NoteHeader, noteHeader } from "../../../lib/notes/page-load.ts";
import { memberList } from "../../../utils/list-page.ts";
import { recordPath } from "../../../lib/notes/schema.ts";
import type { Member } from "../../../lib/notes/client/suggest.ts";
import { isRecordKind, recordLabel } from "../../../lib/record-types.ts";

interface Data {
  note: NoteHeader;
  members: Member[];
}

export const handler = define.handlers({
  async GET(ctx) {
    const { session, app } = ctx.state as SignedInState;
    const [note, members] = await Promise.all([
      noteHeader(app.db, session.claims, ctx.params.id),
      memberList(app.db, session.claims, session.team.id),
    ]);
    if (!note) throw new AppError("not_found", "This note does not exist, or it is not shared with you.");
    return ctx.render<Data>({ note, members });
  },
});

export default define.page<typeof handler>(function NotePage({ data, state }) {
  const { session } = state as SignedInState;
  const { note } = data;
  const isOwner = note.owner_id === session.user.id || ["owner", "admin"].includes(session.team.role);
  return (
    <div class="page stack note-page">
      <Head>
        <title>{note.title || "Untitled"} · Notes · Leadly</title>
      </Head>
      <PageHeader
        class="note-page-header"
        breadcrumbs={[
          { label: "Notes", href: "/notes" },
          ...(note.record_type && note.record_id
            ? [{
              label: isRecordKind(note.record_type) ? recordLabel(note.record_type) : "Record",
              href: recordPath(note.record_type, note.record_id),
            }]
            : []),
          { label: note.title || "Untitled" },
        ]}
        title={<span class="visually-hidden">{note.title || "Untitled"}</span>}
        actions={
          <div class="row gap-2">
            <Button href={`/notes/${note.id}/history`} variant="ghost" size="sm" icon="calendar">History</Button>
            {isOwner && (
              <NoteShareDialog noteId={note.id} ownerId={note.owner_id} members={data.members} csrf={state.csrf} />
            )}
          </div>
        }
      />
      <NoteEditor
        noteId={note.id}
        title={note.title}
        html={note.html}
        permission={note.permission}
        user={{ id: session.user.id, name: session.user.name }}
        members={data.members}
        csrf={state.csrf}
        canUpload={note.permission === "edit" && session.team.role !== "viewer"}
      />
    </div>
  );
});
