// Settings → Workspace: name, industry and which modules the team uses; the base currency and exchange rates.
import { define, type SignedInState } from "../../../utils.ts";
import { Head } from "../../../lib/web/head.tsx";
import { SettingsLayout } from "../../../components/layout/SettingsLayout.tsx";
import { Alert } from "../../../components/ui/Alert.tsx";
import { Button } from "../../../components/ui/Button.tsx";
import { Card } from "../../../components/ui/Card.tsx";
import { Input } from "../../../components/ui/Input.tsx";
import { Select } from "../../../components/ui/Select.tsx";
import { CsrfField } from "../../../components/CsrfField.tsx";
import { ModulePicker } from "../../../components/ModulePicker.tsx";
import { type FieldErrors, parseWith, readForm } from "../../../lib/forms.ts";
import { canManageMembers, renameTeam, teamInput, teamProfile, updateModules } from "../../../lib/teams.ts";
import { sessionCaller } from "../../../lib/caller.ts";
import { INDUSTRIES } from "../../../lib/signup.ts";
import { AppError } from "../../../lib/errors.ts";
import { CurrencySettings } from "../../../components/deals/CurrencySettings.tsx";
import {
  baseCurrencyInput,
  deleteRate,
  listRates,
  rateInput,
  saveRate,
  setBaseCurrency,
} from "../../../lib/deals/exchange-rates.ts";
import type { Ctx } from "../../../lib/web/context.ts";
import type { State } from "../../../utils.ts";

interface Data {
  values: Record<string, string>;
  errors: FieldErrors;
  saved?: boolean;
  currency: {
    rates: Awaited<ReturnType<typeof listRates>>;
    values: Record<string, string>;
    errors: FieldErrors;
    error: string | null;
  };
}

/** The workspace form's stored values. */
async function teamValues(ctx: Ctx<State>): Promise<Record<string, string>> {
  const { session, app } = ctx.state as SignedInState;
  const team = await teamProfile(sessionCaller(app.db, session));
  return { name: team.name, industry: team.industry ?? "" };
}

/** The currency card's data, with what the last post sent back into its forms. */
async function currencyData(
  ctx: Ctx<State>,
  form: { values?: Record<string, string>; errors?: FieldErrors; error?: string | null } = {},
): Promise<Data["currency"]> {
  const { session, app } = ctx.state as SignedInState;
  return {
    rates: await listRates(app.db, session.claims, session.team.id),
    values: form.values ?? {},
    errors: form.errors ?? {},
    error: form.error ?? null,
  };
}

/** The currency card's three forms: base currency, add a rate, remove a rate. A Response, or the re-render. */
async function currencyPost(ctx: Ctx<State>, values: Record<string, string>) {
  const { session, app } = ctx.state as SignedInState;
  const { claims, team } = session;
  const again = async (form: Parameters<typeof currencyData>[1], status: number) =>
    ctx.render<Data>({ values: await teamValues(ctx), errors: {}, currency: await currencyData(ctx, form) }, {
      status,
    });
  try {
    if (values.intent === "base_currency") {
      const form = parseWith(baseCurrencyInput, values, values);
      if (!form.ok) return await again(form, 422);
      await setBaseCurrency(app.db, claims, team.id, form.data.base_currency);
    } else if (values.intent === "add_rate") {
      const form = parseWith(rateInput, { ...values, valid_from: values.valid_from || undefined }, values);
      if (!form.ok) return await again(form, 422);
      await saveRate(app.db, claims, team.id, form.data);
    } else {
      await deleteRate(app.db, claims, team.id, values.rate_id ?? "");
    }
  } catch (error) {
    if (!(error instanceof AppError) || error.status >= 500) throw error;
    return await again({ values, error: error.message }, error.status);
  }
  return ctx.redirect("/settings/workspace?saved=currency#currency");
}

export const handler = define.handlers({
  async GET(ctx) {
    return ctx.render<Data>({
      values: await teamValues(ctx),
      errors: {},
      saved: ctx.url.searchParams.has("saved"),
      currency: await currencyData(ctx),
    });
  },
  async POST(ctx) {
    const { session, app } = ctx.state as SignedInState;
    const { values, lists } = await readForm(ctx.req);
    if (values.intent) return await currencyPost(ctx, values);
    const form = parseWith(teamInput, values, values);
    if (!form.ok) {
      return ctx.render<Data>({ values: form.values, errors: form.errors, currency: await currencyData(ctx) }, {
        status: 422,
      });
    }
    await renameTeam(app.db, session.claims, session.team.id, form.data);
    await updateModules(app.db, session.claims, session.team.id, lists.modules ?? []);
    return ctx.redirect("/settings/workspace?saved");
  },
});

export default define.page<typeof handler>(function WorkspaceSettings({ data, state, url }) {
  const { session, csrf } = state as SignedInState;
  const editable = canManageMembers(session.team.role);
  return (
    <SettingsLayout path={url.pathname} title="Workspace" description="Settings that apply to everyone in the team.">
      <Head>
        <title>Workspace · Settings · Leadly</title>
      </Head>
      {data.saved && (
        <Alert tone="success">
          {url.searchParams.get("saved") === "currency" ? "Currency settings saved." : "Workspace settings saved."}
        </Alert>
      )}
      {!editable && <Alert tone="info">Only owners and admins can change these settings.</Alert>}
      <Card>
        <form method="post" action="/settings/workspace" class="form stack">
          <CsrfField token={csrf} />
          <fieldset class="stack" disabled={!editable}>
            <Input label="Workspace name" name="name" required value={data.values.name} error={data.errors.name} />
            <Select
              label="Industry"
              name="industry"
              placeholder="Choose an industry"
              options={INDUSTRIES.map((value) => ({ value, label: value }))}
              value={data.values.industry}
              error={data.errors.industry}
              optional
            />
            <div class="stack-sm">
              <h2 class="text-md">Modules</h2>
              <ModulePicker selected={session.team.modules} />
            </div>
            <div>
              <Button type="submit" variant="primary">Save workspace</Button>
            </div>
          </fieldset>
        </form>
      </Card>
      <CurrencySettings
        base={data.currency.rates.base_currency}
        rates={data.currency.rates.rates}
        money={data.currency.rates.money}
        editable={editable}
        csrf={csrf}
        values={data.currency.values}
        errors={data.currency.errors}
        error={data.currency.error}
      />
    </SettingsLayout>
  );
});
