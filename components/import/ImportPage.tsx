// The import page for contacts and companies: the wizard island, and the workspace's recent imports
// (rendered on the server, with their reports) so a finished or interrupted import can be found again.
import { define, type SignedInState } from "../../utils.ts";
import { Head } from "../../lib/web/head.tsx";
import { PageHeader } from "../ui/PageHeader.tsx";
import { Alert } from "../ui/Alert.tsx";
import { Badge, type BadgeTone } from "../ui/Badge.tsx";
import { Card } from "../ui/Card.tsx";
import { Table } from "../ui/Table.tsx";
import ImportWizard from "../../islands/ImportWizard.tsx";
import { type ImportStatus, listJobs, MAX_FILE_BYTES, PART_BYTES } from "../../lib/import/job.ts";
import type { ImportResource } from "../../lib/import/mapping.ts";

const TITLES: Record<ImportResource, { plural: string; singular: string }> = {
  contacts: { plural: "Contacts", singular: "contact" },
  companies: { plural: "Companies", singular: "company" },
};

const STATUS: Record<ImportStatus, [string, BadgeTone]> = {
  pending: ["Not started", "neutral"],
  running: ["Running", "info"],
  done: ["Done", "success"],
  failed: ["Stopped", "danger"],
};

const when = (iso: string) =>
  new Date(iso).toLocaleString("en-GB", { day: "numeric", month: "short", hour: "2-digit", minute: "2-digit" });

export function importPage(resource: ImportResource) {
  const handler = define.handlers({
    async GET(ctx) {
      const { session, app } = ctx.state as SignedInState;
      const recent = await listJobs(app.db, session.claims, session.team.id, resource, 10);
      return ctx.render({ recent: recent.filter((job) => job.status !== "pending"), role: session.team.role });
    },
  });

  const page = define.page<typeof handler>(function ImportPage({ data, state }) {
    const { csrf } = state as SignedInState;
    const { plural, singular } = TITLES[resource];
    const canImport = data.role !== "viewer";
    return (
      <div class="page stack-lg">
        <Head>
          <title>Import {plural.toLowerCase()} · Leadly</title>
        </Head>
        <PageHeader
          breadcrumbs={[{ label: plural, href: `/${resource}` }, { label: "Import" }]}
          title={`Import ${plural.toLowerCase()}`}
          description={`Bring ${plural.toLowerCase()} in from a spreadsheet or another CRM: any CSV file with one ${singular} per row.`}
        />
        {canImport
          ? (
            <ImportWizard
              resource={resource}
              csrf={csrf}
              maxBytes={MAX_FILE_BYTES}
              partBytes={PART_BYTES}
              listHref={`/${resource}`}
            />
          )
          : (
            <Alert tone="info" title="Viewers can't import">
              Ask an owner or admin of this workspace for a role that can add {plural.toLowerCase()}.
            </Alert>
          )}
        {data.recent.length > 0 && (
          <Card title="Recent imports" flush>
            <Table label="Recent imports" dense>
              <thead>
                <tr>
                  <th>File</th>
                  <th>Status</th>
                  <th class="num">Created</th>
                  <th class="num">Updated</th>
                  <th class="num">Skipped</th>
                  <th class="num">Problems</th>
                  <th>Started</th>
                  <th class="cell-actions">
                    <span class="visually-hidden">Report</span>
                  </th>
                </tr>
              </thead>
              <tbody>
                {data.recent.map((job) => {
                  const [label, tone] = STATUS[job.status];
                  return (
                    <tr key={job.id}>
                      <td class="truncate import-file-cell">{job.filename}</td>
                      <td>
                        <Badge tone={tone} dot>
                          {job.status === "running"
                            ? `${label} ${Math.floor((job.processed_rows / Math.max(1, job.total_rows)) * 100)}%`
                            : label}
                        </Badge>
                      </td>
                      <td class="num tabular">{job.created_rows.toLocaleString("en-US")}</td>
                      <td class="num tabular">{job.updated_rows.toLocaleString("en-US")}</td>
                      <td class="num tabular">{job.skipped_rows.toLocaleString("en-US")}</td>
                      <td class="num tabular">{job.error_rows.toLocaleString("en-US")}</td>
                      <td class="nowrap muted">{when(job.started_at ?? job.created_at)}</td>
                      <td class="cell-actions">
                        {job.error_rows > 0 && <a href={`/api/v1/imports/${job.id}/report.csv`} download>Report</a>}
                      </td>
                    </tr>
                  );
                })}
              </tbody>
            </Table>
          </Card>
        )}
      </div>
    );
  });

  return { handler, page };
}
