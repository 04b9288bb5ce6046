// The board's filter bar: a plain GET form (works before hydration), submitted as soon as a field changes.
import type { BoardFilterValues } from "../../lib/deals/client/state.ts";
import { filtersSet } from "../../lib/deals/client/state.ts";
import { Icon } from "../ui/Icon.tsx";

const autoSubmit = (event: Event) => (event.currentTarget as HTMLElement).closest("form")?.requestSubmit();

export function BoardToolbar(props: {
  pipelineId: string;
  pipelines: { id: string; name: string }[];
  members: { id: string; name: string }[];
  filters: BoardFilterValues;
}) {
  const f = props.filters;
  const filtered = filtersSet(f);
  return (
    <form class="deal-toolbar" method="get" action="/deals" role="search" aria-label="Filter the board">
      <label class="deal-toolbar-pipeline">
        <span class="visually-hidden">Pipeline</span>
        <span class="select-wrap">
          <select name="pipeline" class="select" onChange={autoSubmit}>
            {props.pipelines.map((p) => (
              <option key={p.id} value={p.id} selected={p.id === props.pipelineId}>{p.name}</option>
            ))}
          </select>
          <Icon name="chevron-down" size="sm" class="select-icon" />
        </span>
      </label>
      <label class="deal-toolbar-search">
        <Icon name="search" class="deal-toolbar-search-icon" />
        <span class="visually-hidden">Search deals</span>
        <input
          type="search"
          name="q"
          class="input"
          placeholder="Search deals…"
          value={f.q}
          autocomplete="off"
          onChange={autoSubmit}
        />
      </label>
      <label>
        <span class="visually-hidden">Owner</span>
        <span class="select-wrap">
          <select name="owner_id" class="select" onChange={autoSubmit}>
            <option value="">All owners</option>
            {props.members.map((m) => <option key={m.id} value={m.id} selected={m.id === f.owner_id}>{m.name}</option>)}
          </select>
          <Icon name="chevron-down" size="sm" class="select-icon" />
        </span>
      </label>
      <label class="deal-toolbar-min">
        <span class="deal-toolbar-label">Min $</span>
        <input
          type="number"
          name="min_value"
          class="input"
          min={0}
          step="any"
          value={f.min_value}
          onChange={autoSubmit}
        />
      </label>
      <label class="deal-toolbar-date">
        <span class="deal-toolbar-label">Closing</span>
        <span class="visually-hidden">from</span>
        <input type="date" name="close_from" class="input" value={f.close_from} onChange={autoSubmit} />
      </label>
      <label class="deal-toolbar-date">
        <span class="deal-toolbar-label" aria-hidden="true">–</span>
        <span class="visually-hidden">Closing by</span>
        <input type="date" name="close_to" class="input" value={f.close_to} onChange={autoSubmit} />
      </label>
      <button type="submit" class="btn btn-secondary deal-toolbar-apply">Apply</button>
      {filtered && <a class="btn btn-ghost" href={`/deals?pipeline=${props.pipelineId}`}>Clear</a>}
    </form>
  );
}
