// "Repeat" on the task form: Never / Daily / Weekly on chosen days / Monthly on a day / Monthly on the nth
// weekday / a custom RRULE, with a live description ("Every week on Mon, Wed") or a readable error.
// Every control is a real form field: without JavaScript the same fields post and the server builds the
// rule (CSS shows the fields of the chosen kind). Fields are never disabled, so the form always posts.
import { useEffect, useRef, useState } from "preact/hooks";
import { useHydrated } from "@/lib/web/hydrated.ts";
import { Icon } from "@/components/ui/Icon.tsx";
import {
  followDueDate,
  initialPicks,
  NTH_OPTIONS,
  REPEAT_KINDS,
  REPEAT_LABELS,
  type RepeatForm,
  type RepeatPicks,
  ruleFromRepeatForm,
  WEEKDAY_LABELS,
} from "@/lib/tasks/client/repeat-form.ts";
import { type Weekday, WEEKDAYS } from "@/lib/tasks/recurrence.ts";

export interface RecurrencePickerProps {
  initial: RepeatForm;
  /** The server's message after a failed post. */
  error?: string | null;
}

const UNITS: Record<string, [string, string]> = {
  daily: ["day", "days"],
  weekly: ["week", "weeks"],
  monthly_day: ["month", "months"],
  monthly_weekday: ["month", "months"],
};

/** The due date field of the form the picker sits in (the task form's "Date"). */
const dueInput = (el: Element | null) => el?.closest("form")?.querySelector<HTMLInputElement>("input[name=due_date]");

