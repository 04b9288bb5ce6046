// A company's page: the account's facts, its people, and its history.
import { define, type SignedInState } from "../../../utils.ts";
import { Head } from "../../../lib/web/head.tsx";
import { PageHeader } from "../../../components/ui/PageHeader.tsx";
import { Avatar } from "../../../components/ui/Avatar.tsx";
import { Badge } from "../../../components/ui/Badge.tsx";
import { Button } from "../../../components/ui/Button.tsx";
import { Card } from "../../../components/ui/Card.tsx";
import { EmptyState } from "../../../components/ui/EmptyState.tsx";
import { CsrfField } from "../../../components/CsrfField.tsx";
import { DeletedNotice } from "../../../components/records/DeletedNotice.tsx";
import { ExternalLink, FieldList } from "../../../components/records/FieldList.tsx";
import { RecordActivity } from "../../../components/records/RecordActivity.tsx";
import LiveRecord from "../../../islands/LiveRecord.tsx";
import { FilesSection } from "../../../components/files/FilesSection.tsx";
import RecordNotes from "../../../islands/RecordNotes.tsx";
import EnrichPanel from "../../../islands/EnrichPanel.tsx";
import { loadTimeline } from "../../../lib/activities/timeline-load.ts";
import { readForm } from "../../../lib/forms.ts";
import { companiesSpec } from "../../../lib/records/companies.ts";
import { contactsSpec } from "../../../lib/records/contacts.ts";
import { listRecords } from "../../../lib/records/records.ts";
import { loadRecord, recordAction } from "../../../utils/record-page.ts";
import { SimilarCompaniesLink } from "../../../components/semantic/SimilarCompaniesLink.tsx";

const money = (value: unknown) =>
  value === null || value === undefined
    ? null
    : new Intl.NumberFormat("en", { style: "currency", currency: "USD", maximumFractionDigits: 0 }).format(
      Number(value),
    );

export const handler = define.handlers({
  async GET(ctx) {
    const { app, session } = ctx.state as SignedInState;
    const loaded = await loadRecord(ctx, companiesSpec);
    if (loaded.deleted) return ctx.render({ loaded, contacts: [], timeline: null });
    const contacts = await listRecords(app.db, session.claims, session.team.id, contactsSpec, {
      company_id: ctx.params.id,
      sort: "last_name",
      limit: "50",
    });
    const timeline = await loadTimeline(app.db, session.claims, session.team, "company", ctx.params.id);
    return ctx.render({ loaded, contacts: contacts.data, timeline });
  },
  async POST(ctx) {
    const { values } = await readForm(ctx.req);
    return await recordAction(ctx, companiesSpec, values.action) ?? ctx.redirect(ctx.url.pathname);
  },
});

export default define.page<typeof handler>(function CompanyPage({ data, state }) {
  if (data.loaded.deleted) return <DeletedNotice kind="company" listHref="/companies" csrf={state.csrf} />;
  const c = data.loaded.record as Record<string, string | number | null> & { tags: string[] };
  const { session } = state as SignedInState;
  const canWrite = session.team.role !== "viewer";
  const name = String(c.name);
  return (
    <div class="page stack-lg">
      <Head>
        <title>{name} · Companies · Leadly</title>
      </Head>
      <LiveRecord recordType="company" recordId={String(c.id)} userId={session.user.id} listHref="/companies" />
      <PageHeader
        breadcrumbs={[{ label: "Companies", href: "/companies" }, { label: name }]}
        title={
          <span class="row gap-3">
            <Avatar name={name} size="lg" square />
            <span class="stack-xs">
              <span>{name}</span>
              <span class="text-base muted">{[c.industry, c.city].filter(Boolean).join(" · ") || c.domain || ""}</span>
            </span>
          </span>
        }
        actions={canWrite && (
          <div class="row gap-2">
            <Button href={`/companies/${c.id}/edit`} variant="secondary" icon="edit">Edit</Button>
            <Button href={`/companies/${c.id}/merge`} variant="ghost">Merge</Button>
            <form method="post">
              <CsrfField token={state.csrf} />
              <Button type="submit" name="action" value="delete" variant="ghost">Delete</Button>
            </form>
          </div>
        )}
      />
      <SimilarCompaniesLink companyId={String(c.id)} />
      <div class="record-layout">
        <aside class="stack">
          <Card title="Details">
            <FieldList
              items={[
                { label: "Domain", value: c.domain },
                { label: "Website", value: <ExternalLink href={c.website as string | null} /> },
                { label: "Industry", value: c.industry },
                { label: "Size", value: c.size && `${c.size} employees` },
                { label: "Annual revenue", value: money(c.annual_revenue) },
                { label: "Location", value: [c.city, c.country].filter(Boolean).join(", ") },
                { label: "Lead source", value: c.lead_source },
                {
                  label: "Lead score",
                  value: c.lead_score === null ? null : <Badge tone="accent">{c.lead_score}</Badge>,
                },
                { label: "LinkedIn", value: <ExternalLink href={c.linkedin_url as string | null} /> },
                {
                  label: "Tags",
                  value: c.tags.length > 0 && (
                    <span class="row gap-1 wrap">{c.tags.map((t) => <Badge key={t}>{t}</Badge>)}</span>
                  ),
                },
              ]}
            />
          </Card>
          <Card
            title={`People (${data.contacts.length})`}
            actions={canWrite && (
              <Button href={`/contacts/new?company_id=${c.id}`} size="sm" variant="ghost" icon="plus">Add</Button>
            )}
          >
            {data.contacts.length === 0 ? <EmptyState icon="users" title="No contacts here yet" /> : (
              <ul class="list">
                {data.contacts.map((p) => {
                  const person = `${p.first_name ?? ""} ${p.last_name ?? ""}`.trim() || String(p.email);
                  return (
                    <li key={String(p.id)}>
                      <a class="list-item" href={`/contacts/${p.id}`}>
                        <Avatar name={person} size="sm" />
                        <span class="list-item-body">
                          <span class="list-item-title">{person}</span>
                          <span class="list-item-meta">{String(p.job_title ?? p.email ?? "")}</span>
                        </span>
                      </a>
                    </li>
                  );
                })}
              </ul>
            )}
          </Card>
          <EnrichPanel recordType="company" recordId={String(c.id)} canWrite={canWrite} />
          <FilesSection targetType="company" targetId={String(c.id)} csrf={state.csrf} canWrite={canWrite} />
          <RecordNotes recordType="company" recordId={String(c.id)} canWrite={canWrite} csrf={state.csrf} />
        </aside>
        <RecordActivity recordType="company" recordId={String(c.id)} timeline={data.timeline} csrf={state.csrf} />
      </div>
    </div>
  );
});
