// Table: a scrollable, bordered frame around a plain <table>. Pages write <thead>/<tbody>
// themselves; `.num`, `.cell-actions` and `.cell-primary` style the common cells.
import type { ComponentChildren } from "preact";
import { cx } from "./cx.ts";

export interface TableProps {
  /** Visible caption, or pass `label` for a screen-reader-only name. */
  caption?: ComponentChildren;
  label?: string;
  dense?: boolean;
  class?: string;
  children: ComponentChildren;
}

export function Table({ caption, label, dense, class: extra, children }: TableProps) {
  return (
    <div class={cx("table-wrap", extra)}>
      <table class={cx("table", dense && "table-dense")} aria-label={caption ? undefined : label}>
        {caption && <caption>{caption}</caption>}
        {children}
      </table>
    </div>
  );
}

export interface CellPrimaryProps {
  title: ComponentChildren;
  sub?: ComponentChildren;
  /** An Avatar, usually. */
  leading?: ComponentChildren;
  href?: string;
}

/** The first cell of a record row: avatar, name (as the link), and a secondary line. */
export function CellPrimary({ title, sub, leading, href }: CellPrimaryProps) {
  return (
    <div class="cell-primary">
      {leading}
      <div class="cell-primary-text">
        {href ? <a class="cell-primary-title" href={href}>{title}</a> : <span class="cell-primary-title">{title}</span>}
        {sub && <span class="cell-primary-sub truncate">{sub}</span>}
      </div>
    </div>
  );
}
