// Ready-made dashboards: each a list of widgets with their report configs on the 12-column grid, and the
// default dashboard each role gets on its first visit (owners, admins and managers: pipeline and forecast;
// reps and viewers: their own activities and tasks).
import type { TeamRole } from "../db/claims.ts";
import type { ReportConfigInput } from "./config.ts";

export interface TemplateWidget {
  id: string;
  title: string;
  config: ReportConfigInput;
  x: number;
  y: number;
  w: number;
  h: number;
}

export interface DashboardTemplate {
  id: string;
  name: string;
  description: string;
  widgets: TemplateWidget[];
}

type Filter = NonNullable<ReportConfigInput["filters"]>[number];
const openDeals: Filter = { field: "status", op: "eq", value: "open" };
const closedDeals: Filter = { field: "status", op: "in", value: ["won", "lost"] };
const workActivities: Filter = { field: "type", op: "in", value: ["call", "email", "meeting", "note"] };

const pipelineByStage: TemplateWidget[] = [
  {
    id: "open-value",
    title: "Open pipeline value",
    config: {
      source: "deals",
      filters: [openDeals],
      measures: [{ fn: "sum", field: "value" }],
      chart: { type: "kpi" },
    },
    x: 0,
    y: 0,
    w: 4,
    h: 2,
  },
  {
    id: "open-count",
    title: "Open deals",
    config: { source: "deals", filters: [openDeals], measures: [{ fn: "count" }], chart: { type: "kpi" } },
    x: 4,
    y: 0,
    w: 4,
    h: 2,
  },
  {
    id: "weighted-value",
    title: "Weighted pipeline",
    config: {
      source: "deals",
      filters: [openDeals],
      measures: [{ fn: "sum", field: "weighted_value" }],
      chart: { type: "kpi" },
    },
    x: 8,
    y: 0,
    w: 4,
    h: 2,
  },
  {
    id: "value-by-stage",
    title: "Pipeline by stage",
    config: {
      source: "deals",
      filters: [openDeals],
      groupBy: [{ field: "stage" }],
      measures: [{ fn: "sum", field: "value" }, { fn: "count" }],
      chart: { type: "bar" },
    },
    x: 0,
    y: 2,
    w: 12,
    h: 4,
  },
];

const forecast: TemplateWidget = {
  id: "forecast-by-month",
  title: "Weighted forecast by expected close month",
  config: {
    source: "deals",
    filters: [openDeals, { field: "expected_close_date", op: "not_null" }],
    groupBy: [{ field: "expected_close_date", period: "month" }],
    measures: [{ fn: "sum", field: "weighted_value" }, { fn: "sum", field: "value" }],
    chart: { type: "bar" },
    limit: 24,
  },
  x: 0,
  y: 6,
  w: 12,
  h: 4,
};

