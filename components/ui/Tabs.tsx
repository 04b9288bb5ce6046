// Tabs as links: each tab is its own URL, so they work without JavaScript and can be
// bookmarked. The current one carries aria-current="page".
import { cx } from "./cx.ts";

export interface TabItem {
  href: string;
  label: string;
  count?: number;
}

export interface TabsProps {
  items: TabItem[];
  /** The current path; the tab whose href matches it is active. */
  current: string;
  /** Accessible name of the tab row, e.g. "Contact sections". */
  label: string;
  class?: string;
}

export function Tabs({ items, current, label, class: extra }: TabsProps) {
  return (
    <nav aria-label={label}>
      <ul class={cx("tabs", extra)}>
        {items.map((item) => (
          <li key={item.href}>
            <a class="tab" href={item.href} aria-current={item.href === current ? "page" : undefined}>
              {item.label}
              {item.count !== undefined && <span class="tab-count">{item.count}</span>}
            </a>
          </li>
        ))}
      </ul>
    </nav>
  );
}
