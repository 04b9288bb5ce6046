// Chat parts that only show after someone asks for them load as their own chunk the first time: the side
// panel (thread, pins, search, members, details) and the dialogs (new channel, new message, delete). That keeps
// them out of the chat page's first load (page_js budget 60 KB gzip; docs/notes-chunks.md). Neither is ever open
// in the server-rendered page (the panel and the dialog start closed), so hydration never waits for them.
import { lazyComponent } from "../lazy.tsx";

export const LazyChatSidePanel = lazyComponent(() =>
  import("./ChatSidePanel.tsx").then((module) => module.ChatSidePanel)
);

export const LazyChatDialogs = lazyComponent(() => import("./ChatDialogs.tsx").then((module) => module.ChatDialogs));
