// What a person does in the chat island: send, type, react, pin, edit, delete, open panels, search, join,
// leave, and manage channels. Each reads and writes the island's shared state; failures become a toast or
// a sentence returned to the dialog that asked.
import { realtime } from "../../bus/client/connection.ts";
import { errorText } from "./api.ts";
import { ask, type Reply } from "./ask.ts";
import { ingest, linkFiles, loadReaders, loadThread, refreshChannels } from "./load.ts";
import { mergeMessages } from "./messages.ts";
import { goHome, openChannel } from "./navigate.ts";
import { newClientId } from "./outbox.ts";
import { canWriteActive, type ChatState, type Panel } from "./state.ts";
import type { Channel, DetailsInput, Message, MessageAction, NewChannelInput, SearchQuery } from "./types.ts";

const TYPING_EVERY_MS = 3000;
const TYPING_IDLE_MS = 4000;

export function stopTyping(s: ChatState) {
  const t = s.typingSent;
  clearTimeout(t.timer);
  if (t.channel && t.at && realtime().connected) {
    realtime().emit("chat:typing", { channel_id: t.channel, typing: false });
  }
  t.at = 0;
  t.channel = null;
}

/** Tells the channel I am typing, at most every few seconds, and that I stopped once I go quiet. */
export function noteTyping(s: ChatState) {
  const activeId = s.activeId.value;
  if (!activeId || !canWriteActive(s)) return;
  const t = s.typingSent;
  const now = Date.now();
  if (t.channel !== activeId) stopTyping(s);
  if (t.channel !== activeId || now - t.at > TYPING_EVERY_MS) {
    if (realtime().connected) realtime().emit("chat:typing", { channel_id: activeId, typing: true });
    t.channel = activeId;
    t.at = now;
  }
  clearTimeout(t.timer);
  t.timer = setTimeout(() => stopTyping(s), TYPING_IDLE_MS);
}

/** Puts a message in the outbox (it shows at once as "sending…") and sends it when connected. */
export function send(s: ChatState, channelId: string, body: string, parentId: string | null) {
  const box = s.outbox.current;
  if (!box) return false;
  box.add({ client_id: newClientId(), channel_id: channelId, body, parent_id: parentId });
  stopTyping(s);
  if (!parentId) {
    s.following.value = true;
    s.bottomSignal.value++;
  }
  void box.flush();
}

function reportFailure(s: ChatState, reply: Reply, what: string) {
  if (!reply.ok) s.toast.value = `${what}: ${reply.error.message}`;
}

export async function onMessageAction(s: ChatState, message: Message, action: MessageAction) {
  switch (action.type) {
    case "focus":
      s.focusedId.value = message.id;
      return;
    case "picker":
      s.pickerFor.value = s.pickerFor.value === message.id ? null : message.id;
      return;
    case "react": {
      s.pickerFor.value = null;
      const reply = await ask("chat:react", { message_id: message.id, emoji: action.emoji, on: action.on });
      if (reply.ok) ingest(s, reply.message as Message, false);
      else reportFailure(s, reply, "The reaction was not saved");
      return;
    }
    case "reply":
      s.panel.value = { kind: "thread", rootId: message.id };
      void loadThread(s, message.channel_id, message.id);
      return;
    case "edit":
      s.editingId.value = message.id;
      return;
    case "delete":
      s.dialog.value = { kind: "delete", message };
      return;
    case "pin": {
      const reply = await ask("chat:pin", { message_id: message.id, pinned: action.pinned });
      if (reply.ok) ingest(s, reply.message as Message, false);
      else reportFailure(s, reply, action.pinned ? "The message was not pinned" : "The message was not unpinned");
      return;
    }
    case "retry":
      if (message.client_id) {
        s.outbox.current?.retry(message.client_id);
        void s.outbox.current?.flush();
      }
      return;
    case "discard":
      if (message.client_id) s.outbox.current?.remove(message.client_id);
      return;
  }
}

export async function saveEdit(s: ChatState, message: Message, body: string) {
  if (body === message.body) {
    s.editingId.value = null;
    return;
  }
  const reply = await ask("chat:edit", { message_id: message.id, body });
  if (!reply.ok) {
    reportFailure(s, reply, "The message was not saved");
    return false;
  }
  ingest(s, reply.message as Message, false);
  linkFiles(s, reply.message as Message);
  s.editingId.value = null;
}

export async function deleteMessage(s: ChatState, message: Message) {
  const reply = await ask("chat:delete", { message_id: message.id });
  if (reply.ok) ingest(s, reply.message as Message, false);
  else reportFailure(s, reply, "The message was not deleted");
}

