// New-password input with a live checklist and strength meter. Before hydration it is
// a plain, working password input; the rules are the same ones the server enforces.
import { useSignal } from "@preact/signals";
import { useEffect } from "preact/hooks";
import { checkPassword, STRENGTH_LABELS } from "@/lib/password-rules.ts";
import { Icon } from "@/components/ui/Icon.tsx";

export interface PasswordStrengthProps {
  id?: string;
  name?: string;
  label?: string;
  /** Server-side error to show under the field (e.g. after a failed POST). */
  error?: string | null;
  required?: boolean;
  autocomplete?: "new-password" | "current-password";
}

export default function PasswordStrength(props: PasswordStrengthProps) {
  const { id = "password", name = "password", label = "Password", error, required = true } = props;
  const value = useSignal("");
  const revealed = useSignal(false);
  const hydrated = useSignal(false);
  useEffect(() => {
    hydrated.value = true;
  }, []);

  const result = checkPassword(value.value);
  const empty = value.value.length === 0;
  const describedBy = [`${id}-rules`, `${id}-strength`, error ? `${id}-error` : ""].filter(Boolean).join(" ");

  return (
    <div class="field pw">
      <label class="field-label" for={id}>
        {label}
        {required && <span class="field-required" aria-hidden="true">*</span>}
      </label>
      <div class="pw-input">
        <input
          id={id}
          name={name}
          class="input"
          type={revealed.value ? "text" : "password"}
          autocomplete={props.autocomplete ?? "new-password"}
          required={required}
          aria-describedby={describedBy}
          aria-invalid={error ? "true" : undefined}
          onInput={(e) => value.value = e.currentTarget.value}
        />
        <button
          type="button"
          class="pw-reveal"
          aria-pressed={revealed.value}
          aria-controls={id}
          disabled={!hydrated.value}
          onClick={() => revealed.value = !revealed.value}
        >
          {revealed.value ? "Hide" : "Show"}
        </button>
      </div>
      <div class={`pw-meter pw-score-${result.score}`} aria-hidden="true">
        <span class="pw-seg" />
        <span class="pw-seg" />
        <span class="pw-seg" />
        <span class="pw-seg" />
      </div>
      <p class="pw-strength" id={`${id}-strength`} aria-live="polite">
        {empty ? "Use 10 or more characters." : (
          <>
            Strength: <strong>{STRENGTH_LABELS[result.score]}</strong>
          </>
        )}
      </p>
      <ul class="pw-rules" id={`${id}-rules`} aria-label="Password requirements">
        {result.rules.map((rule) => (
          <li key={rule.id} class={rule.ok ? "pw-rule is-ok" : "pw-rule"}>
            <Icon name={rule.ok ? "check" : "circle"} size="sm" />
            {rule.label}
            <span class="visually-hidden">{rule.ok ? "(met)" : "(not met)"}</span>
          </li>
        ))}
      </ul>
      {error && (
        <p class="field-error" id={`${id}-error`}>
          <Icon name="alert" size="sm" />
          <span>{error}</span>
        </p>
      )}
    </div>
  );
}