export const DASHBOARD_TEMPLATES: readonly DashboardTemplate[] = [
  {
    id: "sales_funnel",
    name: "Sales funnel",
    description: "Leads through each status and deals through each stage.",
    widgets: [
      {
        id: "lead-funnel",
        title: "Leads by status",
        config: {
          source: "leads",
          groupBy: [{ field: "status" }],
          measures: [{ fn: "count" }],
          chart: { type: "funnel" },
        },
        x: 0,
        y: 0,
        w: 6,
        h: 4,
      },
      {
        id: "deal-funnel",
        title: "Deals by stage",
        config: {
          source: "deals",
          groupBy: [{ field: "stage" }],
          measures: [{ fn: "count" }],
          chart: { type: "funnel" },
        },
        x: 6,
        y: 0,
        w: 6,
        h: 4,
      },
      {
        id: "lead-conversion",
        title: "Lead conversion rate",
        config: { source: "leads", measures: [{ fn: "conversion_rate" }], chart: { type: "kpi" } },
        x: 0,
        y: 4,
        w: 6,
        h: 2,
      },
      {
        id: "win-rate",
        title: "Win rate of closed deals",
        config: {
          source: "deals",
          filters: [closedDeals],
          measures: [{ fn: "conversion_rate" }],
          chart: { type: "kpi" },
        },
        x: 6,
        y: 4,
        w: 6,
        h: 2,
      },
    ],
  },
  {
    id: "pipeline_by_stage",
    name: "Pipeline by stage",
    description: "Open deals' value and count in each stage.",
    widgets: pipelineByStage,
  },
  {
    id: "weighted_forecast",
    name: "Weighted forecast by month",
    description: "Open deals' value times their probability, by the month they are expected to close.",
    widgets: [{ ...forecast, y: 0 }],
  },
  {
    id: "win_loss",
    name: "Win/loss with reasons",
    description: "Won against lost deals, the win rate, and why deals were won or lost.",
    widgets: [
      {
        id: "won-lost",
        title: "Won and lost deals",
        config: {
          source: "deals",
          filters: [closedDeals],
          groupBy: [{ field: "status" }],
          measures: [{ fn: "count" }],
          chart: { type: "doughnut" },
        },
        x: 0,
        y: 0,
        w: 6,
        h: 4,
      },
      {
        id: "win-rate",
        title: "Win rate",
        config: {
          source: "deals",
          filters: [closedDeals],
          measures: [{ fn: "conversion_rate" }],
          chart: { type: "kpi" },
        },
        x: 6,
        y: 0,
        w: 6,
        h: 4,
      },
      {
        id: "loss-reasons",
        title: "Why deals were lost",
        config: {
          source: "deals",
          filters: [{ field: "status", op: "eq", value: "lost" }],
          groupBy: [{ field: "loss_reason" }],
          measures: [{ fn: "count" }],
          chart: { type: "bar" },
          limit: 15,
        },
        x: 0,
        y: 4,
        w: 6,
        h: 4,
      },
      {
        id: "win-reasons",
        title: "Why deals were won",
        config: {
          source: "deals",
          filters: [{ field: "status", op: "eq", value: "won" }],
          groupBy: [{ field: "win_reason" }],
          measures: [{ fn: "count" }],
          chart: { type: "bar" },
          limit: 15,
        },
        x: 6,
        y: 4,
        w: 6,
        h: 4,
      },
    ],
  },
  {
    id: "deal_velocity",
    name: "Deal velocity",
    description: "How long deals spend in each stage they pass through, and how long open deals have sat in theirs.",
    widgets: [
      {
        // every stay in every open stage, from the stage history (deals that moved on count too)
        id: "days-per-stage",
        title: "Average days per stage",
        config: {
          source: "deal_stages",
          filters: [{ field: "stage_kind", op: "eq", value: "open" }],
          groupBy: [{ field: "stage" }],
          measures: [{ fn: "time_in_stage" }],
          chart: { type: "bar" },
        },
        x: 0,
        y: 0,
        w: 12,
        h: 4,
      },
      {
        id: "current-stage",
        title: "Open deals: days in their current stage",
        config: {
          source: "deals",
          filters: [openDeals],
          groupBy: [{ field: "stage" }],
          measures: [{ fn: "time_in_stage" }],
          chart: { type: "bar" },
        },
        x: 0,
        y: 4,
        w: 12,
        h: 4,
      },
    ],
  },
  {
    id: "activities_per_rep",
    name: "Activities per rep",
    description: "Calls, emails, meetings and notes each person logged in the last 30 days.",
    widgets: [
      {
        id: "per-rep",
        title: "Activities per rep (30 days)",
        config: {
          source: "activities",
          filters: [workActivities],
          dateRange: { preset: "last_30_days" },
          groupBy: [{ field: "actor" }, { field: "type" }],
          measures: [{ fn: "count" }],
          chart: { type: "stacked_bar" },
        },
        x: 0,
        y: 0,
        w: 12,
        h: 4,
      },
      {
        id: "per-week",
        title: "Activities per week (this quarter)",
        config: {
          source: "activities",
          filters: [workActivities],
          dateRange: { preset: "this_quarter" },
          groupBy: [{ field: "occurred_at", period: "week" }],
          measures: [{ fn: "count" }],
          chart: { type: "line" },
        },
        x: 0,
        y: 4,
        w: 12,
        h: 4,
      },
    ],
  },
  {
    id: "lead_source_attribution",
    name: "Lead source attribution",
    description: "Where leads come from and how many of each source convert.",
    widgets: [
      {
        id: "leads-by-source",
        title: "Leads by source",
        config: {
          source: "leads",
          groupBy: [{ field: "source" }],
          measures: [{ fn: "count" }],
          chart: { type: "pie" },
          limit: 12,
        },
        x: 0,
        y: 0,
        w: 6,
        h: 4,
      },
      {
        id: "conversion-by-source",
        title: "Conversion rate by source",
        config: {
          source: "leads",
          groupBy: [{ field: "source" }],
          measures: [{ fn: "conversion_rate" }, { fn: "count" }],
          chart: { type: "bar" },
          limit: 12,
        },
        x: 6,
        y: 0,
        w: 6,
        h: 4,
      },
    ],
  },
  {
    id: "sequence_performance",
    name: "Sequence performance",
    description: "Email sequences: empty until the outreach feature exists.",
    widgets: [
      {
        id: "sequences",
        title: "Sequences",
        config: { source: "sequences", measures: [{ fn: "count" }], chart: { type: "kpi" } },
        x: 0,
        y: 0,
        w: 12,
        h: 2,
      },
    ],
  },
  {
    id: "task_completion",
    name: "Task completion",
    description: "Tasks done on time per person and by status.",
    widgets: [
      {
        id: "completion-by-assignee",
        title: "Completion rate by assignee",
        config: {
          source: "tasks",
          groupBy: [{ field: "assignee" }],
          measures: [{ fn: "conversion_rate" }, { fn: "count" }],
          chart: { type: "bar" },
        },
        x: 0,
        y: 0,
        w: 6,
        h: 4,
      },
      {
        id: "tasks-by-status",
        title: "Tasks by status",
        config: {
          source: "tasks",
          groupBy: [{ field: "status" }],
          measures: [{ fn: "count" }],
          chart: { type: "doughnut" },
        },
        x: 6,
        y: 0,
        w: 6,
        h: 4,
      },
      {
        id: "completed-per-week",
        title: "Tasks completed per week (this quarter)",
        config: {
          source: "tasks",
          dateRange: { field: "completed_at", preset: "this_quarter" },
          groupBy: [{ field: "completed_at", period: "week" }],
          measures: [{ fn: "count" }],
          chart: { type: "line" },
        },
        x: 0,
        y: 4,
        w: 12,
        h: 4,
      },
    ],
  },
];

