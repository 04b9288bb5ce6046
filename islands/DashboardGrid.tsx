// A dashboard: widgets on a 12-column grid, dragged and resized with the pointer (or moved with the arrow
// keys and resized with Shift+arrows once focused), the layout saved with PATCH /api/v1/dashboards/:id.
// Saved reports are added as widgets; a removed widget can be brought back for a few seconds. Live: the
// team's change events (the page's one socket) refetch only the widgets whose source they affect, debounced.
// On a phone the grid is one column (CSS) and widgets are in reading order.
import { useSignal } from "@preact/signals";
import { Icon } from "@/components/ui/Icon.tsx";
import { useEffect, useRef } from "preact/hooks";
import { call as request } from "@/lib/reports/client/api.ts";
import { subscribe } from "@/lib/bus/client/connection.ts";
import { useHydrated } from "@/lib/web/hydrated.ts";
import { moveBox, nextSlot, readingOrder, resizeBox, sameLayout, settle } from "@/lib/reports/client/grid.ts";
import { startDrag } from "@/lib/reports/client/grid-drag.ts";
import { loadDashboardData, loadWidgetData, type WidgetData } from "@/lib/reports/client/widget-data.ts";
import { sourcesAffectedBy } from "@/lib/reports/live.ts";
import type { ChartType, Dashboard, SavedReport, SourceName, Visibility, Widget } from "@/lib/reports/client/types.ts";
import { DashboardWidget } from "@/components/reports/DashboardWidget.tsx";
import { UNDO_MS, UndoToast } from "@/components/reports/UndoToast.tsx";

export interface DashboardGridProps {
  dashboardId: string;
  userId: string;
  teamId: string;
  canWrite: boolean;
}

/** Changes arriving close together are one refetch per widget. */
const LIVE_DEBOUNCE_MS = 400;
const KEY_SAVE_DELAY_MS = 600;

