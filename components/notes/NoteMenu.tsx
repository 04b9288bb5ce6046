// The pop-up list under the caret for "@" teammates, "#" records and "/" commands. Keyboard handling lives in
// the editor (arrows, Enter, Escape); the mouse picks with a press that keeps the editor's focus.
import type { Member, RecordItem, SlashCommand } from "../../lib/notes/client/suggest.ts";
import { Avatar } from "../ui/Avatar.tsx";
import { cx } from "../ui/cx.ts";
import { recordLabel } from "../../lib/record-types.ts";

export type MenuKind = "mention" | "record" | "slash";
type Item = Member | RecordItem | SlashCommand;

const LABELS: Record<MenuKind, string> = { mention: "Teammates", record: "Records", slash: "Insert" };
const EMPTY: Record<MenuKind, string> = {
  mention: "No teammate matches",
  record: "Type to find a deal, contact or company",
  slash: "No command matches",
};
export interface NoteMenuProps {
  kind: MenuKind;
  query: string;
  items: Item[];
  active: number;
  onPick(item: Item): void;
  onHover(index: number): void;
}

export function NoteMenu({ kind, query, items, active, onPick, onHover }: NoteMenuProps) {
  const empty = kind === "record" && query.trim() ? "No record matches" : EMPTY[kind];
  return (
    <div class="note-menu" role="listbox" aria-label={LABELS[kind]} data-kind={kind}>
      {items.length === 0 && <p class="note-menu-empty">{empty}</p>}
      {items.map((item, i) => (
        <button
          type="button"
          key={"id" in item ? item.id : i}
          role="option"
          aria-selected={i === active ? "true" : "false"}
          class={cx("note-menu-item", i === active && "is-active")}
          onMouseDown={(event) => {
            event.preventDefault();
            onPick(item);
          }}
          onMouseEnter={() => onHover(i)}
        >
          {kind === "mention" && (
            <>
              <Avatar name={(item as Member).name} size="xs" />
              <span class="note-menu-title">{(item as Member).name}</span>
            </>
          )}
          {kind === "record" && (
            <>
              <span class={`note-menu-kind note-menu-kind-${(item as RecordItem).recordType}`}>
                {recordLabel((item as RecordItem).recordType)}
              </span>
              <span class="note-menu-title">{(item as RecordItem).label}</span>
              {(item as RecordItem).subtitle && <span class="note-menu-hint">{(item as RecordItem).subtitle}</span>}
            </>
          )}
          {kind === "slash" && (
            <>
              <span class="note-menu-title">{(item as SlashCommand).title}</span>
              <span class="note-menu-hint">{(item as SlashCommand).hint}</span>
            </>
          )}
        </button>
      ))}
    </div>
  );
}
