// A lead's page: where it is in NEW → CONTACTED → INTERESTED → PROPOSAL_SENT → PAID (or Lost), only the actions its
// status allows (the one forward move, "Mark as lost" with a reason, "Convert to deal", all plain form POSTs), the
// owner/admin override, the deal it became, the status history, what happens next, and the activity timeline.
import { asRefusal } from "../../../lib/errors.ts";
import { define, type SignedInState } from "../../../utils.ts";
import type { Ctx } from "../../../lib/web/context.ts";
import { Head } from "../../../lib/web/head.tsx";
import { PageHeader } from "../../../components/ui/PageHeader.tsx";
import { Alert } from "../../../components/ui/Alert.tsx";
import { Avatar } from "../../../components/ui/Avatar.tsx";
import { Badge } from "../../../components/ui/Badge.tsx";
import { Button } from "../../../components/ui/Button.tsx";
import { Card } from "../../../components/ui/Card.tsx";
import { CsrfField } from "../../../components/CsrfField.tsx";
import { DeletedNotice } from "../../../components/records/DeletedNotice.tsx";
import { ExternalLink, FieldList } from "../../../components/records/FieldList.tsx";
import { RecordActivity } from "../../../components/records/RecordActivity.tsx";
import LiveRecord from "../../../islands/LiveRecord.tsx";
import ScoreExplain from "../../../islands/ScoreExplain.tsx";
import AiWriter from "../../../islands/AiWriter.tsx";
import ReplyAnalyzer from "../../../islands/ReplyAnalyzer.tsx";
import { LeadStatusBadge } from "../../../components/leads/LeadStatusBadge.tsx";
import { LeadStatusStepper } from "../../../components/leads/LeadStatusStepper.tsx";
import { LeadNextSteps } from "../../../components/leads/LeadNextSteps.tsx";
import { LeadStatusHistory } from "../../../components/leads/LeadStatusHistory.tsx";
import { LeadOverride } from "../../../components/leads/LeadOverride.tsx";
import { LeadLostForm } from "../../../components/leads/LeadLostForm.tsx";
import { LeadDealCard } from "../../../components/leads/LeadDealCard.tsx";
import { readForm } from "../../../lib/forms.ts";
import { leadsSpec } from "../../../lib/leads/spec.ts";
import {
  deleteLead,
  type LeadStatusChange,
  leadStatusHistory,
  markLeadLost,
  overrideLeadStatus,
  transitionLead,
} from "../../../lib/leads/leads.ts";
import { convertedDeal, convertLead } from "../../../lib/leads/convert.ts";
import { sessionCaller } from "../../../lib/caller.ts";
import {
  canConvert,
  canDelete,
  canEdit,
  canMarkLost,
  isLeadStatus,
  LEAD_STATUS_LABELS,
  type LeadStatus,
  nextStatus,
} from "../../../lib/leads/status.ts";
import { type Loaded, loadRecord, recordAction } from "../../../utils/record-page.ts";
import { formatMoney } from "../../../lib/deals/aging.ts";
import { memberList } from "../../../utils/list-page.ts";
import { loadTimeline } from "../../../lib/activities/timeline-load.ts";
import { dateTime, type TimelineData } from "../../../lib/activities/client/format.ts";
import type { State } from "../../../utils.ts";

interface PageData {
  loaded: Loaded;
  history: LeadStatusChange[];
  ownerName: string | null;
  timeline: TimelineData | null;
  notice: string | null;
  /** A refused move, in the database's words. */
  error: string | null;
  overrideError: string | null;
  overrideValues: { to?: string; reason?: string };
  lostError: string | null;
  lostReason: string;
  /** The deal this lead was converted to (null when none, or deleted since). */
  deal: { id: string; name: string; stage_name: string | null } | null;
}

/** "Mark contacted", "Mark proposal sent". */
function transitionLabel(to: LeadStatus): string {
  return `Mark ${LEAD_STATUS_LABELS[to].toLowerCase()}`;
}

function noticeFor(url: URL): string | null {
  const moved = url.searchParams.get("moved");
  if (moved && isLeadStatus(moved)) return `Moved to ${LEAD_STATUS_LABELS[moved]}.`;
  const overridden = url.searchParams.get("overridden");
  if (overridden && isLeadStatus(overridden)) return `Status overridden to ${LEAD_STATUS_LABELS[overridden]}.`;
  if (url.searchParams.has("lost")) return "Marked as lost. The reason is in the status history and the timeline.";
  const converted = url.searchParams.get("converted");
  if (converted === "new") return "Converted to a deal: the contact, company and deal are linked below.";
  if (converted === "existing") return "This lead was already converted: it links to its existing deal.";
  return null;
}

