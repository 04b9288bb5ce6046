// The chat's dialogs (new channel, new direct message, delete a message): loaded with the first one opened
// (components/chat/lazy.tsx), shown while `s.dialog` says which. What they do comes in as callbacks from the
// island, so this chunk holds the dialogs alone and shares no code the first load needs.
import type { ChatState } from "../../lib/chat/client/state.ts";
import type { Message, NewChannelInput } from "../../lib/chat/client/types.ts";
import { ConfirmDialog, NewChannelDialog, NewDirectDialog } from "./Dialogs.tsx";

export interface ChatDialogsProps {
  s: ChatState;
  onCreateChannel(input: NewChannelInput): Promise<string | null>;
  onStartDirect(ids: string[]): Promise<string | null>;
  onDeleteMessage(message: Message): void;
}

export function ChatDialogs({ s, onCreateChannel, onStartDirect, onDeleteMessage }: ChatDialogsProps) {
  const dialog = s.dialog.value;
  const close = () => s.dialog.value = null;
  const others = s.members.filter((m) => m.id !== s.me.id);
  if (dialog?.kind === "new-channel") {
    return <NewChannelDialog members={others} onClose={close} onCreate={onCreateChannel} />;
  }
  if (dialog?.kind === "new-direct") {
    return <NewDirectDialog members={others} onClose={close} onStart={onStartDirect} />;
  }
  if (dialog?.kind === "delete") {
    return (
      <ConfirmDialog
        title="Delete this message?"
        text="It is replaced by “This message was deleted.” for everyone. This cannot be undone."
        confirm="Delete message"
        onClose={close}
        onConfirm={() => onDeleteMessage(dialog.message)}
      />
    );
  }
  return null;
}
