// One widget on the dashboard grid: a title bar to drag it by, a remove button, its chart, and a corner to
// resize it. Focusable: arrow keys move it, Shift+arrows resize it (the island handles the keys).
import type { JSX } from "preact";
import ReportChart from "../../islands/ReportChart.tsx";
import { Icon } from "../ui/Icon.tsx";
import type { ChartType, Widget } from "../../lib/reports/client/types.ts";
import type { WidgetData } from "../../lib/reports/client/widget-data.ts";

export interface DashboardWidgetProps {
  widget: Widget;
  type: ChartType;
  data: WidgetData | undefined;
  editable: boolean;
  dragging: boolean;
  /** Set briefly after a live refresh, for a highlight. */
  refreshed: boolean;
  onMoveStart: (event: PointerEvent) => void;
  onResizeStart: (event: PointerEvent) => void;
  onKeyDown: (event: KeyboardEvent) => void;
  onRemove: () => void;
}

export function DashboardWidget(props: DashboardWidgetProps) {
  const { widget } = props;
  const style: JSX.CSSProperties = {
    gridColumn: `${widget.x + 1} / span ${widget.w}`,
    gridRow: `${widget.y + 1} / span ${widget.h}`,
  };
  const classes = ["dash-widget", "card", props.dragging && "is-dragging", props.refreshed && "is-refreshed"];
  return (
    <section
      class={classes.filter(Boolean).join(" ")}
      style={style}
      tabIndex={props.editable ? 0 : undefined}
      aria-label={props.editable
        ? `${widget.title}. Arrow keys move it, Shift and arrow keys resize it.`
        : widget.title}
      aria-roledescription="widget"
      data-widget-id={widget.id}
      data-layout={`${widget.x},${widget.y},${widget.w},${widget.h}`}
      onKeyDown={props.onKeyDown}
    >
      <header
        class={`dash-widget-header${props.editable ? " is-draggable" : ""}`}
        onPointerDown={props.editable ? props.onMoveStart : undefined}
      >
        <h2 class="dash-widget-title">
          {widget.reportId ? <a href={`/reports/${widget.reportId}`}>{widget.title}</a> : widget.title}
        </h2>
        {props.editable && (
          <button
            type="button"
            class="btn btn-ghost btn-sm btn-icon dash-widget-remove"
            aria-label={`Remove ${widget.title}`}
            onPointerDown={(e) => e.stopPropagation()}
            onClick={props.onRemove}
          >
            <Icon name="x" size="sm" />
          </button>
        )}
      </header>
      <div class="dash-widget-body">
        <ReportChart
          result={props.data?.result ?? null}
          error={props.data?.error ?? null}
          type={props.type}
          title={widget.title}
        />
      </div>
      {props.editable && (
        <span
          class="dash-widget-resize"
          aria-hidden="true"
          title="Drag to resize"
          onPointerDown={props.onResizeStart}
        />
      )}
    </section>
  );
}
