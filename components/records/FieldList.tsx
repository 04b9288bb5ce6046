// A record's fields as a definition list; empty values show a dash, links stay links.
import type { ComponentChildren } from "preact";

export interface FieldItem {
  label: string;
  value: ComponentChildren;
}

export function FieldList({ items }: { items: FieldItem[] }) {
  return (
    <dl class="kv">
      {items.map((item) => (
        <div key={item.label}>
          <dt>{item.label}</dt>
          <dd>
            {item.value === null || item.value === undefined || item.value === ""
              ? <span class="subtle">—</span>
              : item.value}
          </dd>
        </div>
      ))}
    </dl>
  );
}

/** External links open safely in a new tab and show their host only. */
export function ExternalLink({ href }: { href: string | null }) {
  if (!href) return null;
  let label = href;
  try {
    label = new URL(href).host + new URL(href).pathname.replace(/\/$/, "");
  } catch { /* shown as typed */ }
  return <a href={href} target="_blank" rel="noopener noreferrer nofollow">{label}</a>;
}
