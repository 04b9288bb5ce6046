// Settings → Usage: the team's credits. Everyone sees the balance, this month's usage per member and action,
// and the ledger page by page; owners and admins also add credits and set members' monthly limits here.
import { define, type SignedInState } from "../../../utils.ts";
import { Head } from "../../../lib/web/head.tsx";
import { SettingsLayout } from "../../../components/layout/SettingsLayout.tsx";
import { Alert } from "../../../components/ui/Alert.tsx";
import {
  ActionUsage,
  BalanceSummary,
  GrantForm,
  LedgerTable,
  MembersUsage,
} from "../../../components/credits/UsagePanels.tsx";
import { type Caller, sessionCaller } from "../../../lib/caller.ts";
import { AppError } from "../../../lib/errors.ts";
import { type FieldErrors, parseWith, readForm } from "../../../lib/forms.ts";
import { type CreditBalance, teamBalance } from "../../../lib/credits/balance.ts";
import { type CreditCost, creditCosts } from "../../../lib/credits/costs.ts";
import { type LedgerPage, ledgerPage } from "../../../lib/credits/ledger.ts";
import { decodeCursor } from "../../../lib/credits/cursor.ts";
import { type MonthUsage, monthUsage } from "../../../lib/credits/usage.ts";
import { currentMonth, monthLabel, monthRange, shiftMonth } from "../../../lib/credits/month.ts";
import { grantCredits, setLimit } from "../../../lib/credits/admin.ts";
import { grantInput, limitInput } from "../../../lib/credits/schemas.ts";
import type { Ctx } from "../../../lib/web/context.ts";
import type { State } from "../../../utils.ts";

interface Data {
  credits: CreditBalance;
  costs: CreditCost[];
  usage: MonthUsage;
  ledger: LedgerPage;
  month: string;
  cursor: string | null;
  notice?: string;
  error?: string;
  grantValues?: Record<string, string>;
  grantErrors?: FieldErrors;
  limitError?: { user_id: string; message: string };
}

const NOTICES: Record<string, string> = { granted: "Credits added.", limit: "Limit saved." };
const isAdmin = (role: string) => role === "owner" || role === "admin";

function callerOf(ctx: Ctx<State>): Caller {
  const { session, app } = ctx.state as SignedInState;
  return sessionCaller(app.db, session);
}

/** Everything the page shows, for the month and ledger page in the URL (unknown values: this month, page 1). */
async function pageData(ctx: Ctx<State>, extra: Partial<Data> = {}): Promise<Data> {
  const caller = callerOf(ctx);
  const asked = ctx.url.searchParams.get("month") ?? "";
  const month = monthRange(asked) ? asked : currentMonth();
  const asCursor = ctx.url.searchParams.get("cursor") ?? "";
  const cursor = decodeCursor(asCursor) ? asCursor : null;
  const [credits, costs, usage, ledger] = await Promise.all([
    teamBalance(caller),
    creditCosts(caller),
    monthUsage(caller, month),
    ledgerPage(caller, { cursor: cursor ?? undefined, limit: 20 }),
  ]);
  return { credits, costs, usage, ledger, month, cursor, ...extra };
}

/** A number field as zod sees it: empty is missing, anything else a number (NaN fails the schema). */
const asNumber = (text: string | undefined) => (text === undefined || text.trim() === "" ? undefined : Number(text));

export const handler = define.handlers({
  async GET(ctx) {
    return ctx.render<Data>(await pageData(ctx, { notice: NOTICES[ctx.url.searchParams.get("done") ?? ""] }));
  },
  async POST(ctx) {
    const caller = callerOf(ctx);
    const { values } = await readForm(ctx.req);
    const again = async (extra: Partial<Data>, status: number) =>
      ctx.render<Data>(await pageData(ctx, extra), { status });
    try {
      if (values.intent === "grant") {
        const form = parseWith(grantInput, { amount: asNumber(values.amount), note: values.note || null }, values);
        if (!form.ok) return await again({ grantValues: form.values, grantErrors: form.errors }, 422);
        await grantCredits(caller, form.data.amount, form.data.note ?? null);
        return ctx.redirect("/settings/usage?done=granted", 303);
      }
      if (values.intent === "limit") {
        const input = {
          user_id: values.user_id ?? "",
          monthly_limit: values.monthly_limit?.trim() ? Number(values.monthly_limit) : null,
        };
        const form = parseWith(limitInput, input, values);
        if (!form.ok) {
          const message = form.errors.monthly_limit ?? form.errors.user_id ?? "That limit is not valid.";
          return await again({ limitError: { user_id: input.user_id, message: `Limit ${message}` } }, 422);
        }
        await setLimit(caller, form.data.user_id, form.data.monthly_limit);
        return ctx.redirect("/settings/usage?done=limit", 303);
      }
      return await again({ error: "Choose what to change." }, 400);
    } catch (error) {
      if (!(error instanceof AppError) || error.status >= 500) throw error;
      return await again({ error: error.message }, error.status);
    }
  },
});

export default define.page<typeof handler>(function UsageSettings({ data, state, url }) {
  const { session, csrf } = state as SignedInState;
  const admin = isAdmin(session.team.role);
  const label = monthLabel(data.month);
  const monthHref = (month: string) => month === currentMonth() ? "/settings/usage" : `/settings/usage?month=${month}`;
  const next = shiftMonth(data.month, 1);
  const withMonth = (params: URLSearchParams) => {
    if (data.month !== currentMonth()) params.set("month", data.month);
    const query = params.toString();
    return `/settings/usage${query ? `?${query}` : ""}#ledger`;
  };
  return (
    <SettingsLayout
      path={url.pathname}
      title="Usage & credits"
      description="AI features and enrichment use the team's credits. See who used what, and the full ledger."
    >
      <Head>
        <title>Usage · Settings · Leadly</title>
      </Head>
      <div class="stack credit-page">
        {data.notice && <Alert tone="success">{data.notice}</Alert>}
        {data.error && <Alert tone="error">{data.error}</Alert>}
        {!admin && <Alert tone="info">Only owners and admins can add credits or set limits.</Alert>}
        <BalanceSummary
          credits={data.credits}
          usage={data.usage}
          monthLabel={label}
          costs={data.costs}
          prevHref={monthHref(shiftMonth(data.month, -1))}
          nextHref={data.month < currentMonth() ? monthHref(next) : null}
        />
        {admin && <GrantForm csrf={csrf} values={data.grantValues ?? {}} errors={data.grantErrors ?? {}} />}
        <MembersUsage usage={data.usage} monthLabel={label} csrf={csrf} editable={admin} limitError={data.limitError} />
        <ActionUsage usage={data.usage} monthLabel={label} />
        <div id="ledger">
          <LedgerTable
            page={data.ledger}
            olderHref={data.ledger.next_cursor
              ? withMonth(new URLSearchParams({ cursor: data.ledger.next_cursor }))
              : null}
            newestHref={data.cursor ? withMonth(new URLSearchParams()) : null}
          />
        </div>
      </div>
    </SettingsLayout>
  );
});
