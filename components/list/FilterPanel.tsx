// The filter sidebar of a list. A GET form whose fields are the API's filter parameters, so without
// JavaScript "Apply" reloads the page with them; the RecordList island applies changes as they happen.
import type { FilterDef, ListConfig } from "../../lib/list/columns.ts";
import { filterParams } from "../../lib/list/query.ts";
import { Button } from "../ui/Button.tsx";
import { Icon } from "../ui/Icon.tsx";

export interface FilterPanelProps {
  config: ListConfig;
  formId: string;
  values: Record<string, string>;
  facets: Record<string, string[]>;
  members: { id: string; name: string }[];
  /** Hidden fields that keep the rest of the list state on a no-JS submit (sort, columns). */
  keep: Record<string, string>;
  hydrated: boolean;
  hasFilters: boolean;
  /** A text-like field changed: the island debounces these. */
  onText(param: string, value: string): void;
  /** A choice changed: applied at once. */
  onChoice(param: string, value: string): void;
  onClear(): void;
}

function choices(filter: FilterDef, facets: Record<string, string[]>, current: string) {
  const values = [...(filter.options ?? facets[filter.param] ?? [])];
  if (current && !values.includes(current)) values.unshift(current);
  return values;
}

function FilterField(props: FilterPanelProps & { filter: FilterDef }) {
  const { filter, values, formId } = props;
  const id = `${formId}-${filter.param}`;
  const text = (param: string) => (event: Event) => props.onText(param, (event.target as HTMLInputElement).value);
  const choice = (param: string) => (event: Event) => props.onChoice(param, (event.target as HTMLInputElement).value);
  switch (filter.kind) {
    case "select":
    case "owner": {
      const options = filter.kind === "owner"
        ? props.members.map((m) => ({ value: m.id, label: m.name }))
        : choices(filter, props.facets, values[filter.param] ?? "").map((v) => ({
          value: v,
          label: filter.optionLabels?.[v] ?? v,
        }));
      return (
        <div class="field list-filter">
          <label class="field-label" for={id}>{filter.label}</label>
          <span class="select-wrap">
            <select id={id} name={filter.param} class="select select-sm" onChange={choice(filter.param)}>
              <option value="" selected={!values[filter.param]}>Any</option>
              {options.map((o) => (
                <option key={o.value} value={o.value} selected={values[filter.param] === o.value}>{o.label}</option>
              ))}
            </select>
            <Icon name="chevron-down" size="sm" class="select-icon" />
          </span>
        </div>
      );
    }
    case "number-range":
    case "date-range": {
      const [from, to] = filterParams(filter);
      const type = filter.kind === "number-range" ? "number" : "date";
      const labels = filter.kind === "number-range" ? ["Min", "Max"] : ["From", "To"];
      const handler = type === "number" ? text : choice;
      return (
        <fieldset class={type === "date" ? "list-filter list-range list-range-date" : "list-filter list-range"}>
          <legend class="field-label">{filter.label}</legend>
          <div class="list-range-inputs">
            {[from, to].map((param, i) => (
              <label key={param} class="list-range-input">
                <span class="visually-hidden">{filter.label} {labels[i].toLowerCase()}</span>
                <input
                  type={type}
                  name={param}
                  class="input input-sm"
                  placeholder={type === "number" ? labels[i] : undefined}
                  min={type === "number" ? 0 : undefined}
                  max={type === "number" ? 100 : undefined}
                  value={values[param] ?? ""}
                  onInput={handler(param)}
                />
              </label>
            ))}
          </div>
        </fieldset>
      );
    }
    default:
      return (
        <div class="field list-filter">
          <label class="field-label" for={id}>{filter.label}</label>
          <input
            id={id}
            name={filter.param}
            class="input input-sm"
            placeholder={filter.placeholder}
            value={values[filter.param] ?? ""}
            onInput={text(filter.param)}
          />
        </div>
      );
  }
}

export function FilterPanel(props: FilterPanelProps) {
  const { config, formId, keep } = props;
  return (
    <form
      id={formId}
      method="get"
      action={`/${config.resource}`}
      class="list-filter-form"
      aria-label={`Filter ${config.plural}`}
      onSubmit={(event) => {
        // With JavaScript every change is already applied; Enter in a field must not reload the page.
        if (props.hydrated) event.preventDefault();
      }}
    >
      <div class="list-filter-head">
        <h2 class="list-filter-title">Filters</h2>
        {props.hasFilters && (
          <button type="button" class="link-button text-sm" onClick={props.onClear} disabled={!props.hydrated}>
            Clear all
          </button>
        )}
      </div>
      {Object.entries(keep).map(([name, value]) =>
        value && <input key={name} type="hidden" name={name} value={value} />
      )}
      {config.filters.map((filter) => <FilterField key={filter.param} {...props} filter={filter} />)}
      {!props.hydrated && (
        <Button type="submit" size="sm" variant="secondary" block class="list-filter-apply">Apply filters</Button>
      )}
    </form>
  );
}