/** Opens a side panel (the same one again closes it, except threads) and loads what it shows. */
export async function openPanel(s: ChatState, next: Panel) {
  const activeId = s.activeId.value;
  if (s.panel.value?.kind === next.kind && next.kind !== "thread") {
    s.panel.value = null;
    return;
  }
  s.panel.value = next;
  if (next.kind === "pins" && activeId) {
    s.pins.value = { channelId: activeId, items: [], error: null };
    const res = await s.api<{ data: Message[] }>("GET", `/api/v1/channels/${activeId}/pins`);
    s.pins.value = {
      channelId: activeId,
      items: res.ok && Array.isArray(res.body.data) ? mergeMessages([], res.body.data) : [],
      error: res.ok ? null : errorText(res, "The pins could not be loaded"),
    };
  }
  if (next.kind === "members" && activeId) void loadReaders(s, activeId);
}

export async function runSearch(s: ChatState, query: SearchQuery) {
  s.search.value = { results: null, loading: true, error: null };
  const params = new URLSearchParams({ q: query.q });
  if (query.channel_id) params.set("channel_id", query.channel_id);
  if (query.sender_id) params.set("sender_id", query.sender_id);
  const res = await s.api<{ data: Message[] }>("GET", `/api/v1/messages/search?${params}`);
  s.search.value = {
    results: res.ok && Array.isArray(res.body.data) ? res.body.data : null,
    loading: false,
    error: res.ok ? null : errorText(res, "The search failed"),
  };
}

/** A search hit opens its channel, and its thread when it is a reply. */
export function openSearchHit(s: ChatState, m: Message) {
  openChannel(s, m.channel_id);
  if (m.parent_id) {
    s.panel.value = { kind: "thread", rootId: m.parent_id };
    void loadThread(s, m.channel_id, m.parent_id);
  }
}

export async function join(s: ChatState, id: string) {
  s.busyJoin.value = id;
  s.browseError.value = null;
  const res = await s.api("POST", `/api/v1/channels/${id}/join`, {});
  s.busyJoin.value = null;
  if (!res.ok) {
    s.browseError.value = errorText(res, "You could not join the channel");
    return;
  }
  await refreshChannels(s);
  openChannel(s, id);
}

export async function leave(s: ChatState, id: string) {
  const res = await s.api("POST", `/api/v1/channels/${id}/leave`, {});
  if (!res.ok) {
    s.toast.value = errorText(res, "You could not leave the channel");
    return;
  }
  await refreshChannels(s);
  s.panel.value = null;
  goHome(s);
}

/** Creates a channel and opens it; answers the sentence to show in the dialog when that failed. */
export async function createChannel(s: ChatState, input: NewChannelInput): Promise<string | null> {
  const res = await s.api<{ data?: Channel; id?: string }>("POST", "/api/v1/channels", input);
  if (!res.ok) return errorText(res, "The channel was not created");
  await openCreated(s, res.body.data?.id ?? res.body.id);
  return null;
}

export async function startDirect(s: ChatState, ids: string[]): Promise<string | null> {
  const res = await s.api<{ data?: Channel; id?: string }>("POST", "/api/v1/channels/direct", { user_ids: ids });
  if (!res.ok) return errorText(res, "The conversation could not be started");
  await openCreated(s, res.body.data?.id ?? res.body.id);
  return null;
}

async function openCreated(s: ChatState, id: string | undefined) {
  await refreshChannels(s);
  s.dialog.value = null;
  if (id) openChannel(s, id);
}

export async function saveDetails(s: ChatState, input: DetailsInput): Promise<string | null> {
  const activeId = s.activeId.value;
  if (!activeId) return null;
  const res = await s.api("PATCH", `/api/v1/channels/${activeId}`, input);
  if (!res.ok) return errorText(res, "The channel was not saved");
  await refreshChannels(s);
  return null;
}

export async function addMembers(s: ChatState, ids: string[]): Promise<string | null> {
  const activeId = s.activeId.value;
  if (!activeId) return null;
  const res = await s.api("POST", `/api/v1/channels/${activeId}/members`, { user_ids: ids });
  if (!res.ok) return errorText(res, "The person was not added");
  await Promise.all([loadReaders(s, activeId), refreshChannels(s)]);
  return null;
}

export async function removeMember(s: ChatState, userId: string) {
  const activeId = s.activeId.value;
  if (!activeId) return;
  const res = await s.api("DELETE", `/api/v1/channels/${activeId}/members/${userId}`);
  if (!res.ok) {
    s.toast.value = errorText(res, "The person was not removed");
    return;
  }
  await Promise.all([loadReaders(s, activeId), refreshChannels(s)]);
}
