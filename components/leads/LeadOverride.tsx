// Owners and admins: set any status outside the flow, with a reason that goes into the history. A disclosure
// with a plain form, so it works without JavaScript.
import { Button } from "../ui/Button.tsx";
import { Icon } from "../ui/Icon.tsx";
import { CsrfField } from "../CsrfField.tsx";
import { LEAD_STATUS_LABELS, LEAD_STATUSES, type LeadStatus } from "../../lib/leads/status.ts";
import { MIN_OVERRIDE_REASON } from "../../lib/leads/leads.ts";

export interface LeadOverrideProps {
  status: LeadStatus;
  csrf: string;
  /** Shown again after a refused override. */
  error?: string | null;
  values?: { to?: string; reason?: string };
}

export function LeadOverride({ status, csrf, error, values = {} }: LeadOverrideProps) {
  return (
    <details class="menu lead-override" open={Boolean(error)}>
      <summary class="btn btn-ghost">
        <Icon name="shield" />
        Override status
      </summary>
      <form method="post" class="menu-panel menu-panel-end lead-override-panel stack-sm" aria-label="Override status">
        <CsrfField token={csrf} />
        <input type="hidden" name="action" value="override" />
        <p class="text-sm">
          Set any status outside the normal flow. The reason is kept in the status history.
        </p>
        <div class="field">
          <label class="field-label" for="override-to">New status</label>
          <span class="select-wrap">
            <select id="override-to" name="to" class="select" required>
              {LEAD_STATUSES.filter((s) => s !== status).map((s) => (
                <option key={s} value={s} selected={values.to === s}>{LEAD_STATUS_LABELS[s]}</option>
              ))}
            </select>
            <Icon name="chevron-down" size="sm" class="select-icon" />
          </span>
        </div>
        <div class="field">
          <label class="field-label" for="override-reason">Reason</label>
          <textarea
            id="override-reason"
            name="reason"
            class="textarea"
            rows={3}
            required
            minLength={MIN_OVERRIDE_REASON}
            maxLength={500}
            placeholder="e.g. Paid by bank transfer, confirmed by finance"
            aria-invalid={error ? "true" : undefined}
            aria-describedby={error ? "override-error" : undefined}
          >
            {values.reason ?? ""}
          </textarea>
          {error && <p class="field-error" id="override-error" role="alert">{error}</p>}
        </div>
        <Button type="submit" variant="danger" size="sm">Override status</Button>
      </form>
    </details>
  );
}
