// Presence in the browser, shared by every island of the page (one module instance in the common chunk): the
// team's statuses from `presence:list`, kept current by `presence.changed`; a heartbeat that says whether the
// person is idle; and avatars marked live wherever the page shows them (`[data-presence-user]`).
import { realtime, request } from "../bus/client/connection.ts";
import { HEARTBEAT_MS, IDLE_MS, type PresenceInfo, type PresenceStatus, STATUS_LABELS } from "./protocol.ts";

type Listener = () => void;

const members = new Map<string, PresenceInfo>();
const listeners = new Set<Listener>();
let me = "";
let started = false;
let idle = false;
let lastInput = Date.now();

export function presenceOf(userId: string): PresenceInfo | undefined {
  return members.get(userId);
}

export function myId(): string {
  return me;
}

export function nameOf(userId: string | null | undefined): string {
  if (!userId) return "Someone";
  return members.get(userId)?.name ?? "A teammate";
}

/** Calls `listener` whenever someone's presence changes; returns the unsubscribe. */
export function onPresence(listener: Listener): () => void {
  startPresence();
  listeners.add(listener);
  return () => listeners.delete(listener);
}

function changed() {
  markAvatars(document);
  for (const listener of listeners) listener();
}

/** Sets the dot of every avatar of a known person under `root`. */
export function markAvatars(root: ParentNode) {
  for (const avatar of root.querySelectorAll<HTMLElement>("[data-presence-user]")) {
    const info = members.get(avatar.dataset.presenceUser!);
    const dot = avatar.querySelector<HTMLElement>(".avatar-presence");
    if (!info || !dot) continue;
    const status: PresenceStatus = info.status;
    const wanted = `avatar-presence avatar-presence-${status} presence-live`;
    if (dot.className !== wanted) dot.className = wanted;
    const label = info.custom_status ? `${STATUS_LABELS[status]}: ${info.custom_status}` : STATUS_LABELS[status];
    if (avatar.title !== label) avatar.title = label;
    const hidden = dot.querySelector(".visually-hidden");
    if (hidden && hidden.textContent !== label) hidden.textContent = label;
  }
}

async function load() {
  const reply = await request<{ ok: true; me: string; members: PresenceInfo[] } | { ok: false; error: never }>(
    "presence:list",
    {},
  ).catch(() => null);
  if (!reply?.ok) return;
  me = reply.me;
  members.clear();
  for (const member of reply.members) members.set(member.user_id, member);
  changed();
}

function beat() {
  void request("presence:heartbeat", { idle }).catch(() => {});
}

/** Connects (once per page): the list, live changes, heartbeats and idle detection, avatars added later. */
export function startPresence() {
  if (started || typeof document === "undefined") return;
  started = true;
  const socket = realtime();
  socket.on("presence.changed", (event: PresenceInfo & { payload?: PresenceInfo }) => {
    const info = event.payload ?? event;
    if (!info?.user_id) return;
    const known = members.get(info.user_id);
    members.set(info.user_id, { ...known, ...info, name: known?.name ?? info.name });
    changed();
  });
  // After a reconnect the list may have changed a lot: read it again.
  socket.on("connect", () => void load());
  if (socket.connected) void load();

  const onInput = () => {
    lastInput = Date.now();
    if (idle) {
      idle = false;
      beat();
    }
  };
  for (const name of ["pointerdown", "keydown", "pointermove", "scroll", "focus"]) {
    addEventListener(name, onInput, { passive: true, capture: true });
  }
  setInterval(() => {
    idle = Date.now() - lastInput >= IDLE_MS;
    beat();
  }, HEARTBEAT_MS);
  // Avatars rendered later (a list page, a board update) get their dot too.
  new MutationObserver((records) => {
    if (members.size === 0) return;
    for (const record of records) {
      for (const node of record.addedNodes) {
        if (node instanceof HTMLElement) markAvatars(node.parentElement ?? node);
      }
    }
  }).observe(document.body, { childList: true, subtree: true });
}

/** Sets the person's own status (and custom text); resolves with the server's reply. */
export async function setMyStatus(status: Exclude<PresenceStatus, "offline">, customStatus: string | null) {
  const reply = await request<
    { ok: true; presence: PresenceInfo } | { ok: false; error: { code: string; message: string } }
  >(
    "presence:set",
    { status, custom_status: customStatus },
  );
  if (reply.ok) {
    const known = members.get(reply.presence.user_id);
    members.set(reply.presence.user_id, { ...known, ...reply.presence, name: known?.name });
    me ||= reply.presence.user_id;
    changed();
  }
  return reply;
}
