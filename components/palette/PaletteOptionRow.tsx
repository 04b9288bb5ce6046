// One row of the command palette's listbox: a record hit, a quick command, or "see all results".
// Rows with a destination are links (so Ctrl/Cmd-click and middle-click open a new tab); the
// palette's input keeps focus, and aria-activedescendant points at the selected row.
import type { JSX } from "preact";
import { Icon, type IconName } from "../ui/Icon.tsx";
import { type PaletteOption, searchPageUrl, typeMeta } from "../../lib/palette/model.ts";

export interface PaletteOptionRowProps {
  id: string;
  option: PaletteOption;
  selected: boolean;
  onHover: () => void;
  onChoose: (event: MouseEvent) => void;
}

function describe(option: PaletteOption): {
  href?: string;
  icon: IconName;
  title: string;
  subtitle?: string | null;
  tag: string;
  tone: string;
} {
  switch (option.kind) {
    case "record": {
      const meta = typeMeta(option.hit.type);
      return {
        href: option.hit.url,
        icon: meta.icon,
        title: option.hit.title,
        subtitle: option.hit.subtitle,
        tag: meta.singular,
        tone: option.hit.type,
      };
    }
    case "command":
      return {
        href: option.command.href,
        icon: option.command.icon,
        title: option.command.label,
        tag: option.command.href ? "Go" : "Run",
        tone: "command",
      };
    case "all":
      return {
        href: searchPageUrl(option.query),
        icon: "search",
        title: `See all results for “${option.query}”`,
        tag: "Page",
        tone: "command",
      };
  }
}

export function PaletteOptionRow({ id, option, selected, onHover, onChoose }: PaletteOptionRowProps) {
  const row = describe(option);
  const props = {
    id,
    role: "option",
    "aria-selected": selected ? "true" : "false",
    class: `palette-option${selected ? " is-active" : ""}`,
    tabIndex: -1,
    // mousemove, not mouseenter: a list scrolled by the keyboard under a resting pointer keeps its choice.
    onMouseMove: selected ? undefined : onHover,
    onMouseDown: (event: MouseEvent) => event.preventDefault(), // keep focus in the input
    onClick: (event: MouseEvent) => onChoose(event),
  } as const;
  const body: JSX.Element = (
    <>
      <span class={`palette-option-icon palette-tone-${row.tone}`} aria-hidden="true">
        <Icon name={row.icon} />
      </span>
      <span class="palette-option-text">
        <span class="palette-option-title">{row.title}</span>
        {row.subtitle && <span class="palette-option-subtitle">{row.subtitle}</span>}
      </span>
      <span class="palette-option-tag">{row.tag}</span>
      <span class="palette-option-enter" aria-hidden="true">↵</span>
    </>
  );
  return row.href ? <a href={row.href} {...props}>{body}</a> : <div {...props}>{body}</div>;
}