export function templateById(id: string): DashboardTemplate | undefined {
  return DASHBOARD_TEMPLATES.find((t) => t.id === id);
}

const MY_WORK: TemplateWidget[] = [
  {
    id: "my-activities",
    title: "My activities per week (this quarter)",
    config: {
      source: "activities",
      filters: [{ field: "actor", op: "eq", value: "me" }, workActivities],
      dateRange: { preset: "this_quarter" },
      groupBy: [{ field: "occurred_at", period: "week" }],
      measures: [{ fn: "count" }],
      chart: { type: "line" },
    },
    x: 0,
    y: 0,
    w: 8,
    h: 4,
  },
  {
    id: "my-open-tasks",
    title: "My open tasks",
    config: {
      source: "tasks",
      filters: [{ field: "assignee", op: "eq", value: "me" }, {
        field: "status",
        op: "in",
        value: ["todo", "in_progress"],
      }],
      measures: [{ fn: "count" }],
      chart: { type: "kpi" },
    },
    x: 8,
    y: 0,
    w: 4,
    h: 2,
  },
  {
    id: "my-tasks-by-status",
    title: "My tasks by status",
    config: {
      source: "tasks",
      filters: [{ field: "assignee", op: "eq", value: "me" }],
      groupBy: [{ field: "status" }],
      measures: [{ fn: "count" }],
      chart: { type: "doughnut" },
    },
    x: 8,
    y: 2,
    w: 4,
    h: 4,
  },
];

/** The dashboard a person gets on their first visit, by role. */
export function defaultDashboardFor(role: TeamRole): { name: string; widgets: TemplateWidget[] } {
  if (role === "owner" || role === "admin" || role === "manager") {
    return { name: "Pipeline and forecast", widgets: [...pipelineByStage, forecast] };
  }
  return { name: "My work", widgets: MY_WORK };
}
