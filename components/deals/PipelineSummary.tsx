// The board's pipeline line: open deals, pipeline value (in the base currency), weighted and won.
import type { pipelineTotals } from "../../lib/deals/client/state.ts";
import { MoneyBreakdown, MoneyTotal, UnconvertedNote } from "./MoneyTotal.tsx";

/** "12 open deals · $287,300 USD in pipeline · …": follows moves like the column headers. */
export function PipelineSummary(props: ReturnType<typeof pipelineTotals>) {
  const { openCount, open, won } = props;
  return (
    <p class="deal-summary">
      <span>
        <strong class="tabular">{openCount}</strong> open {openCount === 1 ? "deal" : "deals"}
      </span>
      <span class="deal-summary-pipeline">
        <strong>
          <MoneyTotal summary={open} note={false} />
        </strong>{" "}
        in pipeline
        <UnconvertedNote summary={open} />
        <MoneyBreakdown summary={open} label="How the pipeline total adds up" />
      </span>
      <span>
        <strong>
          <MoneyTotal summary={open} weighted note={false} />
        </strong>{" "}
        weighted
      </span>
      <span>
        <strong class="deal-summary-won">
          <MoneyTotal summary={won} note={false} />
        </strong>{" "}
        won
        <UnconvertedNote summary={won} />
      </span>
    </p>
  );
}
