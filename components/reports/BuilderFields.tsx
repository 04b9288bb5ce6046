// The report builder's controls: source, date range and comparison, filters, groups, measures and chart type.
// Each edits the one config signal the ReportBuilder island owns; the preview follows it.
import { Select } from "../ui/Select.tsx";
import { Icon } from "../ui/Icon.tsx";
import {
  CHART_LABELS,
  dateFields,
  groupableFields,
  isDateField,
  MEASURE_LABELS,
  measureChoices,
  measureFields,
  needsField,
  switchSource,
} from "../../lib/reports/client/config-edit.ts";
import type {
  CatalogField,
  CatalogSource,
  ChartType,
  DatePreset,
  FilterOp,
  MeasureFn,
  Period,
  ReportConfig,
  ReportFilter,
} from "../../lib/reports/client/types.ts";

export interface BuilderFieldsProps {
  config: ReportConfig;
  onChange: (next: ReportConfig) => void;
  catalog: CatalogSource[];
  disabled: boolean;
}

const OP_LABELS: Record<FilterOp, string> = {
  eq: "is",
  neq: "is not",
  in: "is one of",
  gt: ">",
  gte: "≥",
  lt: "<",
  lte: "≤",
  contains: "contains",
  is_null: "is empty",
  not_null: "is set",
};
const PERIODS: Period[] = ["day", "week", "month", "quarter"];
const PRESETS: Record<DatePreset, string> = {
  last_7_days: "Last 7 days",
  last_30_days: "Last 30 days",
  this_month: "This month",
  last_month: "Last month",
  this_quarter: "This quarter",
  this_year: "This year",
  all_time: "All time",
};
const CHARTS = Object.keys(CHART_LABELS) as ChartType[];

const options = (fields: CatalogField[]) => fields.map((f) => ({ value: f.key, label: f.label }));
const value = (event: Event) => (event.currentTarget as HTMLInputElement | HTMLSelectElement).value;

function FilterValue({ filter, field, onChange, disabled, id }: {
  filter: ReportFilter;
  field: CatalogField | undefined;
  onChange: (value: unknown) => void;
  disabled: boolean;
  id: string;
}) {
  if (filter.op === "is_null" || filter.op === "not_null") return null;
  const current = Array.isArray(filter.value) ? filter.value.join(", ") : String(filter.value ?? "");
  if (field?.values.length && filter.op !== "in" && filter.op !== "contains") {
    return (
      <Select
        id={id}
        size="sm"
        aria-label="Value"
        disabled={disabled}
        placeholder="Choose…"
        value={current}
        options={field.values}
        onChange={(e) => onChange(value(e))}
      />
    );
  }
  const numeric = field && ["number", "money", "integer", "percent", "duration"].includes(field.type);
  return (
    <input
      id={id}
      class="input input-sm"
      aria-label={filter.op === "in" ? "Values, separated by commas" : "Value"}
      type={isDateField(field) ? "date" : numeric && filter.op !== "in" ? "number" : "text"}
      placeholder={filter.op === "in" ? "a, b, c" : ""}
      disabled={disabled}
      value={current}
      onChange={(e) => {
        const raw = value(e);
        if (filter.op === "in") onChange(raw.split(",").map((v) => v.trim()).filter(Boolean));
        else onChange(numeric && raw !== "" ? Number(raw) : raw);
      }}
    />
  );
}