export default function DashboardGrid(props: DashboardGridProps) {
  const hydrated = useHydrated();
  const dashboard = useSignal<Dashboard | null>(null);
  const layout = useSignal<Widget[]>([]);
  const data = useSignal<Record<string, WidgetData>>({});
  const reports = useSignal<SavedReport[]>([]);
  const dragging = useSignal<string | null>(null);
  const refreshed = useSignal<Set<string>>(new Set());
  const message = useSignal<{ text: string; error?: boolean } | null>(null);
  const removed = useSignal<{ widget: Widget; before: Widget[] } | null>(null);
  const grid = useRef<HTMLDivElement>(null);
  const saved = useRef<Widget[]>([]);
  const keySave = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  const base = `/api/v1/dashboards/${props.dashboardId}`;
  /** The widget moved with the keyboard: it keeps focus when the reading order moves its node. */
  const keyFocus = useRef<string | null>(null);

  const owner = dashboard.value && (dashboard.value.mine ?? dashboard.value.owner_id === props.userId);
  const editable = hydrated && props.canWrite && Boolean(owner);

  useEffect(() => {
    void (async () => {
      const [board, list] = await Promise.all([
        request<Dashboard>("GET", base),
        request<SavedReport[]>("GET", "/api/v1/reports"),
      ]);
      if (!board.ok || !board.body) {
        message.value = { text: board.error ?? "This dashboard could not be loaded.", error: true };
        return;
      }
      const loaded = board.body;
      dashboard.value = loaded;
      layout.value = saved.current = readingOrder(settle(loaded.widgets ?? []));
      if (list.ok && list.body) reports.value = list.body;
      try {
        data.value = await loadDashboardData(props.dashboardId);
      } catch (error) {
        message.value = { text: (error as Error).message, error: true };
      }
    })();
  }, []);

  const save = async (widgets: Widget[], undo?: Widget[]) => {
    const answer = await request("PATCH", base, { widgets });
    if (answer.ok) {
      saved.current = widgets;
      message.value = { text: "Layout saved." };
    } else {
      message.value = { text: answer.error ?? "The layout could not be saved.", error: true };
      if (undo) layout.value = undo;
    }
  };

  const drag = {
    grid: () => grid.current,
    layout,
    dragging,
    onDrop: (final: Widget[], before: Widget[]) => {
      // The DOM keeps its order during a drag (re-inserting the dragged node would drop its pointer capture);
      // afterwards it follows the reading order again.
      layout.value = readingOrder(final);
      if (!sameLayout(final, before)) void save(layout.value, before);
    },
  };

  const onKey = (id: string) => (event: KeyboardEvent) => {
    if (!editable || event.target !== event.currentTarget) return;
    const step = { ArrowLeft: [-1, 0], ArrowRight: [1, 0], ArrowUp: [0, -1], ArrowDown: [0, 1] }[event.key];
    if (!step) return;
    event.preventDefault();
    keyFocus.current = id;
    const [dx, dy] = step;
    const next = event.shiftKey ? resizeBox(layout.value, id, dx, dy) : moveBox(layout.value, id, dx, dy);
    layout.value = readingOrder(settle(next));
    // Several key presses in a row are one save.
    clearTimeout(keySave.current);
    keySave.current = setTimeout(() => {
      if (!sameLayout(layout.value, saved.current)) void save(layout.value, saved.current);
    }, KEY_SAVE_DELAY_MS);
  };

  // The source a widget reads, to match live events against.
  const sourceOf = (widget: Widget): SourceName | undefined =>
    widget.config?.source ?? reports.value.find((r) => r.id === widget.reportId)?.config?.source;
  const typeOf = (widget: Widget): ChartType =>
    widget.config?.chart?.type ?? reports.value.find((r) => r.id === widget.reportId)?.config?.chart?.type ?? "table";

  const refresh = async (widgets: Widget[]) => {
    const results = await Promise.all(widgets.map(async (w) => [w.id, await loadWidgetData(w)] as const));
    data.value = { ...data.value, ...Object.fromEntries(results) };
    refreshed.value = new Set(widgets.map((w) => w.id));
    setTimeout(() => refreshed.value = new Set(), 1500);
  };

  // Live: collect the affected sources for a moment, then refetch those widgets only.
  useEffect(() => {
    if (!props.teamId) return;
    let pending = new Set<SourceName | "*">();
    let timer: ReturnType<typeof setTimeout> | undefined;
    const flush = () => {
      const hit = pending;
      pending = new Set();
      const widgets = layout.value.filter((w) => {
        const source = sourceOf(w);
        return hit.has("*") || !source || hit.has(source);
      });
      if (widgets.length) void refresh(widgets);
    };
    const queue = (sources: Iterable<SourceName | "*">) => {
      for (const s of sources) pending.add(s);
      clearTimeout(timer);
      timer = setTimeout(flush, LIVE_DEBOUNCE_MS);
    };
    const stop = subscribe(`team:${props.teamId}`, {
      onEvent: (event) => {
        // lib/reports/live.ts says which event kinds make which source stale.
        const sources = sourcesAffectedBy({ type: event.type, record_type: String(event.record_type ?? "") });
        if (sources.length) queue(sources);
      },
      // Events were missed while offline: every widget may be stale.
      onReset: () => queue(["*"]),
    });
    return () => {
      clearTimeout(timer);
      stop();
    };
  }, [props.teamId]);

  useEffect(() => {
    const id = keyFocus.current;
    if (!id || document.activeElement?.closest?.(`[data-widget-id="${id}"]`)) return;
    if (document.activeElement && document.activeElement !== document.body) return;
    grid.current?.querySelector<HTMLElement>(`[data-widget-id="${id}"]`)?.focus();
  });

  const addReport = async (reportId: string) => {
    const report = reports.value.find((r) => r.id === reportId);
    if (!report) return;
    const widget: Widget = { id: crypto.randomUUID(), title: report.name, reportId, ...nextSlot(layout.value) };
    const before = layout.value;
    layout.value = [...before, widget];
    await save(layout.value, before);
    void refresh([widget]);
  };

  // The undo offer goes away by itself (the removal is already saved).
  const removedNow = removed.value;
  useEffect(() => {
    if (!removedNow) return;
    const timer = setTimeout(() => removed.value === removedNow && (removed.value = null), UNDO_MS);
    return () => clearTimeout(timer);
  }, [removedNow]);

  const share = async (visibility: Visibility) => {
    const answer = await request<Dashboard>("PATCH", base, { visibility });
    if (answer.ok && answer.body) {
      dashboard.value = { ...dashboard.value!, visibility };
      message.value = { text: visibility === "team" ? "Shared with your team." : "Only you see it now." };
    } else message.value = { text: answer.error ?? "The dashboard could not be shared.", error: true };
  };

  const remove = (widget: Widget) => {
    const before = layout.value;
    layout.value = readingOrder(settle(before.filter((w) => w.id !== widget.id)));
    removed.value = { widget, before };
    void save(layout.value, before);
  };

  if (!dashboard.value) {
    return (
      <p class={message.value?.error ? "report-chart-error" : "muted"} role="status">
        {message.value?.text ?? "Loading the dashboard…"}
      </p>
    );
  }
  const ordered = layout.value;
  const rows = layout.value.reduce((max, w) => Math.max(max, w.y + w.h), 0);
  return (
    <div class="dash" data-dashboard={hydrated ? "ready" : "loading"}>
      {editable && (
        <div class="dash-toolbar">
          <label class="dash-add">
            <span class="visually-hidden">Add a saved report</span>
            <span class="select-wrap">
              <select
                class="select select-sm"
                value=""
                onChange={(e) => {
                  const id = e.currentTarget.value;
                  e.currentTarget.value = "";
                  if (id) void addReport(id);
                }}
              >
                <option value="">Add a saved report…</option>
                {reports.value.map((r) => <option key={r.id} value={r.id}>{r.name}</option>)}
              </select>
              <Icon name="chevron-down" size="sm" class="select-icon" />
            </span>
          </label>
          <label class="dash-add">
            <span class="visually-hidden">Who can see this dashboard</span>
            <span class="select-wrap">
              <select
                class="select select-sm"
                value={dashboard.value.visibility}
                onChange={(e) => void share(e.currentTarget.value as Visibility)}
              >
                <option value="private">Only me</option>
                <option value="team">My team</option>
              </select>
              <Icon name="chevron-down" size="sm" class="select-icon" />
            </span>
          </label>
          <a class="btn btn-ghost btn-sm" href="/reports/new">New report</a>
          <p class="text-sm muted dash-hint">
            Drag a title to move, the corner to resize; or focus and use arrow keys.
          </p>
        </div>
      )}
      {ordered.length === 0
        ? <p class="dash-empty muted">This dashboard has no widgets yet. Add a saved report above.</p>
        : (
          <div class="dash-grid" ref={grid} style={{ "--dash-rows": String(rows) }}>
            {ordered.map((widget) => (
              <DashboardWidget
                key={widget.id}
                widget={widget}
                type={typeOf(widget)}
                data={data.value[widget.id]}
                editable={editable}
                dragging={dragging.value === widget.id}
                refreshed={refreshed.value.has(widget.id)}
                onMoveStart={startDrag(drag, widget.id, "move")}
                onResizeStart={startDrag(drag, widget.id, "resize")}
                onKeyDown={onKey(widget.id)}
                onRemove={() => remove(widget)}
              />
            ))}
          </div>
        )}
      {message.value && (
        <p class={message.value.error ? "field-error" : "text-sm muted"} role="status">{message.value.text}</p>
      )}
      {removed.value && (
        <UndoToast
          message={`Removed “${removed.value.widget.title}”.`}
          onUndo={() => {
            const back = removed.value!.before;
            removed.value = null;
            layout.value = back;
            void save(back);
          }}
          onDismiss={() => removed.value = null}
        />
      )}
    </div>
  );
}
