// The learned model's status on /settings/scoring: trained or why not, on how many closed deals, how accurate,
// when; owners and admins can retrain it now (otherwise it retrains nightly).
import { Card } from "../ui/Card.tsx";
import { Badge } from "../ui/Badge.tsx";
import { Button } from "../ui/Button.tsx";
import { CsrfField } from "../CsrfField.tsx";
import type { ModelStatus } from "../../lib/scoring/store.ts";

export interface ScoringModelCardProps {
  model: ModelStatus;
  canEdit: boolean;
  csrf: string;
}

const percent = (value: number | null | undefined) =>
  typeof value === "number" ? `${Math.round(value * 100)}%` : "not measured (fewer than 50 deals)";

export function ScoringModelCard({ model, canEdit, csrf }: ScoringModelCardProps) {
  const trained = model.status === "trained";
  return (
    <Card
      title={
        <span class="row gap-2">
          Learned score
          <Badge tone={trained ? "success" : "warning"} dot>
            {trained ? "Trained" : model.status === "never_trained" ? "Not trained yet" : "Not enough data"}
          </Badge>
        </span>
      }
      description="Logistic regression on your won and lost deals, retrained every night. With rules and a trained model, a lead's score is the average of both."
      actions={canEdit && (
        <form method="post" action="/settings/scoring">
          <CsrfField token={csrf} />
          <input type="hidden" name="intent" value="retrain" />
          <Button type="submit" size="sm">Retrain now</Button>
        </form>
      )}
    >
      {model.message && <p class="muted">{model.message}</p>}
      {model.status !== "never_trained" && (
        <dl class="scoring-model-facts">
          <div>
            <dt>Closed deals used</dt>
            <dd class="tabular">{model.sample_size} ({model.positives} won)</dd>
          </div>
          {trained && (
            <>
              <div>
                <dt>Accuracy on held-out deals</dt>
                <dd class="tabular">{percent(model.metrics.holdout_accuracy)}</dd>
              </div>
              <div>
                <dt>Accuracy on training deals</dt>
                <dd class="tabular">{percent(model.metrics.accuracy)}</dd>
              </div>
              <div>
                <dt>Features</dt>
                <dd class="tabular">{model.features}</dd>
              </div>
            </>
          )}
          <div>
            <dt>Last trained</dt>
            <dd>
              {model.trained_at
                ? new Date(model.trained_at).toISOString().slice(0, 16).replace("T", " ") + " UTC"
                : "—"}
            </dd>
          </div>
        </dl>
      )}
    </Card>
  );
}
