// The records table of a list: sortable headers (links, so they work without JavaScript), a sticky
// first column holding the selection checkbox and the record's name, and one memoised row per record
// so selecting one row re-renders only that row, however many pages are loaded. On phones the same
// table shows as a stack of cards (static/styles/mobile.css), each cell labelled by its column.
import { memo } from "preact/compat";
import { Avatar } from "../ui/Avatar.tsx";
import { Badge } from "../ui/Badge.tsx";
import { Icon } from "../ui/Icon.tsx";
import { cx } from "../ui/cx.ts";
import { LeadStatusBadge } from "../leads/LeadStatusBadge.tsx";
import { type ColumnDef, type ListConfig, type ListRow, recordName, recordSubtitle } from "../../lib/list/columns.ts";
import { compactMoney } from "../../lib/deals/client/board.ts";

const DATE_FORMAT = new Intl.DateTimeFormat("en", { timeZone: "UTC", year: "numeric", month: "short", day: "numeric" });
const MONEY_FORMAT = new Intl.NumberFormat("en", { notation: "compact", maximumFractionDigits: 1 });

export interface SortHeader {
  direction: "asc" | "desc" | null;
  href: string;
}

export interface ListTableProps {
  config: ListConfig;
  columns: ColumnDef[];
  rows: ListRow[];
  ownerNames: Record<string, string>;
  /** Per sortable column key: the current direction and the URL of the next sort. */
  sorts: Record<string, SortHeader>;
  selected: Set<string>;
  allSelected: boolean;
  someSelected: boolean;
  /** Skeleton rows instead of data (a new filter is loading). */
  loading: boolean;
  interactive: boolean;
  onSort(sortKey: string, kind: string, event: MouseEvent): void;
  onToggle(id: string, index: number, shift: boolean): void;
  onToggleAll(): void;
  onOpen(id: string): void;
}

function scoreTone(score: number) {
  return score >= 70 ? "success" : score >= 40 ? "warning" : "neutral";
}

function Cell({ column, row, ownerNames }: { column: ColumnDef; row: ListRow; ownerNames: Record<string, string> }) {
  const value = row[column.key];
  if (value === null || value === undefined || value === "" || (Array.isArray(value) && value.length === 0)) {
    return <span class="list-cell-empty" aria-label="empty">—</span>;
  }
  switch (column.kind) {
    case "email":
      return <a href={`mailto:${value}`} class="list-link">{String(value)}</a>;
    case "number":
      return <Badge tone={scoreTone(Number(value))} class="tabular">{String(value)}</Badge>;
    case "status":
      return <LeadStatusBadge status={String(value)} />;
    case "money":
      // A deal's value in its own currency ("€42K", not a bare "42K" that reads as the base currency).
      return (
        <span class="tabular">
          {typeof row.currency === "string" && row.currency.trim()
            ? compactMoney(Number(value), row.currency.trim())
            : MONEY_FORMAT.format(Number(value))}
        </span>
      );
    case "date":
      return <time dateTime={String(value)}>{DATE_FORMAT.format(new Date(String(value)))}</time>;
    case "tags": {
      const tags = value as string[];
      return (
        <span class="list-tags">
          {tags.slice(0, 3).map((tag) => <Badge key={tag} outline>{tag}</Badge>)}
          {tags.length > 3 && <span class="subtle text-xs">+{tags.length - 3}</span>}
        </span>
      );
    }
    case "owner": {
      const name = ownerNames[String(value)] ?? "Former member";
      return (
        <span class="list-owner">
          <Avatar name={name} size="xs" />
          <span class="truncate">{name}</span>
        </span>
      );
    }
    default:
      return <span class="truncate">{String(value)}</span>;
  }
}

interface RowProps {
  config: ListConfig;
  columns: ColumnDef[];
  row: ListRow;
  index: number;
  selected: boolean;
  ownerNames: Record<string, string>;
  interactive: boolean;
  onToggle(id: string, index: number, shift: boolean): void;
  onOpen(id: string): void;
}

