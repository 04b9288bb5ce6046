// The rules table on /settings/scoring: each rule in words, its points (editable by owners and admins), how many
// of the team's leads it hits today, and a remove button.
import { Card } from "../ui/Card.tsx";
import { Table } from "../ui/Table.tsx";
import { Badge } from "../ui/Badge.tsx";
import { Button } from "../ui/Button.tsx";
import { EmptyState } from "../ui/EmptyState.tsx";
import { CsrfField } from "../CsrfField.tsx";
import type { RuleView } from "../../lib/scoring/store.ts";

export interface ScoringRulesCardProps {
  rules: (RuleView & { hits: number })[];
  leadsPreviewed: number;
  canEdit: boolean;
  csrf: string;
}

const signed = (points: number) => (points > 0 ? `+${points}` : String(points));

export function ScoringRulesCard({ rules, leadsPreviewed, canEdit, csrf }: ScoringRulesCardProps) {
  return (
    <Card
      title="Rules"
      description={`Points add up from 0 and the total is kept between 0 and 100. "Hits" counts the ${
        leadsPreviewed.toLocaleString("en-US")
      } newest leads each rule matches today.`}
      flush
    >
      {rules.length === 0
        ? (
          <EmptyState
            title="No rules yet"
            text={canEdit
              ? "Add a fit or engagement rule below; leads are scored by them within a minute."
              : "An owner or admin can add scoring rules."}
          />
        )
        : (
          <Table label="Scoring rules" class="scoring-rules">
            <thead>
              <tr>
                <th>Rule</th>
                <th>Type</th>
                <th class="num">Points</th>
                <th class="num">Hits</th>
                {canEdit && (
                  <th class="cell-actions">
                    <span class="sr-only">Actions</span>
                  </th>
                )}
              </tr>
            </thead>
            <tbody>
              {rules.map((rule) => (
                <tr key={rule.id}>
                  <td>{rule.label}</td>
                  <td>
                    <Badge tone={rule.kind === "fit" ? "info" : "accent"}>
                      {rule.kind === "fit" ? "Fit" : "Engagement"}
                    </Badge>
                  </td>
                  <td class="num">
                    {canEdit
                      ? (
                        <form method="post" action="/settings/scoring" class="scoring-points-form">
                          <CsrfField token={csrf} />
                          <input type="hidden" name="intent" value="points" />
                          <input type="hidden" name="rule_id" value={rule.id} />
                          <input
                            class="input input-sm scoring-points-input"
                            type="number"
                            name="points"
                            min={-100}
                            max={100}
                            value={rule.points}
                            aria-label={`Points for ${rule.label}`}
                          />
                          <Button type="submit" size="sm">Save</Button>
                        </form>
                      )
                      : <span class="tabular">{signed(rule.points)}</span>}
                  </td>
                  <td class="num tabular" data-hits={rule.hits}>{rule.hits.toLocaleString("en-US")}</td>
                  {canEdit && (
                    <td class="cell-actions">
                      <form method="post" action="/settings/scoring">
                        <CsrfField token={csrf} />
                        <input type="hidden" name="intent" value="remove" />
                        <input type="hidden" name="rule_id" value={rule.id} />
                        <Button
                          type="submit"
                          size="sm"
                          variant="ghost"
                          icon="trash"
                          aria-label={`Remove ${rule.label}`}
                        >
                          Remove
                        </Button>
                      </form>
                    </td>
                  )}
                </tr>
              ))}
            </tbody>
          </Table>
        )}
    </Card>
  );
}