async function pageData(ctx: Ctx<State>, extra: Partial<PageData> = {}): Promise<PageData> {
  const state = ctx.state as SignedInState;
  const loaded = await loadRecord(ctx, leadsSpec);
  const base = {
    loaded,
    history: [],
    ownerName: null,
    timeline: null,
    notice: null,
    error: null,
    overrideError: null,
    overrideValues: {},
    lostError: null,
    lostReason: "",
    deal: null,
  };
  if (loaded.deleted) return base;
  const { db } = state.app;
  const { claims, team } = state.session;
  const id = String(loaded.record.id);
  const dealId = loaded.record.deal_id as string | null;
  const [history, members, timeline, deal] = await Promise.all([
    leadStatusHistory(db, claims, id),
    memberList(db, claims, team.id),
    loadTimeline(db, claims, team, "lead", id),
    dealId ? convertedDeal(sessionCaller(db, state.session), dealId) : null,
  ]);
  const owner = members.find((m) => m.id === loaded.record.owner_id);
  return { ...base, history, ownerName: owner?.name ?? null, timeline, deal, notice: noticeFor(ctx.url), ...extra };
}

/** A refusal the page can show (409 illegal move, 422 bad input, 403 role); anything else stays an error. */
const refusal = (error: unknown) => asRefusal(error, [403, 409, 422]);

export const handler = define.handlers({
  async GET(ctx) {
    return ctx.render<PageData>(await pageData(ctx));
  },
  async POST(ctx) {
    const state = ctx.state as SignedInState;
    const { db } = state.app;
    const { claims, team } = state.session;
    const { values } = await readForm(ctx.req);
    const id = ctx.params.id;
    const here = `/leads/${id}`;
    if (values.action === "transition") {
      try {
        const lead = await transitionLead(db, claims, id, values.to ?? "", values.reason);
        return ctx.redirect(`${here}?moved=${lead.status}`);
      } catch (error) {
        const refused = refusal(error);
        if (!refused) throw error;
        return ctx.render<PageData>(await pageData(ctx, { error: refused.message }), { status: refused.status });
      }
    }
    if (values.action === "override") {
      try {
        const lead = await overrideLeadStatus(db, claims, id, values.to ?? "", values.reason ?? "");
        return ctx.redirect(`${here}?overridden=${lead.status}`);
      } catch (error) {
        const refused = refusal(error);
        if (!refused) throw error;
        return ctx.render<PageData>(
          await pageData(ctx, {
            overrideError: refused.message,
            overrideValues: { to: values.to, reason: values.reason },
          }),
          { status: refused.status },
        );
      }
    }
    if (values.action === "lost") {
      try {
        await markLeadLost(db, claims, id, values.reason ?? "");
        return ctx.redirect(`${here}?lost`);
      } catch (error) {
        const refused = refusal(error);
        if (!refused) throw error;
        return ctx.render<PageData>(
          await pageData(ctx, { lostError: refused.message, lostReason: values.reason ?? "" }),
          { status: refused.status },
        );
      }
    }
    if (values.action === "convert") {
      try {
        const conversion = await convertLead(db, claims, team.id, id);
        return ctx.redirect(`${here}?converted=${conversion.created ? "new" : "existing"}`);
      } catch (error) {
        const refused = refusal(error);
        if (!refused) throw error;
        return ctx.render<PageData>(await pageData(ctx, { error: refused.message }), { status: refused.status });
      }
    }
    if (values.action === "delete") {
      try {
        await deleteLead(db, claims, team.id, id);
        return ctx.redirect(`${here}?deleted`);
      } catch (error) {
        const refused = refusal(error);
        if (!refused) throw error;
        return ctx.render<PageData>(await pageData(ctx, { error: refused.message }), { status: refused.status });
      }
    }
    return await recordAction(ctx, leadsSpec, values.action) ?? ctx.redirect(here);
  },
});

