// Teammates' changes in the record list: rows they change are read again in place, deleted rows disappear,
// and new ones are offered with a "N new — show" banner rather than pushed under the reader's cursor.
import { useEffect } from "preact/hooks";
import { realtime } from "../../bus/client/connection.ts";
import { request } from "../../client/api.ts";
import type { ListRow } from "../columns.ts";
import { load } from "./load.ts";
import type { ListUi } from "./state.ts";

const RECORD_TYPES: Record<string, string> = {
  contacts: "contact",
  companies: "company",
  leads: "lead",
  deals: "deal",
};
const LIVE_EVENTS = ["record.created", "record.updated", "record.deleted", "records.bulk_changed"];

interface LiveEvent {
  room?: string;
  type: string;
  record_type: string;
  record_id: string;
  payload?: { actor_id?: string | null; restored?: boolean; record_type?: string };
}

function flashRow(id: string) {
  requestAnimationFrame(() => {
    const row = document.querySelector<HTMLElement>(`tr.list-row[data-id="${id}"]`);
    if (!row) return;
    row.classList.remove("live-flash");
    void row.offsetWidth;
    row.classList.add("live-flash");
    row.addEventListener("animationend", () => row.classList.remove("live-flash"), { once: true });
  });
}

async function refreshRow(ui: ListUi, id: string) {
  const res = await request<{ data?: ListRow }>("GET", `/api/v1/${ui.config.resource}/${id}`);
  if (res.status === 0) return;
  const list = ui.rows.value;
  if (res.status === 404) {
    if (list.some((r) => r.id === id)) ui.rows.value = list.filter((r) => r.id !== id);
    return;
  }
  const row = res.ok ? res.body?.data : null;
  if (!row) return;
  if (!list.some((r) => r.id === id)) return;
  ui.rows.value = list.map((r) => r.id === id ? row : r);
  flashRow(id);
}

/** The socket is in the team's room from the start: its record events are all a list needs. */
export function useListLive(ui: ListUi, hydrated: boolean) {
  useEffect(() => {
    if (!hydrated) return;
    const recordType = RECORD_TYPES[ui.config.resource];
    const socket = realtime();
    const onChange = (event: LiveEvent) => {
      // Each change also goes to the record's own room: count it once, from the team room.
      if (!event?.room?.startsWith("team:")) return;
      if (event.type === "records.bulk_changed") {
        if (event.payload?.record_type === recordType) ui.fresh.value = { ...ui.fresh.value, stale: true };
        return;
      }
      if (event.record_type !== recordType) return;
      const id = event.record_id;
      if (ui.ownChanges.has(id)) return;
      const shown = ui.rows.value.some((r) => r.id === id);
      if (event.type === "record.deleted") {
        if (!shown) return;
        ui.rows.value = ui.rows.value.filter((r) => r.id !== id);
        const previous = ui.selected.value;
        if (previous.has(id)) {
          const next = new Set(previous);
          next.delete(id);
          ui.selected.value = next;
        }
      } else if (event.type === "record.created") {
        // Our own undo puts rows back itself.
        if (shown || (event.payload?.restored && event.payload.actor_id === ui.props.userId)) return;
        ui.fresh.value = { ...ui.fresh.value, created: ui.fresh.value.created + 1 };
      } else if (event.type === "record.updated" && shown) {
        void refreshRow(ui, id);
      }
    };
    // Events missed while disconnected are not replayed here: offer a reload instead.
    let wasConnected = socket.connected;
    const onConnect = () => {
      if (wasConnected && !socket.recovered) ui.fresh.value = { ...ui.fresh.value, stale: true };
      wasConnected = true;
    };
    for (const type of LIVE_EVENTS) socket.on(type, onChange);
    socket.on("connect", onConnect);
    return () => {
      for (const type of LIVE_EVENTS) socket.off(type, onChange);
      socket.off("connect", onConnect);
    };
  }, [hydrated]);
}

/** The banner's "show": the list loaded again from the start. */
export function showFresh(ui: ListUi) {
  ui.fresh.value = { created: 0, stale: false };
  void load(ui, ui.state.value, "first");
}
