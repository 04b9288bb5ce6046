// A contact's page: who they are, where they work, and everything that happened with them.
import { define, type SignedInState } from "../../../utils.ts";
import { Head } from "../../../lib/web/head.tsx";
import { PageHeader } from "../../../components/ui/PageHeader.tsx";
import { Avatar } from "../../../components/ui/Avatar.tsx";
import { Badge } from "../../../components/ui/Badge.tsx";
import { Button } from "../../../components/ui/Button.tsx";
import { Card } from "../../../components/ui/Card.tsx";
import { CsrfField } from "../../../components/CsrfField.tsx";
import { DeletedNotice } from "../../../components/records/DeletedNotice.tsx";
import { ExternalLink, FieldList } from "../../../components/records/FieldList.tsx";
import { RecordActivity } from "../../../components/records/RecordActivity.tsx";
import LiveRecord from "../../../islands/LiveRecord.tsx";
import { FilesSection } from "../../../components/files/FilesSection.tsx";
import RecordNotes from "../../../islands/RecordNotes.tsx";
import EnrichPanel from "../../../islands/EnrichPanel.tsx";
import ScoreExplain from "../../../islands/ScoreExplain.tsx";
import AiWriter from "../../../islands/AiWriter.tsx";
import ReplyAnalyzer from "../../../islands/ReplyAnalyzer.tsx";
import { loadTimeline } from "../../../lib/activities/timeline-load.ts";
import { readForm } from "../../../lib/forms.ts";
import { contactsSpec } from "../../../lib/records/contacts.ts";
import { companiesSpec } from "../../../lib/records/companies.ts";
import { getRecord } from "../../../lib/records/records.ts";
import { loadRecord, recordAction } from "../../../utils/record-page.ts";
import { listMembers } from "../../../lib/teams.ts";

type Labelled = { label: string; value: string }[];

export const handler = define.handlers({
  async GET(ctx) {
    const state = ctx.state as SignedInState;
    const loaded = await loadRecord(ctx, contactsSpec);
    if (loaded.deleted) return ctx.render({ loaded, company: null, ownerName: null, timeline: null });
    const { db } = state.app;
    const { claims, team } = state.session;
    const companyId = loaded.record.company_id as string | null;
    const company = companyId ? await getRecord(db, claims, team.id, companiesSpec, companyId).catch(() => null) : null;
    const members = await listMembers(db, claims, team.id);
    const owner = members.find((m) => m.user_id === loaded.record.owner_id);
    const timeline = await loadTimeline(db, claims, team, "contact", ctx.params.id);
    return ctx.render({ loaded, company, ownerName: owner ? owner.full_name || owner.email : null, timeline });
  },
  async POST(ctx) {
    const { values } = await readForm(ctx.req);
    return await recordAction(ctx, contactsSpec, values.action) ?? ctx.redirect(ctx.url.pathname);
  },
});

export default define.page<typeof handler>(function ContactPage({ data, state }) {
  if (data.loaded.deleted) return <DeletedNotice kind="contact" listHref="/contacts" csrf={state.csrf} />;
  const c = data.loaded.record as Record<string, string | number | null> & {
    emails: Labelled;
    phones: Labelled;
    tags: string[];
  };
  const name = `${c.first_name ?? ""} ${c.last_name ?? ""}`.trim() || String(c.email);
  const { session } = state as SignedInState;
  const canWrite = session.team.role !== "viewer";
  return (
    <div class="page stack-lg">
      <Head>
        <title>{name} · Contacts · Leadly</title>
      </Head>
      <LiveRecord recordType="contact" recordId={String(c.id)} userId={session.user.id} listHref="/contacts" />
      <PageHeader
        breadcrumbs={[{ label: "Contacts", href: "/contacts" }, { label: name }]}
        title={
          <span class="row gap-3">
            <Avatar name={name} size="lg" />
            <span class="stack-xs">
              <span>{name}</span>
              <span class="text-base muted">
                {[c.job_title, data.company?.name].filter(Boolean).join(" at ") || "No title or company yet"}
              </span>
            </span>
          </span>
        }
        actions={canWrite && (
          <div class="row gap-2">
            <Button href={`/contacts/${c.id}/edit`} variant="secondary" icon="edit">Edit</Button>
            <Button href={`/contacts/${c.id}/merge`} variant="ghost">Merge</Button>
            <form method="post">
              <CsrfField token={state.csrf} />
              <Button type="submit" name="action" value="delete" variant="ghost">Delete</Button>
            </form>
          </div>
        )}
      />
      <div class="record-layout">
        <aside class="stack">
          <ScoreExplain recordType="contact" recordId={String(c.id)} />
          <AiWriter
            recordType="contact"
            recordId={String(c.id)}
            recordName={name}
            canWrite={canWrite}
            csrf={state.csrf}
          />
          <ReplyAnalyzer recordType="contact" recordId={String(c.id)} canWrite={canWrite} csrf={state.csrf} />
          <Card title="Details">
            <FieldList
              items={[
                { label: "Email", value: c.email && <a href={`mailto:${c.email}`}>{c.email}</a> },
                ...c.emails.map((e) => ({
                  label: `Email (${e.label})`,
                  value: <a href={`mailto:${e.value}`}>{e.value}</a>,
                })),
                ...c.phones.map((p) => ({
                  label: `Phone (${p.label})`,
                  value: <a href={`tel:${p.value}`}>{p.value}</a>,
                })),
                {
                  label: "Company",
                  value: data.company && <a href={`/companies/${data.company.id}`}>{String(data.company.name)}</a>,
                },
                { label: "Owner", value: data.ownerName },
                { label: "Industry", value: c.industry },
                { label: "Location", value: [c.city, c.country].filter(Boolean).join(", ") },
                { label: "Lead source", value: c.lead_source },
                {
                  label: "Lead score",
                  value: c.lead_score === null ? null : <Badge tone="accent">{c.lead_score}</Badge>,
                },
                { label: "Website", value: <ExternalLink href={c.website as string | null} /> },
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
          <EnrichPanel recordType="contact" recordId={String(c.id)} canWrite={canWrite} />
          <FilesSection targetType="contact" targetId={String(c.id)} csrf={state.csrf} canWrite={canWrite} />
          <RecordNotes recordType="contact" recordId={String(c.id)} canWrite={canWrite} csrf={state.csrf} />
        </aside>
        <RecordActivity recordType="contact" recordId={String(c.id)} timeline={data.timeline} csrf={state.csrf} />
      </div>
    </div>
  );
});
