// "Mark as lost": a disclosure with the one required field, the reason, kept in the status history and on the
// timeline. A plain form, so it works without JavaScript; a refused attempt opens it again with the message.
import { Button } from "../ui/Button.tsx";
import { Icon } from "../ui/Icon.tsx";
import { CsrfField } from "../CsrfField.tsx";
import { MAX_LOST_REASON } from "../../lib/leads/status.ts";

export interface LeadLostFormProps {
  csrf: string;
  /** Shown again after a refused attempt. */
  error?: string | null;
  reason?: string;
}

export function LeadLostForm({ csrf, error, reason = "" }: LeadLostFormProps) {
  return (
    <details class="menu lead-lost" open={Boolean(error)}>
      <summary class="btn btn-ghost">
        <Icon name="x" />
        Mark as lost
      </summary>
      <form method="post" class="menu-panel menu-panel-end lead-lost-panel stack-sm" aria-label="Mark as lost">
        <CsrfField token={csrf} />
        <input type="hidden" name="action" value="lost" />
        <p class="text-sm">
          Lost is final: the lead leaves the flow. Say why, so the team can learn from it.
        </p>
        <div class="field">
          <label class="field-label" for="lost-reason">Reason</label>
          <textarea
            id="lost-reason"
            name="reason"
            class="textarea"
            rows={3}
            required
            maxLength={MAX_LOST_REASON}
            placeholder="e.g. Not interested: chose another agency"
            aria-invalid={error ? "true" : undefined}
            aria-describedby={error ? "lost-error" : undefined}
          >
            {reason}
          </textarea>
          {error && <p class="field-error" id="lost-error" role="alert">{error}</p>}
        </div>
        <Button type="submit" variant="danger" size="sm">Mark as lost</Button>
      </form>
    </details>
  );
}
