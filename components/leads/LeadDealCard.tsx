// Where a converted lead went: a link to its deal and the stage the deal is in now.
import { Card } from "../ui/Card.tsx";
import { Icon } from "../ui/Icon.tsx";

export interface LeadDealCardProps {
  deal: { id: string; name: string; stage_name: string | null };
}

export function LeadDealCard({ deal }: LeadDealCardProps) {
  return (
    <Card title="Deal" class="lead-deal">
      <p class="row gap-2 wrap lead-deal-link">
        <Icon name="kanban" size="sm" />
        <a href={`/deals/${deal.id}`}>{deal.name}</a>
        {deal.stage_name && <span class="text-xs muted">{deal.stage_name}</span>}
      </p>
    </Card>
  );
}
