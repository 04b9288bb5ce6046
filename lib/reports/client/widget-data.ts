// Data for dashboard widgets: all of a dashboard's at once on load (one request, run in parallel on the
// server), then one widget at a time when a live change affects it (its saved report's data, or its inline
// config run as is).
import { call as request } from "./api.ts";
import type { ReportResult, Widget } from "./types.ts";

export type WidgetData = { result: ReportResult; error?: undefined } | { result?: undefined; error: string };

/** `{ widgets: { [id]: result } }`; a widget whose report failed may carry `{ error: { message } }`. */
export async function loadDashboardData(dashboardId: string): Promise<Record<string, WidgetData>> {
  const answer = await request<{ widgets?: Record<string, unknown> }>("GET", `/api/v1/dashboards/${dashboardId}/data`);
  if (!answer.ok) throw new Error(answer.error ?? "The dashboard's data could not be loaded.");
  const out: Record<string, WidgetData> = {};
  for (const [id, value] of Object.entries(answer.body?.widgets ?? {})) out[id] = asWidgetData(value);
  return out;
}

function asWidgetData(value: unknown): WidgetData {
  const item = value as { columns?: unknown; error?: { message?: string } | string; result?: unknown } | null;
  if (item?.columns) return { result: item as ReportResult };
  if (item?.result) return asWidgetData(item.result);
  const error = typeof item?.error === "string" ? item.error : item?.error?.message;
  return { error: error ?? "This widget could not be loaded." };
}

export async function loadWidgetData(widget: Widget): Promise<WidgetData> {
  const answer = widget.reportId
    ? await request<ReportResult>("GET", `/api/v1/reports/${widget.reportId}/data`)
    : await request<ReportResult>("POST", "/api/v1/reports/run", { config: widget.config });
  return answer.ok && answer.body ? asWidgetData(answer.body) : { error: answer.error ?? "Could not load." };
}
