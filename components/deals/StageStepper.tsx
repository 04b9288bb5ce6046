// The stage stepper on a deal's page: each open stage is a button of one form (POST action=move), so moving a
// deal needs no JavaScript; won and lost are small forms that ask for the reason the database requires.
import type { Stage } from "../../lib/deals/pipelines.ts";
import { stageTone } from "../../lib/deals/client/stage-tone.ts";
import { CsrfField } from "../CsrfField.tsx";
import { Icon } from "../ui/Icon.tsx";
import { cx } from "../ui/cx.ts";

export interface StageStepperProps {
  stages: Stage[];
  currentId: string;
  csrf: string;
  canWrite: boolean;
  winReason: string | null;
  lossReason: string | null;
}

export function StageStepper({ stages, currentId, csrf, canWrite, winReason, lossReason }: StageStepperProps) {
  const open = stages.filter((s) => s.kind === "open");
  const closing = stages.filter((s) => s.kind !== "open");
  const current = stages.find((s) => s.id === currentId);
  const currentOpenIndex = open.findIndex((s) => s.id === currentId);
  const closed = current && current.kind !== "open";
  return (
    <section class="stage-stepper" aria-label="Stage">
      <form method="post" class="stage-steps">
        <CsrfField token={csrf} />
        <input type="hidden" name="action" value="move" />
        <ol class="stage-steps-list">
          {open.map((stage, i) => {
            const state = stage.id === currentId ? "current" : !closed && i < currentOpenIndex ? "done" : "todo";
            return (
              <li key={stage.id} class={cx("stage-step", `is-${state}`, `stage-tone-${stageTone(stage.color)}`)}>
                <button
                  type="submit"
                  name="stage_id"
                  value={stage.id}
                  class="stage-step-button"
                  disabled={!canWrite || state === "current"}
                  aria-current={state === "current" ? "step" : undefined}
                  title={`${stage.name} · ${stage.probability}%`}
                >
                  {state === "done" && <Icon name="check" size="sm" />}
                  <span class="truncate">{stage.name}</span>
                </button>
              </li>
            );
          })}
        </ol>
      </form>
      <div class="stage-close">
        {closing.map((stage) => {
          const isCurrent = stage.id === currentId;
          const won = stage.kind === "won";
          const known = won ? winReason : lossReason;
          if (isCurrent || !canWrite) {
            return (
              <span
                key={stage.id}
                class={cx("stage-close-badge", won ? "is-won" : "is-lost", isCurrent && "is-current")}
              >
                <Icon name={won ? "check" : "x"} size="sm" />
                {stage.name}
              </span>
            );
          }
          return (
            <details key={stage.id} class="menu stage-close-menu">
              <summary
                class={cx("btn btn-sm", won ? "btn-secondary stage-close-won" : "btn-secondary stage-close-lost")}
              >
                <Icon name={won ? "check" : "x"} size="sm" />
                {won ? "Mark won" : "Mark lost"}
              </summary>
              <form method="post" class="menu-panel menu-panel-end stage-close-panel stack-sm">
                <CsrfField token={csrf} />
                <input type="hidden" name="action" value="move" />
                <input type="hidden" name="stage_id" value={stage.id} />
                <label class="field-label" for={`reason-${stage.id}`}>
                  {won ? "Why was it won?" : "Why was it lost?"}
                </label>
                <textarea
                  id={`reason-${stage.id}`}
                  name={won ? "win_reason" : "loss_reason"}
                  class="textarea"
                  rows={3}
                  maxLength={500}
                  required={!known}
                  placeholder={known ?? (won ? "e.g. Strongest integrations" : "e.g. Chose a cheaper tool")}
                />
                <button type="submit" class={cx("btn btn-sm", won ? "btn-primary" : "btn-danger")}>
                  Move to {stage.name}
                </button>
              </form>
            </details>
          );
        })}
      </div>
    </section>
  );
}
