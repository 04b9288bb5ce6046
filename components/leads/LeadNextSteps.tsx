// "What happens next": what the lead's status means, what the team may and may not do in it, and what moves it
// on, straight from the status flow's rules (lib/crm/lead-status.ts).
import { Card } from "../ui/Card.tsx";
import { Icon } from "../ui/Icon.tsx";
import {
  LEAD_STATUS_INFO,
  LEAD_STATUS_LABELS,
  type LeadStatus,
  nextStatus,
  TRANSITION_TRIGGERS,
} from "../../lib/crm/lead-status.ts";

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
              {info.allowed.map((action) => (
                <li key={action} class="lead-rule is-allowed">
                  <Icon name="check" size="sm" />
                  {action}
                </li>
              ))}
            </ul>
          </div>
          <div>
            <h3 class="lead-rules-title">Not allowed yet</h3>
            <ul class="lead-rules-list">
              {info.notAllowed.map((action) => (
                <li key={action} class="lead-rule is-refused">
                  <Icon name="x" size="sm" />
                  {action}
                </li>
              ))}
            </ul>
          </div>
        </div>
        {next && status !== "PAID"
          ? (
            <p class="text-sm lead-exit">
              <Icon name="arrow-right" size="sm" />
              <span>
                Moves to <strong>{LEAD_STATUS_LABELS[next]}</strong> when: {info.exitCondition}
                <span class="subtle">({TRANSITION_TRIGGERS[status as Exclude<LeadStatus, "PAID">]})</span>
              </span>
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
