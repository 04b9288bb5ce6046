// The record list's bar for the selected rows: how many, clear, and (for writers) assign owner, add tag and
// delete.
import { addTag, assignOwner, bulkDelete } from "../../lib/list/client/bulk.ts";
import type { ListUi } from "../../lib/list/client/state.ts";
import { Button } from "../ui/Button.tsx";
import { Icon } from "../ui/Icon.tsx";
import { BulkEnrich } from "../enrich/BulkEnrich.tsx";
import { BulkWriter } from "../ai/BulkWriter.tsx";

export function BulkBar(
  { ui, selectedCount, members }: { ui: ListUi; selectedCount: number; members: ListUi["props"]["members"] },
) {
  const busy = ui.busy.value;
  const tagDraft = ui.tagDraft.value;
  return (
    <div class="list-bulk" role="region" aria-label="Bulk actions">
      <strong class="list-bulk-count">{selectedCount} selected</strong>
      <button type="button" class="link-button text-sm" onClick={() => ui.selected.value = new Set()}>
        Clear
      </button>
      <div class="list-bulk-actions">
        {ui.props.canWrite && (
          <>
            <span class="select-wrap list-bulk-owner">
              <select
                class="select select-sm"
                aria-label="Assign owner"
                disabled={busy}
                onChange={(event) => {
                  const select = event.target as HTMLSelectElement;
                  const id = select.value;
                  assignOwner(ui, id, members.find((m) => m.id === id)?.name);
                  select.value = "";
                }}
              >
                <option value="">Assign owner…</option>
                {members.map((m) => <option key={m.id} value={m.id}>{m.name}</option>)}
              </select>
              <Icon name="chevron-down" size="sm" class="select-icon" />
            </span>
            <form
              class="list-bulk-tag"
              onSubmit={(event) => {
                event.preventDefault();
                addTag(ui);
              }}
            >
              <input
                class="input input-sm"
                aria-label="Tag to add"
                placeholder="Tag"
                maxLength={40}
                value={tagDraft}
                onInput={(event) => ui.tagDraft.value = (event.target as HTMLInputElement).value}
                disabled={busy}
              />
              <Button type="submit" size="sm" variant="secondary" disabled={busy || !tagDraft.trim()}>
                Add tag
              </Button>
            </form>
            <BulkEnrich ui={ui} />
            <BulkWriter ui={ui} />
            <Button size="sm" variant="danger" icon="trash" onClick={() => bulkDelete(ui)} disabled={busy}>
              Delete
            </Button>
          </>
        )}
      </div>
    </div>
  );
}
