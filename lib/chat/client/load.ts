// How the chat island's state learns of messages and channels: from the API (first page, older pages,
// threads, members) and from live events (`ingest`).
import { api as filesApi } from "../../files/client.ts";
import { errorText } from "./api.ts";
import { attachmentsOf } from "./attachments.ts";
import { countIncoming } from "./channels.ts";
import { mergeMessages } from "./messages.ts";
import { type ChatState, patchHistory, reading } from "./state.ts";
import type { Channel, ChannelMember, Message } from "./types.ts";

const PAGE = 50;

/** Takes in a message (new, edited, reacted to…): into its channel's history, and the channel's counts. */
export function ingest(s: ChatState, message: Message, created: boolean) {
  patchHistory(s, message.channel_id, (h) => {
    const merged = mergeMessages(h.messages, [message]);
    return merged === h.messages ? h : { ...h, messages: merged };
  });
  s.channels.value = s.channels.value.map((c) =>
    c.id === message.channel_id ? countIncoming(c, message, { meId: s.me.id, reading: reading(s, c.id), created }) : c
  );
  if (created) {
    const t = s.typing.value;
    const inChannel = t[message.channel_id];
    const sender = message.sender_id;
    if (!sender || !inChannel?.[sender]) return;
    const { [sender]: _gone, ...rest } = inChannel;
    s.typing.value = { ...t, [message.channel_id]: rest };
  }
}

/** Attaches the files a message of mine links to (uploaded from the composer) to that message. */
export function linkFiles(s: ChatState, message: Message) {
  for (const file of attachmentsOf(message.body ?? "")) {
    void filesApi("POST", `/api/v1/files/${file.id}/links`, s.csrf, {
      target_type: "message",
      target_id: message.id,
    });
  }
}

export async function refreshChannels(s: ChatState) {
  const res = await s.api<{ data: Channel[] }>("GET", "/api/v1/channels");
  if (res.ok && Array.isArray(res.body.data)) s.channels.value = res.body.data;
  return res;
}

export async function loadFirst(s: ChatState, id: string) {
  patchHistory(s, id, (h) => ({ ...h, loadingOlder: !h.loaded, error: null }));
  const res = await s.api<{ data: Message[]; next_before: number | null }>(
    "GET",
    `/api/v1/channels/${id}/messages?limit=${PAGE}`,
  );
  if (!res.ok || !Array.isArray(res.body.data)) {
    patchHistory(
      s,
      id,
      (h) => ({ ...h, loadingOlder: false, error: errorText(res, "The messages could not be loaded") }),
    );
    return;
  }
  patchHistory(s, id, (h) => ({
    ...h,
    messages: mergeMessages(h.messages, res.body.data),
    // A refresh after a reconnect must not forget how far back this history was already loaded.
    nextBefore: h.loaded ? h.nextBefore : res.body.next_before ?? null,
    loaded: true,
    loadingOlder: false,
    error: null,
  }));
}

export async function loadOlder(s: ChatState, id: string) {
  const h = s.histories.value[id];
  if (!h || h.nextBefore === null || h.loadingOlder) return;
  patchHistory(s, id, (x) => ({ ...x, loadingOlder: true, olderError: null }));
  const res = await s.api<{ data: Message[]; next_before: number | null }>(
    "GET",
    `/api/v1/channels/${id}/messages?before=${h.nextBefore}&limit=${PAGE}`,
  );
  if (!res.ok || !Array.isArray(res.body.data)) {
    patchHistory(s, id, (x) => ({
      ...x,
      loadingOlder: false,
      olderError: errorText(res, "Older messages could not be loaded"),
    }));
    return;
  }
  patchHistory(s, id, (x) => ({
    ...x,
    messages: mergeMessages(x.messages, res.body.data),
    nextBefore: res.body.next_before ?? null,
    loadingOlder: false,
  }));
}

/** The channel's members with how far each has read (read receipts, the members panel). */
export async function loadReaders(s: ChatState, id: string) {
  s.readersError.value = null;
  const res = await s.api<{ data: (ChannelMember & { user_id?: string; full_name?: string })[] }>(
    "GET",
    `/api/v1/channels/${id}/members`,
  );
  if (!res.ok || !Array.isArray(res.body.data)) {
    s.readersError.value = errorText(res, "The members could not be loaded");
    return;
  }
  const list = res.body.data.map((m) => ({
    ...m,
    id: m.id ?? m.user_id,
    name: m.name ?? m.full_name ?? "Someone",
    last_read_seq: Number(m.last_read_seq ?? 0),
  }));
  s.readers.value = { ...s.readers.value, [id]: list };
}

export async function loadThread(s: ChatState, channelId: string, rootId: string) {
  const res = await s.api<{ root?: Message; data: Message[] }>(
    "GET",
    `/api/v1/channels/${channelId}/messages?thread=${rootId}`,
  );
  if (res.ok && Array.isArray(res.body.data)) {
    const found = res.body.root ? [res.body.root, ...res.body.data] : res.body.data;
    patchHistory(s, channelId, (h) => ({ ...h, messages: mergeMessages(h.messages, found) }));
  } else s.toast.value = errorText(res, "The thread could not be loaded");
}
