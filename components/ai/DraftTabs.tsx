// The drafts as tabs ("Draft 1", "Draft 2"...), keyboard-usable as a WAI-ARIA tab list: arrow keys move between
// tabs, Home and End jump to the ends. The island owns which one is selected.
export interface DraftTabsProps {
  count: number;
  selected: number;
  onSelect: (index: number) => void;
  idPrefix: string;
}

export function DraftTabs({ count, selected, onSelect, idPrefix }: DraftTabsProps) {
  const move = (event: KeyboardEvent) => {
    const keys: Record<string, number> = {
      ArrowRight: (selected + 1) % count,
      ArrowLeft: (selected - 1 + count) % count,
      Home: 0,
      End: count - 1,
    };
    if (!(event.key in keys)) return;
    event.preventDefault();
    onSelect(keys[event.key]);
    document.getElementById(`${idPrefix}-tab-${keys[event.key]}`)?.focus();
  };
  return (
    <div class="tabs ai-writer-tabs" role="tablist" aria-label="Drafts" onKeyDown={move}>
      {Array.from({ length: count }, (_, i) => (
        <button
          key={i}
          type="button"
          role="tab"
          class="tab"
          id={`${idPrefix}-tab-${i}`}
          aria-selected={i === selected}
          aria-controls={`${idPrefix}-panel`}
          tabIndex={i === selected ? 0 : -1}
          onClick={() => onSelect(i)}
        >
          Draft {i + 1}
        </button>
      ))}
    </div>
  );
}
