// NEW → CONTACTED → INTERESTED → PROPOSAL_SENT → PAID, with the lead's place in it: done steps ticked, the current
// one marked (aria-current="step") with the date it got there. A lost lead shows the steps it reached, the rest
// crossed out, and Lost at the end as its current status.
import { Icon } from "../ui/Icon.tsx";
import { cx } from "../ui/cx.ts";
import { LEAD_FLOW, LEAD_STATUS_LABELS, type LeadStatus } from "../../lib/leads/status.ts";

export interface LeadStatusStepperProps {
  status: LeadStatus;
  /** "22 Nov 2026, 14:05", when the lead reached its status. */
  since?: string;
  /** For a LOST lead: the status it was in when it was lost (from its history). */
  lostFrom?: LeadStatus | null;
}

type StepState = "done" | "current" | "upcoming" | "skipped";

const STATE_WORDS: Record<StepState, string> = {
  done: " (done)",
  current: " (current status)",
  upcoming: " (not yet)",
  skipped: " (not reached)",
};

export function LeadStatusStepper({ status, since, lostFrom }: LeadStatusStepperProps) {
  const lost = status === "LOST";
  // a lost lead reached the step it was lost from; without its history, no step counts as reached
  const reached = lost ? (lostFrom && lostFrom !== "LOST" ? LEAD_FLOW.indexOf(lostFrom) : -1) : -1;
  const at = lost ? -1 : LEAD_FLOW.indexOf(status as typeof LEAD_FLOW[number]);
  const stateOf = (i: number): StepState =>
    lost ? (i <= reached ? "done" : "skipped") : i < at ? "done" : i === at ? "current" : "upcoming";
  return (
    <nav class={cx("lead-stepper-wrap", lost && "is-lost")} aria-label="Lead status">
      <ol class="lead-stepper">
        {LEAD_FLOW.map((step, i) => {
          const state = stateOf(i);
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
                <span class="visually-hidden">{STATE_WORDS[state]}</span>
                {state === "current" && since && <span class="lead-step-since">since {since}</span>}
              </span>
            </li>
          );
        })}
        {lost && (
          <li class="lead-step is-current is-lost" aria-current="step" data-status="LOST">
            <span class="lead-step-marker" aria-hidden="true">
              <Icon name="x" size="sm" />
            </span>
            <span class="lead-step-text">
              <span class="lead-step-label">{LEAD_STATUS_LABELS.LOST}</span>
              <span class="visually-hidden">{STATE_WORDS.current}</span>
              {since && <span class="lead-step-since">since {since}</span>}
            </span>
          </li>
        )}
      </ol>
    </nav>
  );
}