const Row = memo(function Row(props: RowProps) {
  const { config, columns, row, index, selected, ownerNames, interactive } = props;
  const name = recordName(row);
  const sub = recordSubtitle(config.resource, row);
  const href = `/${config.resource}/${row.id}`;
  const onClick = (event: MouseEvent) => {
    // Links, checkboxes and buttons inside the row do their own thing.
    if ((event.target as Element).closest("a, button, input, label, select")) return;
    if (globalThis.getSelection()?.toString()) return;
    props.onOpen(row.id);
  };
  return (
    <tr class={cx("list-row", selected && "is-selected")} onClick={onClick} data-id={row.id}>
      {columns.map((column) =>
        column.kind === "name"
          ? (
            <th scope="row" class="list-cell-name" key={column.key}>
              <div class="list-name">
                <input
                  type="checkbox"
                  class="list-check"
                  checked={selected}
                  disabled={!interactive}
                  aria-label={`Select ${name}`}
                  onClick={(event) => props.onToggle(row.id, index, (event as MouseEvent).shiftKey)}
                />
                <Avatar name={name} size="sm" square={config.resource === "companies"} />
                <span class="cell-primary-text">
                  <a class="cell-primary-title list-name-link" href={href}>{name}</a>
                  {sub && <span class="cell-primary-sub truncate">{sub}</span>}
                </span>
              </div>
            </th>
          )
          : (
            // data-label: on phones each row is a card whose cells name their column (static/styles/mobile.css).
            <td key={column.key} class={cx(`list-cell-${column.kind}`)} data-label={column.label}>
              <Cell column={column} row={row} ownerNames={ownerNames} />
            </td>
          )
      )}
    </tr>
  );
});

function SkeletonRows({ columns, count }: { columns: ColumnDef[]; count: number }) {
  return (
    <>
      {Array.from({ length: count }, (_, i) => (
        <tr key={`s${i}`} class="list-row-skeleton" aria-hidden="true">
          {columns.map((column) =>
            column.kind === "name"
              ? (
                <th key={column.key} class="list-cell-name">
                  <div class="list-name">
                    <span class="skeleton list-skeleton-check" />
                    <span class="skeleton list-skeleton-avatar" />
                    <span class="skeleton list-skeleton-text list-skeleton-wide" />
                  </div>
                </th>
              )
              : (
                <td key={column.key}>
                  <span class="skeleton list-skeleton-text" />
                </td>
              )
          )}
        </tr>
      ))}
    </>
  );
}

export function ListTable(props: ListTableProps) {
  const { config, columns, rows, sorts, selected, loading, interactive } = props;
  return (
    <div class="table-wrap list-table-wrap">
      <table class="table list-table" aria-label={config.plural[0].toUpperCase() + config.plural.slice(1)}>
        <thead>
          <tr>
            {columns.map((column) => {
              const sort = column.sort ? sorts[column.sort] : undefined;
              const ariaSort = sort?.direction === "asc"
                ? "ascending"
                : sort?.direction === "desc"
                ? "descending"
                : undefined;
              const label = sort
                ? (
                  <a
                    class={cx("list-sort", sort.direction && "is-sorted")}
                    href={sort.href}
                    onClick={(event) => props.onSort(column.sort!, column.kind, event as unknown as MouseEvent)}
                  >
                    {column.label}
                    <Icon
                      name={sort.direction === "asc"
                        ? "chevron-down"
                        : sort.direction === "desc"
                        ? "chevron-down"
                        : "selector"}
                      size="sm"
                      class={cx("list-sort-icon", sort.direction === "asc" && "is-asc")}
                    />
                  </a>
                )
                : column.label;
              return column.kind === "name"
                ? (
                  <th key={column.key} scope="col" class="list-cell-name" aria-sort={ariaSort}>
                    <div class="list-name">
                      <input
                        type="checkbox"
                        class="list-check"
                        checked={props.allSelected}
                        indeterminate={props.someSelected && !props.allSelected}
                        disabled={!interactive || rows.length === 0}
                        aria-label="Select all loaded"
                        onClick={() => props.onToggleAll()}
                      />
                      {label}
                    </div>
                  </th>
                )
                : (
                  <th key={column.key} scope="col" aria-sort={ariaSort} class={`list-cell-${column.kind}`}>
                    {label}
                  </th>
                );
            })}
          </tr>
        </thead>
        <tbody>
          {loading ? <SkeletonRows columns={columns} count={Math.min(8, Math.max(rows.length, 5))} /> : rows.map((
            row,
            index,
          ) => (
            <Row
              key={row.id}
              config={config}
              columns={columns}
              row={row}
              index={index}
              selected={selected.has(row.id)}
              ownerNames={props.ownerNames}
              interactive={interactive}
              onToggle={props.onToggle}
              onOpen={props.onOpen}
            />
          ))}
        </tbody>
      </table>
    </div>
  );
}
