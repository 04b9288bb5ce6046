// The "@", "#" and "/" menu of the note editor, placed at the caret. Part of the NoteEditor island.
import { useLayoutEffect, useRef } from "preact/hooks";
import type { MenuItem, MenuState } from "../../lib/notes/client/editor.ts";
import type { Member, RecordItem, SlashCommand } from "../../lib/notes/client/suggest.ts";
import { NoteMenu } from "./NoteMenu.tsx";

export function NoteMenuPopup(
  { menu, active, onHover }: { menu: MenuState; active: number; onHover(i: number): void },
) {
  const ref = useRef<HTMLDivElement>(null);
  // Positioned at the caret through the CSSOM (no style attribute in the markup).
  useLayoutEffect(() => {
    const el = ref.current;
    if (!el || !menu.rect) return;
    const width = el.offsetWidth || 280;
    const left = Math.max(8, Math.min(menu.rect.left, innerWidth - width - 8));
    const below = menu.rect.bottom + 6;
    const height = el.offsetHeight || 200;
    const top = below + height > innerHeight - 8 ? Math.max(8, menu.rect.top - height - 6) : below;
    el.style.setProperty("left", `${left}px`);
    el.style.setProperty("top", `${top}px`);
  });
  return (
    <div ref={ref} class="note-menu-popup">
      <NoteMenu
        kind={menu.kind}
        query={menu.query}
        items={menu.items as (Member | RecordItem | SlashCommand)[]}
        active={active}
        onPick={(item: MenuItem) => menu.pick(item)}
        onHover={onHover}
      />
    </div>
  );
}
