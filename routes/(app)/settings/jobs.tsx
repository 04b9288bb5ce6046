// Settings → Background jobs: owners and admins see the system jobs that failed for good (with their
// error) and the latest runs. System jobs carry no team data (app/system-jobs.ts), so every team's owners
// see the same list; reps and members get a 403.
import { AppError } from "../../../lib/errors.ts";
import { define, type SignedInState } from "../../../utils.ts";
import { Head } from "../../../lib/web/head.tsx";
import { SettingsLayout } from "../../../components/layout/SettingsLayout.tsx";
import { Badge } from "../../../components/ui/Badge.tsx";
import { Card } from "../../../components/ui/Card.tsx";
import { Table } from "../../../components/ui/Table.tsx";
import { type JobRow, listJobs } from "../../../lib/jobs/failed.ts";

interface Data {
  failed: JobRow[];
  recent: JobRow[];
}

export const handler = define.handlers({
  async GET(ctx) {
    const { session, app } = ctx.state as SignedInState;
    const role = session.team.role;
    if (role !== "owner" && role !== "admin") {
      throw new AppError("forbidden", "Only owners and admins can see background jobs.");
    }
    // Jobs about another team's records (imports, compactions) stay with that team.
    return ctx.render<Data>(await listJobs(app.db, 30, session.team.id));
  },
});

const STATE_TONE: Record<string, "success" | "danger" | "warning" | "neutral"> = {
  completed: "success",
  failed: "danger",
  retry: "warning",
};

const when = (date: Date | null) => date ? date.toISOString().replace("T", " ").slice(0, 19) + " UTC" : "—";

function JobsTable({ jobs, label }: { jobs: JobRow[]; label: string }) {
  return (
    <Table label={label} dense>
      <thead>
        <tr>
          <th>Job</th>
          <th>State</th>
          <th class="num">Retries</th>
          <th>Created</th>
          <th>Finished</th>
          <th>Error</th>
        </tr>
      </thead>
      <tbody>
        {jobs.map((job) => (
          <tr key={job.id}>
            <td>{job.name}</td>
            <td>
              <Badge tone={STATE_TONE[job.state] ?? "neutral"}>{job.state}</Badge>
            </td>
            <td class="num">{job.retryCount}</td>
            <td>{when(job.createdOn)}</td>
            <td>{when(job.completedOn)}</td>
            <td class="jobs-error">{job.error ?? ""}</td>
          </tr>
        ))}
      </tbody>
    </Table>
  );
}

export default define.page<typeof handler>(function JobsSettings({ data, url }) {
  return (
    <SettingsLayout
      path={url.pathname}
      title="Background jobs"
      description="Reminders, digests, push and file clean-up run in the background and retry on their own. Jobs that still failed after their retries stay here with their error."
    >
      <Head>
        <title>Background jobs · Settings · Leadly</title>
      </Head>
      <div class="stack">
        <Card title="Failed jobs">
          {data.failed.length === 0
            ? <p class="muted">No job has failed.</p>
            : <JobsTable jobs={data.failed} label="Failed jobs" />}
        </Card>
        <Card title="Latest jobs">
          {data.recent.length === 0
            ? <p class="muted">No job has run yet.</p>
            : <JobsTable jobs={data.recent} label="Latest jobs" />}
        </Card>
      </div>
    </SettingsLayout>
  );
});
