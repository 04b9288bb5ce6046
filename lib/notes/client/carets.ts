// The carets chunk (loaded by lazy-features.ts once someone else has the note open): Tiptap's
// CollaborationCaret, which shows the others' named carets and selections and publishes this person's. Until
// then there is nobody to show a caret to; who is here comes from the provider's awareness, which carries
// each person's name from the start (provider.ts), so the faces in the header do not wait for this.
import type { Editor } from "@tiptap/core";
import { CollaborationCaret } from "@tiptap/extension-collaboration-caret";
import type { Plugin } from "@tiptap/pm/state";
import type { CollaboratorUser, NoteProvider } from "./provider.ts";
import { pluginsOf } from "./plugins-of.ts";

export function caretPlugins(editor: Editor, provider: NoteProvider, user: CollaboratorUser): Plugin[] {
  return pluginsOf(CollaborationCaret.configure({ provider, user }), editor);
}
