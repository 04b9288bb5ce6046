// NEW → CONTACTED → INTERESTED → PROPOSAL_SENT → PAID, with the lead's place in it: done steps ticked, the current
// one marked (aria-current="step") with the date it got there.
import { Icon } from "../ui/Icon.tsx";
import { cx } from "../ui/cx.ts";
import { LEAD_STATUS_LABELS, LEAD_STATUSES, type LeadStatus } from "../../lib/crm/lead-status.ts";

export interface LeadStatusStepperProps {
  status: LeadStatus;
  /** "22 Nov 2026, 14:05", when the lead reached its status. */
  since?: string;
}

export function LeadStatusStepper({ status, since }: LeadStatusStepperProps) {
  const at = LEAD_STATUSES.indexOf(status);
  return (
    <nav class="lead-stepper-wrap" aria-label="Lead status">
      <ol class="lead-stepper">
        {LEAD_STATUSES.map((step, i) => {
          const state = i < at ? "done" : i === at ? "current" : "upcoming";
          return (
            <li
              key={step}
              class={cx("lead-step", `is-${state}`, step === "PAID" && status === "PAID" && "is-paid")}
              aria-current={state === "current" ? "step" : undefined}
              data-status={step}
            >
              <span class="lead-step-marker" aria-hidden="true">
                {state === "done" || (state === "current" && step === "PAID")
                  ? <Icon name="check" size="sm" />
                  : <span>{i + 1}</span>}
              </span>
              <span class="lead-step-text">
                <span class="lead-step-label">{LEAD_STATUS_LABELS[step]}</span>
                <span class="visually-hidden">
                  {state === "done" ? " (done)" : state === "current" ? " (current status)" : " (not yet)"}
                </span>
                {state === "current" && since && <span class="lead-step-since">since {since}</span>}
              </span>
            </li>
          );
        })}
      </ol>
    </nav>
  );
}
