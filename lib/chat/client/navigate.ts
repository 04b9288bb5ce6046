// Moving between conversations inside the chat island without a page load: the URL follows (pushState) so
// links, reloads and the back button land on the same place.
import { isUuid } from "../../ids.ts";
import { loadFirst } from "./load.ts";
import type { ChatState } from "./state.ts";

function rememberLast(id: string) {
  document.cookie = `leadly_chat_last=${id}; path=/; max-age=31536000; samesite=lax`;
}

export function openChannel(s: ChatState, id: string, push = true) {
  s.activeId.value = id;
  s.view.value = "channel";
  s.pane.value = "main";
  s.panel.value = null;
  s.editingId.value = null;
  s.pickerFor.value = null;
  s.following.value = true;
  const h = s.histories.value[id];
  if (!h?.loaded) void loadFirst(s, id);
  if (push && location.pathname !== `/chat/${id}`) globalThis.history.pushState({ chat: id }, "", `/chat/${id}`);
  rememberLast(id);
}

/** The conversation list (on phones the whole screen). */
export function goHome(s: ChatState, push = true) {
  s.pane.value = "list";
  s.view.value = "channel";
  s.panel.value = null;
  if (push && location.pathname !== "/chat") globalThis.history.pushState({ chat: null }, "", "/chat");
}

export function goBrowse(s: ChatState, push = true) {
  s.view.value = "browse";
  s.pane.value = "main";
  s.panel.value = null;
  if (push && location.pathname !== "/chat/browse") {
    globalThis.history.pushState({ chat: "browse" }, "", "/chat/browse");
  }
}

/** Back/forward: shows what the URL now names. */
export function followLocation(s: ChatState) {
  const path = location.pathname.replace(/\/+$/, "");
  if (path === "/chat") goHome(s, false);
  else if (path === "/chat/browse") goBrowse(s, false);
  else {
    const id = path.split("/")[2] ?? "";
    if (isUuid(id)) openChannel(s, id, false);
  }
}

/** A link's click handled in place once hydrated; modified clicks (new tab…) keep the browser's way. */
export function linkClick(hydrated: boolean, go: () => void) {
  return (event: MouseEvent) => {
    if (event.defaultPrevented || event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey) return;
    if (!hydrated) return;
    event.preventDefault();
    go();
  };
}
