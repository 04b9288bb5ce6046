// A deal's page: value and stage up top, a stage stepper to move it (closing asks why), its details, how long
// it spent in each stage, and the activity timeline. Every action is a plain form post (POST, then 303).
import { AppError } from "../../../lib/errors.ts";
import { define, type SignedInState } from "../../../utils.ts";
import { Head } from "../../../lib/web/head.tsx";
import { PageHeader } from "../../../components/ui/PageHeader.tsx";
import { Alert } from "../../../components/ui/Alert.tsx";
import { Avatar } from "../../../components/ui/Avatar.tsx";
import { Badge } from "../../../components/ui/Badge.tsx";
import { Button } from "../../../components/ui/Button.tsx";
import { Card } from "../../../components/ui/Card.tsx";
import { CsrfField } from "../../../components/CsrfField.tsx";
import { DeletedNotice } from "../../../components/records/DeletedNotice.tsx";
import { FieldList } from "../../../components/records/FieldList.tsx";
import { RecordActivity } from "../../../components/records/RecordActivity.tsx";
import LiveRecord from "../../../islands/LiveRecord.tsx";
import { FilesSection } from "../../../components/files/FilesSection.tsx";
import RecordNotes from "../../../islands/RecordNotes.tsx";
import ProposalGenerator from "../../../islands/ProposalGenerator.tsx";
import AiWriter from "../../../islands/AiWriter.tsx";
import { StageStepper } from "../../../components/deals/StageStepper.tsx";
import { StageHistory } from "../../../components/deals/StageHistory.tsx";
import { ConvertedValue } from "../../../components/deals/MoneyTotal.tsx";
import { loadMoney } from "../../../lib/deals/exchange-rates.ts";
import type { MoneyContext } from "../../../lib/deals/money.ts";
import { readForm } from "../../../lib/forms.ts";
import { dealsSpec, moveDeal, stageHistory, type StageStay } from "../../../lib/deals/deals.ts";
import { companiesSpec } from "../../../lib/records/companies.ts";
import { contactsSpec } from "../../../lib/records/contacts.ts";
import { getPipeline, type Pipeline } from "../../../lib/deals/pipelines.ts";
import { getRecord } from "../../../lib/records/records.ts";
import { type Loaded, loadRecord, recordAction } from "../../../utils/record-page.ts";
import { agingBadge, formatMoney } from "../../../lib/deals/aging.ts";
import { shortDate } from "../../../lib/deals/client/board.ts";
import { stageTone } from "../../../lib/deals/client/stage-tone.ts";
import { memberList } from "../../../utils/list-page.ts";
import type { Ctx } from "../../../lib/web/context.ts";
import type { State } from "../../../utils.ts";

type Deal = Record<string, unknown> & {
  id: string;
  name: string;
  value: number | string;
  currency: string;
  probability: number;
  stage_id: string;
  tags: string[];
};

interface Data {
  loaded: Loaded;
  pipeline: Pipeline | null;
  history: StageStay[];
  companyName: string | null;
  contactName: string | null;
  ownerName: string | null;
  /** Base currency and today's rates, for the value in the base currency; null for a deleted deal. */
  money: MoneyContext | null;
  error: string | null;
  now: string;
}

/** "YYYY-MM-DD" of a date column, whether the driver gave a Date or a string. */
const day = (value: unknown): string | null =>
  value instanceof Date ? value.toISOString().slice(0, 10) : typeof value === "string" ? value.slice(0, 10) : null;

async function load(ctx: Ctx<State>, error: string | null = null): Promise<Data> {
  const { session, app } = ctx.state as SignedInState;
  const { db } = app;
  const { claims, team } = session;
  const loaded = await loadRecord(ctx, dealsSpec);
  const now = new Date().toISOString();
  if (loaded.deleted) {
    return {
      loaded,
      pipeline: null,
      history: [],
      companyName: null,
      contactName: null,
      ownerName: null,
      money: null,
      error,
      now,
    };
  }
  const deal = loaded.record;
  const lookup = async (spec: typeof companiesSpec, id: unknown) =>
    typeof id === "string" ? await getRecord(db, claims, team.id, spec, id).catch(() => null) : null;
  const [pipeline, history, company, contact, members, money] = await Promise.all([
    getPipeline(db, claims, String(deal.pipeline_id)),
    stageHistory(db, claims, String(deal.id)),
    lookup(companiesSpec, deal.company_id),
    lookup(contactsSpec, deal.contact_id),
    memberList(db, claims, team.id),
    loadMoney(db, claims, team.id),
  ]);
  const contactName = contact ? `${contact.first_name ?? ""} ${contact.last_name ?? ""}`.trim() || null : null;
  return {
    loaded,
    pipeline,
    history,
    companyName: company ? String(company.name) : null,
    contactName,
    ownerName: members.find((m) => m.id === deal.owner_id)?.name ?? null,
    money,
    error,
    now,
  };
}

export const handler = define.handlers({
  async GET(ctx) {
    return ctx.render<Data>(await load(ctx));
  },
  async POST(ctx) {
    const { session, app } = ctx.state as SignedInState;
    const { values } = await readForm(ctx.req);
    if (values.action === "move") {
      try {
        const { changes } = await moveDeal(app.db, session.claims, ctx.params.id, {
          stage_id: values.stage_id ?? "",
          ...(values.win_reason?.trim() && { win_reason: values.win_reason }),
          ...(values.loss_reason?.trim() && { loss_reason: values.loss_reason }),
        });
        // Committed: the same events the API's move sends.
        app.bus.publishAll(changes);
      } catch (error) {
        if (!(error instanceof AppError) || error.status >= 500 || error.status === 404) throw error;
        return ctx.render<Data>(await load(ctx, error.message), { status: error.status });
      }
      return ctx.redirect(ctx.url.pathname);
    }
    return await recordAction(ctx, dealsSpec, values.action) ?? ctx.redirect(ctx.url.pathname);
  },
});

