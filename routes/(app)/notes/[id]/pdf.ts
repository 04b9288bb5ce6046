// GET /notes/:id/pdf: the note as a PDF (a proposal with its pricing table, or any note), drawn server-side from
// its current content (the live document when it is open). Read as the user: a note they cannot see is a 404.
import { define, type SignedInState } from "../../../../utils.ts";
import { getNote } from "../../../../lib/notes/notes.ts";
import { notePdf } from "../../../../lib/proposals/pdf.ts";

/** "Proposal- Acme renewal.pdf": a file name without quotes, slashes or control characters. */
function fileName(title: string): string {
  const base = title.replace(/[^\p{L}\p{N} ._-]+/gu, "-").replace(/\s+/g, " ").trim().slice(0, 80) || "note";
  return `${base}.pdf`;
}

export const handler = define.handlers({
  async GET(ctx) {
    const { session, app } = ctx.state as SignedInState;
    const note = await getNote(app.db, session.claims, session.team.id, ctx.params.id);
    const bytes = await notePdf(note.title || "Untitled", note.json);
    const name = fileName(note.title || "note");
    return new Response(bytes, {
      headers: {
        "content-type": "application/pdf",
        "content-disposition": `attachment; filename="${name.replace(/[^\x20-\x7e]/g, "_")}"; filename*=UTF-8''${
          encodeURIComponent(name)
        }`,
        "cache-control": "private, no-store",
      },
    });
  },
});
