// A record's fields as a definition list; empty values show a dash, links stay links. Each row is named by
// its label (data-field) so the LiveRecord island can swap in a teammate's change and highlight that row.
import type { ComponentChildren } from "preact";

export interface FieldItem {
  label: string;
  value: ComponentChildren;
}

export function FieldList({ items }: { items: FieldItem[] }) {
  return (
    <dl class="kv" data-live-fields>
      {items.map((item) => (
        <div key={item.label} data-field={item.label}>
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
