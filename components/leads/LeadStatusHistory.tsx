// Every status change of a lead, newest first: who, when, from → to, and the reason of an override.
import { Card } from "../ui/Card.tsx";
import { Badge } from "../ui/Badge.tsx";
import { LeadStatusBadge } from "./LeadStatusBadge.tsx";
import type { LeadStatusChange } from "../../lib/leads/leads.ts";
import { dateTime } from "../../lib/activities/client/format.ts";

export function LeadStatusHistory({ changes, timeZone }: { changes: LeadStatusChange[]; timeZone: string }) {
  return (
    <Card title="Status history" class="lead-history">
      {changes.length === 0
        ? <p class="text-sm muted">Still in New: no status changes yet.</p>
        : (
          <ol class="lead-history-list">
            {[...changes].reverse().map((change) => (
              <li key={change.id} class="lead-history-item" data-to={change.to_status}>
                <p class="lead-history-move">
                  <LeadStatusBadge status={change.from_status} />
                  <span aria-label="to">→</span>
                  <LeadStatusBadge status={change.to_status} />
                  {change.is_override && <Badge tone="danger" outline>Override</Badge>}
                  {change.service_reason?.startsWith("ai:") && <Badge tone="info" outline>AI decision</Badge>}
                </p>
                <p class="text-xs muted">
                  {change.changed_by_name ?? (change.service_reason ? `Leadly (${change.service_reason})` : "Someone")}
                  {" · "}
                  <time dateTime={new Date(change.created_at).toISOString()}>
                    {dateTime(change.created_at, timeZone)}
                  </time>
                </p>
                {change.reason && <p class="lead-history-reason">“{change.reason}”</p>}
              </li>
            ))}
          </ol>
        )}
    </Card>
  );
}
