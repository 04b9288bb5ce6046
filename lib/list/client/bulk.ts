// Selecting rows and acting on them together: delete (undoable), assign an owner, add a tag. Each is one
// POST /api/v1/<resource>/bulk per 1,000 ids (utils/list-bulk.ts): permitted ids change in one transaction,
// refused ones come back with a reason.
import { request } from "../../client/api.ts";
import type { ListRow } from "../columns.ts";
import { type ListUi, plural } from "./state.ts";

/** As utils/list-bulk.ts allows in one request. */
const MAX_BULK_IDS = 1000;

interface BulkOutcome {
  ok: { id: string; body: { data?: ListRow } }[];
  failed: string[];
  /** The first refusal's sentence, or why the request failed. */
  message: string;
}

type BulkResult = { id: string; ok: true; record: ListRow } | { id: string; ok: false; message: string };

async function bulkRequest(
  ui: ListUi,
  ids: string[],
  action: Record<string, unknown>,
): Promise<BulkOutcome> {
  const outcome: BulkOutcome = { ok: [], failed: [], message: "" };
  for (let start = 0; start < ids.length; start += MAX_BULK_IDS) {
    const chunk = ids.slice(start, start + MAX_BULK_IDS);
    const res = await request<{ data?: { results?: BulkResult[] } }>(
      "POST",
      `/api/v1/${ui.config.resource}/bulk`,
      { ...action, ids: chunk },
      { csrf: ui.props.csrf },
    );
    if (res.status === 0) {
      outcome.failed.push(...chunk);
      outcome.message ||= "Could not reach the server.";
      continue;
    }
    if (!res.ok) {
      outcome.failed.push(...chunk);
      const message = (res.body as { error?: { message?: string } } | null)?.error?.message;
      outcome.message ||= message ?? `The server answered ${res.status}.`;
      continue;
    }
    for (const result of res.body?.data?.results ?? []) {
      if (result.ok) outcome.ok.push({ id: result.id, body: { data: result.record } });
      else {
        outcome.failed.push(result.id);
        outcome.message ||= result.message;
      }
    }
  }
  return outcome;
}

/** Runs a bulk action with the island's own live echo muted for those rows. */
async function quietly(ui: ListUi, ids: string[], action: Record<string, unknown>) {
  ui.busy.value = true;
  // Our own changes come back as live events too: this island applies them itself (with undo).
  for (const id of ids) ui.ownChanges.add(id);
  const result = await bulkRequest(ui, ids, action);
  setTimeout(() => ids.forEach((id) => ui.ownChanges.delete(id)), 500);
  ui.busy.value = false;
  return result;
}

async function bulk(ui: ListUi, label: string, action: Record<string, unknown>) {
  const selected = ui.selected.value;
  const ids = ui.rows.value.filter((r) => selected.has(r.id)).map((r) => r.id);
  if (ids.length === 0) return null;
  ui.error.value = null;
  const result = await quietly(ui, ids, action);
  if (result.failed.length > 0) {
    ui.error.value = `${plural(result.failed.length, ui.config)} could not be ${label}: ${result.message}`;
  }
  return result;
}

export async function bulkDelete(ui: ListUi) {
  const result = await bulk(ui, "deleted", { action: "delete" });
  if (!result || result.ok.length === 0) return;
  const gone = new Set(result.ok.map((r) => r.id));
  const removed = ui.rows.value.map((row, index) => ({ row, index })).filter(({ row }) => gone.has(row.id));
  ui.rows.value = ui.rows.value.filter((r) => !gone.has(r.id));
  ui.selected.value = new Set([...ui.selected.value].filter((id) => !gone.has(id)));
  ui.anchor.current = null;
  ui.toast.value = { message: `Deleted ${plural(removed.length, ui.config)}.`, undo: removed };
}

export async function undoDelete(ui: ListUi, removed: { row: ListRow; index: number }[]) {
  ui.toast.value = null;
  const result = await quietly(ui, removed.map((r) => r.row.id), { action: "restore" });
  const back = new Set(result.ok.map((r) => r.id));
  const list = [...ui.rows.value];
  for (const { row, index } of removed) {
    if (back.has(row.id) && !list.some((r) => r.id === row.id)) list.splice(Math.min(index, list.length), 0, row);
  }
  ui.rows.value = list;
  if (result.failed.length > 0) ui.error.value = `${plural(result.failed.length, ui.config)} could not be restored.`;
  else ui.toast.value = { message: `Restored ${plural(back.size, ui.config)}.` };
}

function replaceRows(ui: ListUi, updated: { id: string; body: { data?: ListRow } }[]) {
  const byId = new Map(updated.filter((u) => u.body.data).map((u) => [u.id, u.body.data!]));
  ui.rows.value = ui.rows.value.map((r) => byId.get(r.id) ?? r);
}

export async function assignOwner(ui: ListUi, ownerId: string, ownerName: string | undefined) {
  if (!ownerId) return;
  const result = await bulk(ui, "reassigned", { action: "assign", owner_id: ownerId });
  if (!result) return;
  replaceRows(ui, result.ok);
  if (result.ok.length) {
    ui.toast.value = { message: `Assigned ${plural(result.ok.length, ui.config)} to ${ownerName}.` };
  }
}

export async function addTag(ui: ListUi) {
  const tag = ui.tagDraft.value.trim();
  if (!tag) return;
  const result = await bulk(ui, "tagged", { action: "tag", tag });
  if (!result) return;
  replaceRows(ui, result.ok);
  ui.tagDraft.value = "";
  if (result.ok.length) ui.toast.value = { message: `Tagged ${plural(result.ok.length, ui.config)} “${tag}”.` };
}

/** A row's checkbox; with shift, every row from the last one clicked takes the same state. */
export function toggleRow(ui: ListUi, id: string, index: number, shift: boolean) {
  const previous = ui.selected.value;
  const next = new Set(previous);
  const on = !previous.has(id);
  const list = ui.rows.value;
  const anchor = ui.anchor.current;
  if (shift && anchor !== null && anchor < list.length) {
    const [from, to] = [Math.min(anchor, index), Math.max(anchor, index)];
    for (let i = from; i <= to; i++) on ? next.add(list[i].id) : next.delete(list[i].id);
  } else if (on) next.add(id);
  else next.delete(id);
  ui.selected.value = next;
  ui.anchor.current = index;
}

export function toggleAll(ui: ListUi) {
  const list = ui.rows.value;
  const all = list.length > 0 && list.every((r) => ui.selected.value.has(r.id));
  ui.selected.value = all ? new Set() : new Set(list.map((r) => r.id));
  ui.anchor.current = null;
}
