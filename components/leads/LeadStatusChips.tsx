// "All 42 · New 12 · Contacted 9 …": one link per status with the team's count, above the lead list. Links, so
// they work without JavaScript; the list's own Status filter does the same inside the page.
import { cx } from "../ui/cx.ts";
import { LEAD_STATUS_LABELS, LEAD_STATUSES, type LeadStatus } from "../../lib/leads/status.ts";

export interface LeadStatusChipsProps {
  counts: Partial<Record<LeadStatus, number>>;
  /** The status filter in the URL ("" = all). */
  active: string;
}

export function LeadStatusChips({ counts, active }: LeadStatusChipsProps) {
  const total = LEAD_STATUSES.reduce((sum, s) => sum + (counts[s] ?? 0), 0);
  const chip = (href: string, label: string, count: number, current: boolean, status?: string) => (
    <li key={label}>
      <a
        class={cx("chip", "lead-chip", status && `lead-chip-${status.toLowerCase()}`, current && "is-active")}
        href={href}
        aria-current={current ? "page" : undefined}
      >
        {label}
        <span class="chip-count">{count}</span>
      </a>
    </li>
  );
  return (
    <nav aria-label="Leads by status" class="lead-chips-nav">
      <ul class="lead-chips">
        {chip("/leads", "All", total, active === "")}
        {LEAD_STATUSES.map((status) =>
          chip(`/leads?status=${status}`, LEAD_STATUS_LABELS[status], counts[status] ?? 0, active === status, status)
        )}
      </ul>
    </nav>
  );
}
