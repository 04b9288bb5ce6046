// The "Save as template" name field under a draft (AiWriter, BulkDraftCard): the name, then Save.
interface TemplateNameFormProps {
  name: string;
  onName: (name: string) => void;
  onSave: (event: Event) => void;
}

export function TemplateNameForm({ name, onName, onSave }: TemplateNameFormProps) {
  return (
    <form class="row gap-2 wrap ai-writer-template" onSubmit={onSave}>
      <input
        class="input input-sm"
        aria-label="Template name"
        placeholder="Template name"
        maxLength={120}
        required
        value={name}
        onInput={(e) => onName((e.target as HTMLInputElement).value)}
      />
      <button type="submit" class="btn btn-primary btn-sm">Save</button>
    </form>
  );
}
