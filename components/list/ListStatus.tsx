// The record list's status lines: the live "N new — show" banner, the footer (how many are loaded, load
// more, or the no-JS next page link) and the toast (with Undo after a bulk delete).
import { stateToSearch } from "../../lib/list/query.ts";
import { loadMore } from "../../lib/list/client/load.ts";
import { showFresh } from "../../lib/list/client/live.ts";
import { undoDelete } from "../../lib/list/client/bulk.ts";
import { capitalize, type ListUi, plural } from "../../lib/list/client/state.ts";
import { Button } from "../ui/Button.tsx";
import { Icon } from "../ui/Icon.tsx";

export function FreshBanner({ ui }: { ui: ListUi }) {
  const fresh = ui.fresh.value;
  const { config } = ui;
  if (!(fresh.created > 0 || fresh.stale)) return null;
  return (
    <div class="live-banner" role="status">
      <button type="button" class="live-banner-button" onClick={() => showFresh(ui)}>
        <Icon name="arrow-right" size="sm" />
        {fresh.stale
          ? `${capitalize(config.plural)} changed — show the latest`
          : `${fresh.created} new ${fresh.created === 1 ? config.singular : config.plural} — show`}
      </button>
    </div>
  );
}

export function ListFooter(
  { ui, hydrated, sentinel }: { ui: ListUi; hydrated: boolean; sentinel: { current: HTMLDivElement | null } },
) {
  const { config, base } = ui;
  const state = ui.state.value;
  const rows = ui.rows.value;
  const nextCursor = ui.nextCursor.value;
  const loading = ui.loading.value;
  const firstLoad = loading === "first";
  return (
    <div class="list-footer" ref={sentinel}>
      <span class="list-count muted text-sm" aria-live="polite">
        {firstLoad
          ? "Loading…"
          : nextCursor
          ? `${plural(rows.length, config)} loaded`
          : `${ui.props.afterCursor ? "End of the list" : `All ${plural(rows.length, config)}`}`}
      </span>
      {nextCursor && !firstLoad && (
        hydrated
          ? (
            <Button size="sm" variant="secondary" onClick={() => loadMore(ui)} disabled={loading === "more"}>
              {loading === "more" ? "Loading…" : "Load more"}
            </Button>
          )
          : (
            <Button
              size="sm"
              variant="secondary"
              href={`${base}${stateToSearch(config, state)}${stateToSearch(config, state) ? "&" : "?"}cursor=${
                encodeURIComponent(nextCursor)
              }`}
            >
              Next page
            </Button>
          )
      )}
    </div>
  );
}

export function ListToast({ ui }: { ui: ListUi }) {
  const toast = ui.toast.value;
  if (!toast) return null;
  return (
    <div class="list-toast" role="status">
      <span>{toast.message}</span>
      {toast.undo && (
        <button type="button" class="list-toast-action" onClick={() => undoDelete(ui, toast.undo!)}>Undo</button>
      )}
      <button type="button" class="list-toast-close" aria-label="Dismiss" onClick={() => ui.toast.value = null}>
        <Icon name="x" size="sm" />
      </button>
    </div>
  );
}