export default function RecurrencePicker({ initial, error }: RecurrencePickerProps) {
  const hydrated = useHydrated();
  const [form, setForm] = useState<RepeatForm>(initial);
  const [touched, setTouched] = useState(false);
  const [dueDate, setDueDate] = useState<string | null>(null);
  const root = useRef<HTMLFieldSetElement>(null);
  // Days the person ticked themselves stay; the others follow the due date as it changes.
  const picks = useRef<RepeatPicks | null>(null);
  const live = useRef(form);
  live.current = form;

  useEffect(() => {
    const input = dueInput(root.current);
    if (!input) return;
    setDueDate(input.value || null);
    picks.current = initialPicks(live.current, input.value || null);
    const follow = () => {
      setDueDate(input.value || null);
      if (!input.value || !picks.current) return;
      const next = followDueDate(live.current, picks.current, input.value);
      live.current = next;
      setForm(next);
    };
    input.addEventListener("input", follow);
    input.addEventListener("change", follow);
    return () => {
      input.removeEventListener("input", follow);
      input.removeEventListener("change", follow);
    };
  }, []);

  const change = (patch: Partial<RepeatForm>, picked?: keyof RepeatPicks) => {
    setTouched(true);
    if (picked && picks.current) picks.current = { ...picks.current, [picked]: true };
    setForm({ ...form, ...patch });
  };
  const result = ruleFromRepeatForm(form, dueDate);
  const shownError = touched || !error ? (result.ok ? null : result.error) : error;
  const unit = UNITS[form.repeat];
  const interval = Number(form.interval) || 1;
  const toggleDay = (day: Weekday, on: boolean) =>
    change({ weekdays: WEEKDAYS.filter((d) => (d === day ? on : form.weekdays.includes(d))) }, "weekdays");

  return (
    <fieldset
      ref={root}
      class="repeat-picker"
      data-kind={form.repeat}
      data-hydrated={hydrated ? "true" : undefined}
    >
      <legend class="field-label">Repeat</legend>
      <div class="repeat-row">
        <span class="select-wrap repeat-kind">
          <select
            name="repeat"
            class="select"
            aria-label="Repeat"
            value={form.repeat}
            onChange={(e) => change({ repeat: (e.target as HTMLSelectElement).value as RepeatForm["repeat"] })}
          >
            {REPEAT_KINDS.map((kind) => (
              <option key={kind} value={kind} selected={kind === form.repeat}>{REPEAT_LABELS[kind]}</option>
            ))}
          </select>
          <Icon name="chevron-down" size="sm" class="select-icon" />
        </span>
        <label class="repeat-interval">
          <span>every</span>
          <input
            type="number"
            name="repeat_interval"
            class="input input-sm"
            min={1}
            max={999}
            value={form.interval}
            aria-label="Repeat every how many"
            onInput={(e) => change({ interval: (e.target as HTMLInputElement).value })}
          />
          <span class="repeat-unit">{unit ? unit[interval === 1 ? 0 : 1] : "day(s) / week(s) / month(s)"}</span>
        </label>
      </div>

      <div class="repeat-weekly" role="group" aria-label="On these days">
        {WEEKDAYS.map((day) => (
          <label key={day} class="repeat-day">
            <input
              type="checkbox"
              name="repeat_weekdays"
              value={day}
              checked={form.weekdays.includes(day)}
              onChange={(e) => toggleDay(day, (e.target as HTMLInputElement).checked)}
            />
            <span>{WEEKDAY_LABELS[day]}</span>
          </label>
        ))}
      </div>

      <label class="repeat-monthly-day">
        <span>on day</span>
        <span class="select-wrap">
          <select
            name="repeat_day"
            class="select select-sm"
            value={form.day}
            onChange={(e) => change({ day: (e.target as HTMLSelectElement).value }, "day")}
          >
            {Array.from({ length: 31 }, (_, i) => String(i + 1)).map((d) => (
              <option key={d} value={d} selected={d === form.day}>{d}</option>
            ))}
            <option value="-1" selected={form.day === "-1"}>the last day</option>
          </select>
          <Icon name="chevron-down" size="sm" class="select-icon" />
        </span>
      </label>

      <div class="repeat-monthly-weekday">
        <span>on the</span>
        <span class="select-wrap">
          <select
            name="repeat_nth"
            class="select select-sm"
            aria-label="Which one in the month"
            value={form.nth}
            onChange={(e) => change({ nth: (e.target as HTMLSelectElement).value }, "monthlyWeekday")}
          >
            {NTH_OPTIONS.map((o) => (
              <option key={o.value} value={o.value} selected={o.value === form.nth}>{o.label}</option>
            ))}
          </select>
          <Icon name="chevron-down" size="sm" class="select-icon" />
        </span>
        <span class="select-wrap">
          <select
            name="repeat_weekday"
            class="select select-sm"
            aria-label="Weekday"
            value={form.weekday}
            onChange={(e) => change({ weekday: (e.target as HTMLSelectElement).value as Weekday }, "monthlyWeekday")}
          >
            {WEEKDAYS.map((d) => <option key={d} value={d} selected={d === form.weekday}>{WEEKDAY_LABELS[d]}</option>)}
          </select>
          <Icon name="chevron-down" size="sm" class="select-icon" />
        </span>
      </div>

      <label class="repeat-custom">
        <span class="visually-hidden">Custom repeat rule</span>
        <input
          name="recurrence_rule"
          class="input mono"
          placeholder="FREQ=WEEKLY;BYDAY=MO,WE"
          autocomplete="off"
          spellcheck={false}
          value={form.rule}
          aria-label="Custom repeat rule (RRULE)"
          aria-invalid={shownError && form.repeat === "custom" ? "true" : undefined}
          onInput={(e) => change({ rule: (e.target as HTMLInputElement).value })}
        />
      </label>

      <p class="repeat-summary" aria-live="polite">
        {shownError
          ? <span class="field-error repeat-error" role="alert">{shownError}</span>
          : result.ok && result.text
          ? <span class="repeat-text">{result.text}</span>
          : form.repeat === "never"
          ? <span class="muted">Does not repeat.</span>
          : null}
      </p>
    </fieldset>
  );
}
