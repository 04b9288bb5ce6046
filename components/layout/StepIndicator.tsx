// "Step 2 of 4" with a segmented progress bar and the named steps. Segments instead of
// a width percentage keep it free of inline styles (the CSP forbids them).
import { Icon } from "../ui/Icon.tsx";

export interface StepIndicatorProps {
  /** 1-based. */
  step: number;
  steps: string[];
}

export function StepIndicator({ step, steps }: StepIndicatorProps) {
  const current = Math.min(Math.max(step, 1), steps.length);
  const state = (index: number) => index + 1 < current ? "is-done" : index + 1 === current ? "is-current" : "";
  return (
    <div class="steps">
      <div class="steps-meta">
        <span>Step {current} of {steps.length}</span>
        <span class="steps-current">{steps[current - 1]}</span>
      </div>
      <div
        class="steps-bar"
        role="progressbar"
        aria-label="Sign-up progress"
        aria-valuemin={1}
        aria-valuemax={steps.length}
        aria-valuenow={current}
        aria-valuetext={`Step ${current} of ${steps.length}: ${steps[current - 1]}`}
      >
        {steps.map((label, index) => <span key={label} class={`steps-seg ${state(index)}`} />)}
      </div>
      <ol class="steps-list">
        {steps.map((label, index) => (
          <li
            key={label}
            class={`steps-item ${state(index)}`}
            aria-current={index + 1 === current ? "step" : undefined}
          >
            <span class="steps-num" aria-hidden="true">
              {index + 1 < current ? <Icon name="check" size="sm" /> : index + 1}
            </span>
            {label}
          </li>
        ))}
      </ol>
    </div>
  );
}
