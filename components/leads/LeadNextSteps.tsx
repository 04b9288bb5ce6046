// "What happens next": what the lead's status means, what the team may and may not do in it, and what moves it
// on, straight from the status flow's rules (lib/leads/status.ts).
import { Card } from "../ui/Card.tsx";
import { Icon } from "../ui/Icon.tsx";
import {
  isTerminal,
  LEAD_STATUS_INFO,
  LEAD_STATUS_LABELS,
  type LeadStatus,
  nextStatus,
  TRANSITION_TRIGGERS,
} from "../../lib/leads/status.ts";

/**
 * The flow's rules come from the product spec, which names AI drafting, reply classification and automations
 * Leadly does not have: the panel says what a person does here instead, and leaves out what nothing does.
 */
const AS_DONE_TODAY: Record<string, string | null> = {
  "Generate AI email": "Write the first email",
  "Classify replies using AI": null,
  "Schedule calls (future)": null,
  "Auto onboarding": null,
  "Generate proposal": "Write a proposal",
  "Lead replies positively or AI detects interest": "the lead replies positively",
  "AI detects interest": "a positive reply",
  "Stripe webhook": "payment received",
};
const asDoneToday = (text: string) => text in AS_DONE_TODAY ? AS_DONE_TODAY[text] : text;
const shownActions = (actions: readonly string[]) =>
  actions.map(asDoneToday).filter((action): action is string => action !== null);

export function LeadNextSteps({ status }: { status: LeadStatus }) {
  const info = LEAD_STATUS_INFO[status];
  const next = nextStatus(status);
  return (
    <Card title="What happens next" class="lead-next">
      <div class="stack-sm">
        <p class="text-sm">{info.meaning}</p>
        <div class="lead-rules">
          <div>
            <h3 class="lead-rules-title">Allowed now</h3>
            <ul class="lead-rules-list">
              {shownActions(info.allowed).map((action) => (
                <li key={action} class="lead-rule is-allowed">
                  <Icon name="check" size="sm" />
                  {action}
                </li>
              ))}
            </ul>
          </div>
          <div>
            <h3 class="lead-rules-title">{isTerminal(status) ? "Not allowed" : "Not allowed yet"}</h3>
            <ul class="lead-rules-list">
              {shownActions(info.notAllowed).map((action) => (
                <li key={action} class="lead-rule is-refused">
                  <Icon name="x" size="sm" />
                  {action}
                </li>
              ))}
            </ul>
          </div>
        </div>
        {next && !isTerminal(status)
          ? (
            <p class="text-sm lead-exit">
              <Icon name="arrow-right" size="sm" />
              <span>
                Moves to <strong>{LEAD_STATUS_LABELS[next]}</strong> when: {asDoneToday(info.exitCondition ?? "")}
                <span class="subtle">
                  ({asDoneToday(TRANSITION_TRIGGERS[status as keyof typeof TRANSITION_TRIGGERS])})
                </span>
              </span>
            </p>
          )
          : status === "LOST"
          ? (
            <p class="text-sm lead-exit">
              <Icon name="x" size="sm" />
              <span>Lost is final: the lead stays here with its reason.</span>
            </p>
          )
          : (
            <p class="text-sm lead-exit">
              <Icon name="check" size="sm" />
              <span>Paid is final: this lead is now a client.</span>
            </p>
          )}
      </div>
    </Card>
  );
}
