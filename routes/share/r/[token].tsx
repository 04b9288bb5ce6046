// A report shared by link: read-only, no sign-in. The report runs as its owner (never more than the owner could
// see); a revoked or expired link answers 410 with a sentence saying so, an unknown one 404.
import { define } from "@/utils.ts";
import { Head } from "@/lib/web/head.tsx";
import { AppError } from "@/lib/errors.ts";
import { openShareLink } from "@/lib/reports/share-links.ts";
import type { ReportResult, ReportValue } from "@/lib/reports/query.ts";
import { ReportSvgChart } from "@/components/share/ReportSvgChart.tsx";
import { describeCurrency } from "@/lib/reports/currency.ts";

type Data =
  | { ok: true; name: string; chart: string; result: ReportResult; expiresAt: string }
  | { ok: false; message: string };

export const handler = define.handlers({
  async GET(ctx) {
    ctx.hono.header("cache-control", "no-store");
    ctx.hono.header("x-robots-tag", "noindex");
    try {
      const { report, result, expiresAt } = await openShareLink(ctx.state.app.db, ctx.params.token);
      return ctx.render<Data>({ ok: true, name: report.name, chart: report.config.chart.type, result, expiresAt });
    } catch (error) {
      if (!(error instanceof AppError) || (error.status !== 404 && error.status !== 410)) throw error;
      return ctx.render<Data>({ ok: false, message: error.message }, { status: error.status });
    }
  },
});

function cell(value: ReportValue | undefined): string {
  if (value === null || value === undefined) return "";
  return typeof value === "number" ? value.toLocaleString("en-US", { maximumFractionDigits: 2 }) : value;
}

export default define.page<typeof handler>(function SharedReport({ data }) {
  if (!data.ok) {
    return (
      <main class="share-report" id="main">
        <Head>
          <title>Shared report · Leadly</title>
        </Head>
        <h1>This shared report is not available</h1>
        <p class="share-message">{data.message}</p>
      </main>
    );
  }
  const { result } = data;
  const hasGroups = result.columns.some((c) => c.role === "group");
  return (
    <main class="share-report" id="main">
      <Head>
        <title>{data.name} · Shared report · Leadly</title>
      </Head>
      <h1>{data.name}</h1>
      <p class="share-meta">
        Read-only report shared from Leadly · generated {result.generatedAt.slice(0, 16).replace("T", " ")}{" "}
        UTC · link valid until {data.expiresAt.slice(0, 10)}
      </p>
      {result.notice && <p class="share-message">{result.notice}</p>}
      {result.currency && <p class="share-meta">{describeCurrency(result.currency)}</p>}
      <ReportSvgChart type={data.chart} result={result} title={data.name} />
      <ReportSvgChart type={data.chart} result={result} title={data.name} compact />
      <div class="share-table-wrap">
        <table class="share-table">
          <thead>
            <tr>{result.columns.map((c) => <th key={c.key} scope="col">{c.label}</th>)}</tr>
          </thead>
          <tbody>
            {result.rows.map((row, i) => (
              <tr key={i}>{result.columns.map((c) => <td key={c.key}>{cell(row[c.key])}</td>)}</tr>
            ))}
          </tbody>
          {hasGroups && result.totals && (
            <tfoot>
              <tr>
                {result.columns.map((c, i) => (
                  <td key={c.key}>{c.role === "measure" ? cell(result.totals?.[c.key]) : i === 0 ? "Total" : ""}</td>
                ))}
              </tr>
            </tfoot>
          )}
        </table>
      </div>
    </main>
  );
});
