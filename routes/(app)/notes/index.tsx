// /notes: every note the user can open, by folder, tag, favourites, recent, shared with me and templates.
import { define, type SignedInState } from "../../../utils.ts";
import { Head } from "../../../lib/web/head.tsx";
import { PageHeader } from "../../../components/ui/PageHeader.tsx";
import NotesBrowser from "../../../islands/NotesBrowser.tsx";

export default define.page(function NotesPage({ state, url }) {
  const { session } = state as SignedInState;
  return (
    <div class="page stack">
      <Head>
        <title>Notes · Leadly</title>
      </Head>
      <PageHeader title="Notes" description="Shared notes, written together live." />
      <NotesBrowser csrf={state.csrf} search={url.search} canWrite={session.team.role !== "viewer"} />
      <noscript>
        <p class="text-sm muted">Turn on JavaScript to browse and write notes.</p>
      </noscript>
    </div>
  );
});
