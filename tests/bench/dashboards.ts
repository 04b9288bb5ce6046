// dashboards: every template dashboard's widgets run together (as the dashboard data endpoint runs them, in
// parallel, as the caller under RLS) on the large seed (100k contacts, 20k deals, 50k activities), and one
// report on its own (open pipeline by stage). Server time: the domain call, no HTTP. The first-run figure is
// each template's load right after every rollup day was marked out of date (what a large import leaves).
import type { Caller } from "../../lib/caller.ts";
import { parseReportConfig } from "../../lib/reports/config.ts";
import { runReport } from "../../lib/reports/query.ts";
import { DASHBOARD_TEMPLATES } from "../../lib/reports/templates.ts";
import { largeWorkspace, sample } from "./large.ts";
import { type BenchResult, percentile, result } from "./results.ts";
import { dashboards100k } from "./dashboards_100k.ts";
import { markAllRollupDaysStale, seedStageHistory } from "./dashboards_state.ts";

const RUNS = 30;
/** First runs per template: each starts from every rollup day stale, so each pays the catch-up. */
const FIRST_RUNS = 8;
/** BENCH_ROLLUPS=off measures the raw queries alone (the before/after comparison). */
const RUN_OPTIONS = { rollups: Deno.env.get("BENCH_ROLLUPS") !== "off" };

export async function dashboards(): Promise<BenchResult[]> {
  const { db, claims, teamId } = await largeWorkspace();
  const caller: Caller = { db, claims, teamId, role: "owner" };
  const seeded = await seedStageHistory(db, teamId);
  if (seeded) console.log(`dashboards: wrote ${seeded} stage stays for the large seed's deals (once)`);
  const loadTemplate = (template: typeof DASHBOARD_TEMPLATES[number]) =>
    Promise.all(
      template.widgets.map((w) => runReport(caller, parseReportConfig(w.config), undefined, RUN_OPTIONS)),
    );
  const perTemplate: Record<string, number> = {};
  for (const template of DASHBOARD_TEMPLATES) {
    perTemplate[template.id] = percentile(await sample(RUNS, () => loadTemplate(template)), 95);
  }
  const firstRun: Record<string, number> = {};
  for (const template of DASHBOARD_TEMPLATES) {
    const times: number[] = [];
    for (let i = 0; i < FIRST_RUNS; i++) {
      await markAllRollupDaysStale(db, teamId);
      const started = performance.now();
      await loadTemplate(template);
      times.push(performance.now() - started);
    }
    firstRun[template.id] = percentile(times, 95);
  }
  console.table(
    Object.entries(perTemplate).map(([template, p95]) => ({
      template,
      p95_ms: Math.round(p95 * 10) / 10,
      first_run_p95_ms: Math.round(firstRun[template] * 10) / 10,
    })),
  );

  const single = parseReportConfig({
    source: "deals",
    filters: [{ field: "status", op: "eq", value: "open" }],
    groupBy: [{ field: "stage" }],
    measures: [{ fn: "sum", field: "value" }, { fn: "count" }],
    chart: { type: "bar" },
  });
  const reportTimes = await sample(RUNS * 2, async () => {
    const out = await runReport(caller, single, undefined, RUN_OPTIONS);
    if (out.totals?.count !== 20_000) throw new Error(`expected 20,000 open deals, got ${out.totals?.count}`);
  });
  const at100k = await dashboards100k(RUNS);
  return [
    result("dashboards", "template_p95_ms", Math.max(...Object.values(perTemplate)), "ms", 300),
    result("dashboards", "report_p95_ms", percentile(reportTimes, 95), "ms", 100),
    result("dashboards", "template_p95_ms_first_run", Math.max(...Object.values(firstRun)), "ms", 300),
    result("dashboards", "template_p95_ms_100k_deals", at100k.template, "ms", 300),
    result("dashboards", "report_p95_ms_100k_deals", at100k.report, "ms", 100),
  ];
}
