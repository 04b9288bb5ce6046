// A lead's status as a colored badge: one tone per step, so a list of leads reads at a glance.
import { Badge, type BadgeTone } from "../ui/Badge.tsx";
import { isLeadStatus, LEAD_STATUS_LABELS, type LeadStatus } from "../../lib/leads/status.ts";

export const LEAD_STATUS_TONES: Record<LeadStatus, BadgeTone> = {
  NEW: "neutral",
  CONTACTED: "info",
  INTERESTED: "accent",
  PROPOSAL_SENT: "warning",
  PAID: "success",
  LOST: "danger",
};

export function LeadStatusBadge({ status }: { status: string }) {
  if (!isLeadStatus(status)) return <Badge>{status}</Badge>;
  return (
    <Badge tone={LEAD_STATUS_TONES[status]} dot class="lead-status-badge">
      {LEAD_STATUS_LABELS[status]}
    </Badge>
  );
}
