// Renders one message of the chat island wherever it shows (the conversation, a thread, the pins), with
// what the island knows about it: seen by whom, a failed send, edit mode, the reaction picker.
import { useMemo } from "preact/hooks";
import { dayKey, isPending, seenBy, seenLabel, startsGroup, topLevel } from "../../lib/chat/client/messages.ts";
import { onMessageAction, saveEdit } from "../../lib/chat/client/actions.ts";
import { canWriteActive, type ChatState } from "../../lib/chat/client/state.ts";
import type { Member, Message } from "../../lib/chat/client/types.ts";
import { Composer } from "./Composer.tsx";
import { MessageItem } from "./MessageItem.tsx";

export type RenderMessage = (m: Message, list: Message[], index: number, inChannel: boolean) => preact.JSX.Element;

/** The open channel's messages (loaded so far), and people to @mention in it. */
export function useOpenChannel(s: ChatState) {
  const activeId = s.activeId.value;
  const allMessages = (activeId ? s.histories.value[activeId]?.messages : undefined) ?? [];
  const readers = s.readers.value;
  const mentionable = useMemo((): Member[] => {
    const list = activeId && readers[activeId] ? readers[activeId].map((m) => ({ id: m.id, name: m.name })) : [];
    return list.length > 0 ? list : s.members;
  }, [readers, activeId, s.members]);
  return { allMessages, mentionable };
}

export function useRenderMessage(s: ChatState, hydrated: boolean): RenderMessage {
  const me = s.me;
  const activeId = s.activeId.value;
  const { allMessages, mentionable } = useOpenChannel(s);
  const outboxItems = s.outboxItems.value;
  const readers = s.readers.value;
  const failures = useMemo(
    () => new Map(outboxItems.filter((i) => i.error).map((i) => [i.client_id, i.error!])),
    [outboxItems],
  );
  const seen = useMemo(() => {
    const list = activeId ? readers[activeId] : undefined;
    if (!list) return new Map<string, string[]>();
    return seenBy(
      topLevel(allMessages),
      me.id,
      list.map((m) => ({ id: m.id, name: m.name, last_read_seq: m.last_read_seq ?? 0 })),
    );
  }, [allMessages, readers, activeId]);
  const canWrite = canWriteActive(s);
  const editingId = s.editingId.value;
  const pickerFor = s.pickerFor.value;
  const focusedId = s.focusedId.value;
  const onAction = useMemo(() => onMessageAction.bind(null, s), [s]);

  return (m, list, index, inChannel) => {
    const previous = list[index - 1];
    const editing = editingId === m.id;
    const names = seen.get(m.id);
    return (
      <MessageItem
        key={m.id}
        message={m}
        meId={me.id}
        grouped={!startsGroup(m, previous)}
        dayBreak={!previous || dayKey(previous.created_at) !== dayKey(m.created_at)}
        seen={inChannel && names ? seenLabel(names) : undefined}
        failed={isPending(m) && m.client_id ? failures.get(m.client_id) : undefined}
        canDelete={m.sender_id === me.id || s.canModerate}
        inChannel={inChannel}
        picker={pickerFor === m.id}
        active={focusedId === m.id}
        disabled={!hydrated || (!canWrite && !isPending(m))}
        editor={editing
          ? (
            <Composer
              id={`chat-edit-${m.id}`}
              label="Edit message"
              placeholder="Edit message"
              members={mentionable}
              meId={me.id}
              disabled={!hydrated}
              initial={m.body}
              autoFocus
              compact
              submitLabel="Save"
              onSubmit={(body) => saveEdit(s, m, body)}
              onCancel={() => s.editingId.value = null}
            />
          )
          : undefined}
        onAction={onAction}
      />
    );
  };
}