export default define.page<typeof handler>(function DealPage({ data, state }) {
  if (data.loaded.deleted) return <DeletedNotice kind="deal" listHref="/deals" csrf={state.csrf} />;
  const deal = data.loaded.record as Deal;
  const { session } = state as SignedInState;
  const canWrite = session.team.role !== "viewer";
  const stages = data.pipeline?.stages ?? [];
  const stage = stages.find((s) => s.id === deal.stage_id);
  const value = Number(deal.value);
  const currency = String(deal.currency).trim();
  const aging = agingBadge(new Date(String(deal.stage_entered_at)), new Date(data.now));
  const closed = stage && stage.kind !== "open";
  return (
    <div class="page stack-lg deal-page">
      <Head>
        <title>{deal.name} · Deals · Leadly</title>
      </Head>
      <LiveRecord recordType="deal" recordId={deal.id} userId={session.user.id} listHref="/deals" />
      <PageHeader
        breadcrumbs={[
          { label: "Deals", href: `/deals?pipeline=${deal.pipeline_id}` },
          { label: data.pipeline?.name ?? "Pipeline", href: `/deals?pipeline=${deal.pipeline_id}` },
          { label: deal.name },
        ]}
        title={
          <span class="stack-xs">
            <span>{deal.name}</span>
            <span class="deal-headline">
              <span class="deal-headline-value tabular">{formatMoney(value, currency)}</span>
              {data.money && <ConvertedValue amount={value} currency={currency} money={data.money} />}
              {stage && (
                <span class={`deal-stage-pill stage-tone-${stageTone(stage.color, stage.kind)}`}>
                  <span class="stage-dot" aria-hidden="true" />
                  {stage.name}
                </span>
              )}
              <span class="text-base muted">
                {deal.probability}% · {formatMoney((value * deal.probability) / 100, currency)} weighted
              </span>
              {!closed && (
                <span class={`deal-aging deal-aging-${aging.level}`}>
                  {aging.days} {aging.days === 1 ? "day" : "days"} in stage
                </span>
              )}
            </span>
          </span>
        }
        actions={canWrite && (
          <div class="row gap-2">
            <Button href={`/deals/${deal.id}/edit`} variant="secondary" icon="edit">Edit</Button>
            <form method="post">
              <CsrfField token={state.csrf} />
              <Button type="submit" name="action" value="delete" variant="ghost" icon="trash">Delete</Button>
            </form>
          </div>
        )}
      />

      {data.error && <Alert tone="error" title="The deal was not moved">{data.error}</Alert>}

      <StageStepper
        stages={stages}
        currentId={deal.stage_id}
        csrf={state.csrf}
        canWrite={canWrite}
        winReason={(deal.win_reason as string | null) ?? null}
        lossReason={(deal.loss_reason as string | null) ?? null}
      />

      <div class="record-layout">
        <aside class="stack">
          <AiWriter
            recordType="deal"
            recordId={deal.id}
            recordName={deal.name}
            canWrite={canWrite}
            csrf={state.csrf}
          />
          <Card title="Details">
            <FieldList
              items={[
                {
                  label: "Value",
                  value: (
                    <span class="stack-xs">
                      <span class="tabular">{formatMoney(value, currency)}</span>
                      {data.money && <ConvertedValue amount={value} currency={currency} money={data.money} />}
                    </span>
                  ),
                },
                { label: "Probability", value: `${deal.probability}%` },
                { label: "Expected close", value: shortDate(day(deal.expected_close_date), data.now) },
                {
                  label: "Owner",
                  value: data.ownerName && (
                    <span class="row gap-2">
                      <Avatar name={data.ownerName} size="xs" />
                      {data.ownerName}
                    </span>
                  ),
                },
                {
                  label: "Company",
                  value: data.companyName && <a href={`/companies/${deal.company_id}`}>{data.companyName}</a>,
                },
                {
                  label: "Contact",
                  value: data.contactName && <a href={`/contacts/${deal.contact_id}`}>{data.contactName}</a>,
                },
                { label: "Next step", value: deal.next_step as string | null },
                { label: "Competitor", value: deal.competitor as string | null },
                ...(deal.win_reason ? [{ label: "Win reason", value: deal.win_reason as string }] : []),
                ...(deal.loss_reason ? [{ label: "Loss reason", value: deal.loss_reason as string }] : []),
                {
                  label: "Tags",
                  value: deal.tags.length > 0 && (
                    <span class="row gap-1 wrap">{deal.tags.map((t) => <Badge key={t}>{t}</Badge>)}</span>
                  ),
                },
                { label: "Created", value: shortDate(day(deal.created_at), data.now) },
              ]}
            />
          </Card>
          <Card title="Stage history" description="Time spent in each stage">
            <StageHistory history={data.history} />
          </Card>
          <FilesSection targetType="deal" targetId={deal.id} csrf={state.csrf} canWrite={canWrite} />
          <RecordNotes recordType="deal" recordId={deal.id} canWrite={canWrite} csrf={state.csrf} />
          <ProposalGenerator dealId={deal.id} canWrite={canWrite} csrf={state.csrf} />
        </aside>
        <RecordActivity recordType="deal" recordId={deal.id} />
      </div>
    </div>
  );
});
