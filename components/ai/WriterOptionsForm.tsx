// The AI writer's choices (channel, goal, tone, length, language, how many drafts, extra wishes) as labelled
// selects: a plain component the AiWriter island renders and drives.
import {
  WRITER_CHANNELS,
  WRITER_GOALS,
  WRITER_LABELS,
  WRITER_LANGUAGES,
  WRITER_LENGTHS,
  WRITER_TONES,
  type WriterOptions,
} from "../../lib/ai/client/writer-options.ts";
import { Select } from "../ui/Select.tsx";

export interface WriterOptionsFormProps {
  options: WriterOptions;
  onChange: (options: WriterOptions) => void;
  /** The offline writer fills templates: it cannot follow free-text wishes. */
  offline: boolean;
  disabled: boolean;
  idPrefix: string;
}

interface ChoiceProps<K extends keyof typeof WRITER_LABELS> {
  name: K;
  label: string;
  values: readonly (keyof typeof WRITER_LABELS[K])[];
  props: WriterOptionsFormProps;
}

function Choice<K extends keyof typeof WRITER_LABELS>({ name, label, values, props }: ChoiceProps<K>) {
  const labels = WRITER_LABELS[name] as Record<string, string>;
  return (
    <Select
      id={`${props.idPrefix}-${name}`}
      name={name}
      label={label}
      size="sm"
      class="ai-writer-field"
      options={values.map((value) => ({ value: String(value), label: labels[String(value)] }))}
      value={String(props.options[name as keyof WriterOptions])}
      disabled={props.disabled}
      onChange={(e) => props.onChange({ ...props.options, [name]: (e.target as HTMLSelectElement).value })}
    />
  );
}

export function WriterOptionsForm(props: WriterOptionsFormProps) {
  const { options, onChange, disabled, offline, idPrefix } = props;
  return (
    <div class="ai-writer-options">
      <Choice name="channel" label="Channel" values={WRITER_CHANNELS} props={props} />
      <Choice name="goal" label="Goal" values={WRITER_GOALS} props={props} />
      <Choice name="tone" label="Tone" values={WRITER_TONES} props={props} />
      <Choice name="length" label="Length" values={WRITER_LENGTHS} props={props} />
      <Choice name="language" label="Language" values={WRITER_LANGUAGES} props={props} />
      <Select
        id={`${idPrefix}-variants`}
        name="variants"
        label="Drafts"
        size="sm"
        class="ai-writer-field"
        options={[{ value: "2", label: "2" }, { value: "3", label: "3" }]}
        value={String(options.variants)}
        disabled={disabled}
        onChange={(e) => onChange({ ...options, variants: Number((e.target as HTMLSelectElement).value) as 2 | 3 })}
      />
      <div class="field ai-writer-field ai-writer-wishes">
        <label class="field-label" for={`${idPrefix}-instructions`}>
          Extra wishes <span class="field-optional">optional</span>
        </label>
        <input
          id={`${idPrefix}-instructions`}
          class="input input-sm"
          name="instructions"
          maxLength={500}
          placeholder={offline ? "The offline writer uses templates only" : "e.g. mention the webinar on Thursday"}
          value={options.instructions ?? ""}
          disabled={disabled || offline}
          onInput={(e) => onChange({ ...options, instructions: (e.target as HTMLInputElement).value })}
        />
      </div>
    </div>
  );
}
