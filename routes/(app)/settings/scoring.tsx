// Settings → Lead scoring: the team's rules (fit and engagement points) with how many leads each one hits, forms
// for owners and admins to add, re-weight and remove them, and the learned model's status with "Retrain now".
// Plain form POSTs (303 back here); everyone else sees the same page read-only.
import { define, type SignedInState } from "../../../utils.ts";
import { Head } from "../../../lib/web/head.tsx";
import { SettingsLayout } from "../../../components/layout/SettingsLayout.tsx";
import { Alert } from "../../../components/ui/Alert.tsx";
import { type FieldErrors, parseWith, readForm } from "../../../lib/forms.ts";
import { sessionCaller } from "../../../lib/caller.ts";
import { AppError } from "../../../lib/errors.ts";
import { ruleInput, rulePointsInput } from "../../../lib/scoring/rules.ts";
import {
  addRule,
  deleteRule,
  listRules,
  type ModelStatus,
  modelStatus,
  previewRules,
  requestRetrain,
  type RuleView,
  setRulePoints,
} from "../../../lib/scoring/store.ts";
import { ScoringRulesCard } from "../../../components/scoring/ScoringRulesCard.tsx";
import { ScoringRuleForms } from "../../../components/scoring/ScoringRuleForms.tsx";
import { ScoringModelCard } from "../../../components/scoring/ScoringModelCard.tsx";
import type { Ctx } from "../../../lib/web/context.ts";
import type { State } from "../../../utils.ts";

interface Data {
  rules: (RuleView & { hits: number })[];
  leadsPreviewed: number;
  model: ModelStatus;
  canEdit: boolean;
  /** Which form the last post came from, its values and errors. */
  form: { intent: string; values: Record<string, string>; errors: FieldErrors; error: string | null };
  notice: string | null;
}

const NOTICES: Record<string, string> = {
  added: "Rule added. Scores are recalculated within a minute.",
  points: "Points saved. Scores are recalculated within a minute.",
  removed: "Rule removed. Scores are recalculated within a minute.",
  queued: "Retraining has started; the status below updates when it is done.",
  trained: "The model was retrained and scores recalculated.",
};

async function pageData(ctx: Ctx<State>, form: Partial<Data["form"]> = {}): Promise<Data> {
  const { session, app } = ctx.state as SignedInState;
  const caller = sessionCaller(app.db, session);
  const rules = await listRules(caller);
  const [preview, model] = await Promise.all([previewRules(caller, rules), modelStatus(caller)]);
  const done = ctx.url.searchParams.get("done") ?? "";
  return {
    rules: rules.map((rule) => ({ ...rule, hits: preview.hits[rule.id] ?? 0 })),
    leadsPreviewed: preview.leads,
    model,
    canEdit: session.team.role === "owner" || session.team.role === "admin",
    form: { intent: "", values: {}, errors: {}, error: null, ...form },
    notice: NOTICES[done] ?? null,
  };
}

export const handler = define.handlers({
  async GET(ctx) {
    return ctx.render<Data>(await pageData(ctx));
  },
  async POST(ctx) {
    const { session, app } = ctx.state as SignedInState;
    const caller = sessionCaller(app.db, session);
    const { values } = await readForm(ctx.req);
    const intent = values.intent ?? "";
    const again = async (errors: FieldErrors, error: string | null, status: number) =>
      ctx.render<Data>(await pageData(ctx, { intent, values, errors, error }), { status });
    try {
      let done = "";
      if (intent === "add_fit" || intent === "add_engagement") {
        const form = parseWith(ruleInput, { ...values, kind: intent === "add_fit" ? "fit" : "engagement" }, values);
        if (!form.ok) return await again(form.errors, null, 422);
        await addRule(caller, form.data);
        done = "added";
      } else if (intent === "points") {
        const form = parseWith(rulePointsInput, values, values);
        if (!form.ok) return await again(form.errors, null, 422);
        await setRulePoints(caller, values.rule_id ?? "", form.data.points);
        done = "points";
      } else if (intent === "remove") {
        await deleteRule(caller, values.rule_id ?? "");
        done = "removed";
      } else if (intent === "retrain") {
        done = (await requestRetrain(caller)).queued ? "queued" : "trained";
      } else {
        return await again({}, "That form is not one this page knows.", 400);
      }
      return ctx.redirect(`/settings/scoring?done=${done}`);
    } catch (error) {
      if (!(error instanceof AppError) || error.status >= 500) throw error;
      return await again({}, error.message, error.status);
    }
  },
});

export default define.page<typeof handler>(function ScoringSettings({ data, state, url }) {
  const { csrf } = state as SignedInState;
  return (
    <SettingsLayout
      path={url.pathname}
      title="Lead scoring"
      description="Points for who a lead is and what they did lately, plus a score learned from your won and lost deals."
    >
      <Head>
        <title>Lead scoring · Settings · Leadly</title>
      </Head>
      {data.notice && <Alert tone="success">{data.notice}</Alert>}
      {data.form.error && <Alert tone="error">{data.form.error}</Alert>}
      {!data.canEdit && <Alert tone="info">Only owners and admins can change the scoring rules.</Alert>}
      <ScoringRulesCard rules={data.rules} leadsPreviewed={data.leadsPreviewed} canEdit={data.canEdit} csrf={csrf} />
      {data.canEdit && <ScoringRuleForms csrf={csrf} form={data.form} />}
      <ScoringModelCard model={data.model} canEdit={data.canEdit} csrf={csrf} />
    </SettingsLayout>
  );
});