export default define.page<typeof handler>(function LeadPage({ data, state }) {
  if (data.loaded.deleted) return <DeletedNotice kind="lead" listHref="/leads" csrf={state.csrf} />;
  const lead = data.loaded.record as Record<string, string | number | null> & { tags: string[] };
  const status = lead.status as LeadStatus;
  const next = nextStatus(status);
  const { session, csrf } = state as SignedInState;
  const role = session.team.role;
  const canWrite = role !== "viewer";
  const canOverride = role === "owner" || role === "admin";
  const timeZone = data.timeline?.timeZone ?? "UTC";
  const name = String(lead.business_name);
  const subtitle = [lead.contact_name, [lead.city, lead.country].filter(Boolean).join(", ")].filter(Boolean)
    .join(" · ");
  const actions = canWrite && (
    <div class="row gap-2 wrap lead-actions">
      {next && (
        <form method="post">
          <CsrfField token={csrf} />
          <input type="hidden" name="action" value="transition" />
          <input type="hidden" name="to" value={next} />
          <Button type="submit" variant="primary" icon="arrow-right">{transitionLabel(next)}</Button>
        </form>
      )}
      {canConvert(status) && !data.deal && (
        <form method="post">
          <CsrfField token={csrf} />
          <Button type="submit" name="action" value="convert" variant={next ? "secondary" : "primary"} icon="kanban">
            Convert to deal
          </Button>
        </form>
      )}
      {canEdit(status) && <Button href={`/leads/${lead.id}/edit`} variant="secondary" icon="edit">Edit</Button>}
      {canMarkLost(status) && <LeadLostForm csrf={csrf} error={data.lostError} reason={data.lostReason} />}
      {canDelete(status) && (
        <form method="post">
          <CsrfField token={csrf} />
          <Button type="submit" name="action" value="delete" variant="ghost" icon="trash">Delete</Button>
        </form>
      )}
      {canOverride && (
        <LeadOverride status={status} csrf={csrf} error={data.overrideError} values={data.overrideValues} />
      )}
    </div>
  );
  return (
    <div class="page stack-lg lead-page">
      <Head>
        <title>{name} · Leads · Leadly</title>
      </Head>
      <LiveRecord recordType="lead" recordId={String(lead.id)} userId={session.user.id} listHref="/leads" />
      <PageHeader
        breadcrumbs={[{ label: "Leads", href: "/leads" }, { label: name }]}
        title={
          <span class="row gap-3">
            <Avatar name={name} size="lg" square />
            <span class="stack-xs">
              <span class="row gap-2 wrap">
                <span>{name}</span>
                <LeadStatusBadge status={status} />
              </span>
              <span class="text-base muted">{subtitle || "No contact or place yet"}</span>
            </span>
          </span>
        }
        actions={actions}
      />
      {data.notice && <Alert tone="success">{data.notice}</Alert>}
      {data.error && <Alert tone="error" title="That is not allowed">{data.error}</Alert>}
      {data.lostError && !(canWrite && canMarkLost(status)) && (
        <Alert tone="error" title="That is not allowed">{data.lostError}</Alert>
      )}
      {status === "LOST" && lead.lost_reason && (
        <Alert tone="warning" title="This lead was lost" class="lead-lost-alert">
          <p class="lead-lost-reason">“{lead.lost_reason}”</p>
        </Alert>
      )}
      <LeadStatusStepper
        status={status}
        since={dateTime(String(lead.status_changed_at), timeZone)}
        lostFrom={status === "LOST" ? data.history.findLast((h) => h.to_status === "LOST")?.from_status : null}
      />
      <div class="record-layout">
        <aside class="stack">
          {data.deal && <LeadDealCard deal={data.deal} />}
          <LeadNextSteps status={status} />
          <ScoreExplain recordType="lead" recordId={String(lead.id)} />
          <AiWriter recordType="lead" recordId={String(lead.id)} recordName={name} canWrite={canWrite} csrf={csrf} />
          <ReplyAnalyzer recordType="lead" recordId={String(lead.id)} canWrite={canWrite} csrf={csrf} />
          <Card title="Details">
            <FieldList
              items={[
                { label: "Contact", value: lead.contact_name },
                { label: "Email", value: lead.email && <a href={`mailto:${lead.email}`}>{lead.email}</a> },
                {
                  label: "Value",
                  value: lead.value === null
                    ? null
                    : <span class="tabular">{formatMoney(lead.value, String(lead.currency ?? "") || undefined)}</span>,
                },
                { label: "Phone", value: lead.phone && <a href={`tel:${lead.phone}`}>{lead.phone}</a> },
                { label: "Website", value: <ExternalLink href={lead.website as string | null} /> },
                { label: "Industry", value: lead.industry },
                { label: "Location", value: [lead.city, lead.country].filter(Boolean).join(", ") },
                { label: "Source", value: lead.source },
                {
                  label: "Score",
                  value: lead.score === null ? null : <Badge tone="accent">{lead.score}</Badge>,
                },
                { label: "Owner", value: data.ownerName },
                {
                  label: "Tags",
                  value: lead.tags.length > 0 && (
                    <span class="row gap-1 wrap">{lead.tags.map((t) => <Badge key={t}>{t}</Badge>)}</span>
                  ),
                },
                { label: "Notes", value: lead.notes && <span class="lead-notes">{lead.notes}</span> },
                { label: "Created", value: dateTime(String(lead.created_at), timeZone) },
              ]}
            />
          </Card>
          <LeadStatusHistory changes={data.history} timeZone={timeZone} />
        </aside>
        <RecordActivity recordType="lead" recordId={String(lead.id)} timeline={data.timeline} csrf={csrf} />
      </div>
    </div>
  );
});
