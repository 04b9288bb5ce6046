// The timeline's filter bar: kind chips, a person, a date range and "Clear". Part of the ActivityTimeline island.
import { type TimelineMember, TYPE_FILTERS } from "../../lib/activities/client/format.ts";
import { type Filters, hasFilters, NO_FILTERS } from "../../lib/activities/client/filters.ts";
import { Icon } from "../ui/Icon.tsx";
import { cx } from "../ui/cx.ts";

export interface ActivityFiltersProps {
  filters: Filters;
  members: TimelineMember[];
  hydrated: boolean;
  onChange(next: Filters): void;
}

export function ActivityFilters({ filters, members, hydrated, onChange }: ActivityFiltersProps) {
  const toggleKind = (key: string) => {
    const kinds = filters.kinds.includes(key) ? filters.kinds.filter((k) => k !== key) : [...filters.kinds, key];
    onChange({ ...filters, kinds });
  };
  return (
    <div class="activity-filters" role="group" aria-label="Filter the activity">
      <div class="activity-chips">
        {TYPE_FILTERS.map((f) => (
          <button
            key={f.key}
            type="button"
            class={cx("chip", filters.kinds.includes(f.key) && "is-active")}
            aria-pressed={filters.kinds.includes(f.key) ? "true" : "false"}
            disabled={!hydrated}
            onClick={() => toggleKind(f.key)}
          >
            {f.label}
          </button>
        ))}
      </div>
      <div class="activity-filter-row">
        <span class="select-wrap">
          <select
            class="select select-sm"
            aria-label="Person"
            value={filters.actor}
            disabled={!hydrated}
            onChange={(event) => onChange({ ...filters, actor: (event.target as HTMLSelectElement).value })}
          >
            <option value="">Anyone</option>
            {members.map((m) => <option key={m.id} value={m.id}>{m.name}</option>)}
          </select>
          <Icon name="chevron-down" size="sm" class="select-icon" />
        </span>
        <label class="activity-date">
          <span class="text-xs muted">From</span>
          <input
            type="date"
            class="input input-sm"
            aria-label="From date"
            value={filters.from}
            max={filters.to || undefined}
            disabled={!hydrated}
            onChange={(event) => onChange({ ...filters, from: (event.target as HTMLInputElement).value })}
          />
        </label>
        <label class="activity-date">
          <span class="text-xs muted">To</span>
          <input
            type="date"
            class="input input-sm"
            aria-label="To date"
            value={filters.to}
            min={filters.from || undefined}
            disabled={!hydrated}
            onChange={(event) => onChange({ ...filters, to: (event.target as HTMLInputElement).value })}
          />
        </label>
        {hasFilters(filters) && (
          <button type="button" class="link-button text-sm" onClick={() => onChange(NO_FILTERS)}>
            Clear
          </button>
        )}
      </div>
    </div>
  );
}