export function BuilderFields({ config: c, onChange, catalog, disabled }: BuilderFieldsProps) {
  const source = catalog.find((s) => s.name === c.source);
  const fields = source?.fields ?? [];
  const set = (patch: Partial<ReportConfig>) => onChange({ ...c, ...patch });
  const dates = dateFields(source);

  return (
    <div class="report-fields">
      <Select
        id="report-source"
        label="Source"
        disabled={disabled}
        value={c.source}
        options={catalog.map((s) => ({ value: s.name, label: s.label }))}
        onChange={(e) => {
          const next = catalog.find((s) => s.name === value(e));
          if (next) onChange(switchSource(c, next));
        }}
      />
      {source?.message && <p class="text-sm muted">{source.message}</p>}

      <fieldset class="report-fieldset">
        <legend>Date range</legend>
        <div class="report-row">
          <Select
            id="report-date-field"
            size="sm"
            aria-label="Date field"
            disabled={disabled || dates.length === 0}
            placeholder="Any date"
            value={c.dateRange?.field ?? ""}
            options={options(dates)}
            onChange={(e) => {
              const field = value(e);
              set({ dateRange: field ? { field, preset: c.dateRange?.preset ?? "last_30_days" } : undefined });
            }}
          />
          {c.dateRange && (
            <Select
              id="report-date-preset"
              size="sm"
              aria-label="Period"
              disabled={disabled}
              value={c.dateRange.preset ?? "last_30_days"}
              options={Object.entries(PRESETS).map(([v, label]) => ({ value: v, label }))}
              onChange={(e) => set({ dateRange: { field: c.dateRange!.field, preset: value(e) as DatePreset } })}
            />
          )}
        </div>
        <label class="report-check">
          <input
            type="checkbox"
            disabled={disabled || !c.dateRange || c.dateRange.preset === "all_time"}
            checked={c.compare === "previous_period"}
            onChange={(e) => set({ compare: e.currentTarget.checked ? "previous_period" : undefined })}
          />
          Compare to the previous period
        </label>
      </fieldset>

      <fieldset class="report-fieldset">
        <legend>Filters</legend>
        {c.filters.map((filter, i) => {
          const field = fields.find((f) => f.key === filter.field);
          const update = (patch: Partial<ReportFilter>) =>
            set({ filters: c.filters.map((f, j) => j === i ? { ...f, ...patch } : f) });
          return (
            <div class="report-row" key={i}>
              <Select
                id={`report-filter-field-${i}`}
                size="sm"
                aria-label="Field"
                disabled={disabled}
                value={filter.field}
                options={options(fields)}
                onChange={(e) => {
                  const next = fields.find((f) => f.key === value(e));
                  update({ field: value(e), op: next?.ops[0] ?? "eq", value: undefined });
                }}
              />
              <Select
                id={`report-filter-op-${i}`}
                size="sm"
                aria-label="Condition"
                disabled={disabled}
                value={filter.op}
                options={(field?.ops ?? ["eq"]).map((op) => ({ value: op, label: OP_LABELS[op] }))}
                onChange={(e) => update({ op: value(e) as FilterOp, value: undefined })}
              />
              <FilterValue
                id={`report-filter-value-${i}`}
                filter={filter}
                field={field}
                disabled={disabled}
                onChange={(v) => update({ value: v })}
              />
              <RemoveButton
                label={`Remove filter on ${field?.label ?? filter.field}`}
                disabled={disabled}
                onClick={() => set({ filters: c.filters.filter((_, j) => j !== i) })}
              />
            </div>
          );
        })}
        <AddButton
          label="Add filter"
          disabled={disabled || fields.length === 0 || c.filters.length >= 10}
          onClick={() => set({ filters: [...c.filters, { field: fields[0].key, op: fields[0].ops[0] ?? "eq" }] })}
        />
      </fieldset>

      <fieldset class="report-fieldset">
        <legend>Group by</legend>
        {c.groupBy.map((group, i) => {
          const field = fields.find((f) => f.key === group.field);
          const update = (patch: Partial<typeof group>) =>
            set({ groupBy: c.groupBy.map((g, j) => j === i ? { ...g, ...patch } : g) });
          return (
            <div class="report-row" key={i}>
              <Select
                id={`report-group-${i}`}
                size="sm"
                aria-label={i === 0 ? "Group by" : "Then by"}
                disabled={disabled}
                value={group.field}
                options={options(groupableFields(source))}
                onChange={(e) => {
                  const next = fields.find((f) => f.key === value(e));
                  update({ field: value(e), period: isDateField(next) ? "month" : undefined });
                }}
              />
              {isDateField(field) && (
                <Select
                  id={`report-group-period-${i}`}
                  size="sm"
                  aria-label="Period"
                  disabled={disabled}
                  value={group.period ?? "month"}
                  options={PERIODS.map((p) => ({ value: p, label: `by ${p}` }))}
                  onChange={(e) => update({ period: value(e) as Period })}
                />
              )}
              <RemoveButton
                label={`Remove group by ${field?.label ?? group.field}`}
                disabled={disabled}
                onClick={() => set({ groupBy: c.groupBy.filter((_, j) => j !== i) })}
              />
            </div>
          );
        })}
        <AddButton
          label="Add group"
          disabled={disabled || c.groupBy.length >= 2 || groupableFields(source).length === 0}
          onClick={() => {
            const field = groupableFields(source).find((f) => !c.groupBy.some((g) => g.field === f.key));
            if (field) {
              set({
                groupBy: [...c.groupBy, { field: field.key, ...(isDateField(field) && { period: "month" }) }],
              });
            }
          }}
        />
      </fieldset>

      <fieldset class="report-fieldset">
        <legend>Measures</legend>
        {c.measures.map((measure, i) => {
          const update = (fn: MeasureFn, field?: string) =>
            set({ measures: c.measures.map((m, j) => j === i ? { fn, ...(field ? { field } : {}) } : m) });
          return (
            <div class="report-row" key={i}>
              <Select
                id={`report-measure-${i}`}
                size="sm"
                aria-label="Measure"
                disabled={disabled}
                value={measure.fn}
                options={measureChoices(source).map((fn) => ({ value: fn, label: MEASURE_LABELS[fn] }))}
                onChange={(e) => {
                  const fn = value(e) as MeasureFn;
                  update(fn, needsField(fn) ? measureFields(source, fn)[0]?.key : undefined);
                }}
              />
              {needsField(measure.fn) && (
                <Select
                  id={`report-measure-field-${i}`}
                  size="sm"
                  aria-label="Of field"
                  disabled={disabled}
                  value={measure.field ?? ""}
                  options={options(measureFields(source, measure.fn))}
                  onChange={(e) => update(measure.fn, value(e))}
                />
              )}
              {c.measures.length > 1 && (
                <RemoveButton
                  label={`Remove measure ${MEASURE_LABELS[measure.fn]}`}
                  disabled={disabled}
                  onClick={() => set({ measures: c.measures.filter((_, j) => j !== i) })}
                />
              )}
            </div>
          );
        })}
        <AddButton
          label="Add measure"
          disabled={disabled || c.measures.length >= 4}
          onClick={() => set({ measures: [...c.measures, { fn: "count" }] })}
        />
      </fieldset>

      <fieldset class="report-fieldset">
        <legend>Chart</legend>
        <div class="report-chart-types" role="radiogroup" aria-label="Chart type">
          {CHARTS.map((type) => (
            <label key={type} class={`chip${c.chart.type === type ? " is-active" : ""}`}>
              <input
                type="radio"
                class="visually-hidden"
                name="report-chart-type"
                value={type}
                disabled={disabled}
                checked={c.chart.type === type}
                onChange={() => set({ chart: { type } })}
              />
              {CHART_LABELS[type]}
            </label>
          ))}
        </div>
      </fieldset>
    </div>
  );
}

function AddButton({ label, disabled, onClick }: { label: string; disabled: boolean; onClick: () => void }) {
  return (
    <button type="button" class="btn btn-ghost btn-sm report-add" disabled={disabled} onClick={onClick}>
      <Icon name="plus" size="sm" /> {label}
    </button>
  );
}

function RemoveButton({ label, disabled, onClick }: { label: string; disabled: boolean; onClick: () => void }) {
  return (
    <button
      type="button"
      class="btn btn-ghost btn-sm btn-icon"
      aria-label={label}
      disabled={disabled}
      onClick={onClick}
    >
      <Icon name="x" size="sm" />
    </button>
  );
}
