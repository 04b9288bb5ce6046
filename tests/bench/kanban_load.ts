// kanban_load: the board of a 2,000-deal pipeline (all columns, totals, cards), under RLS.
import { loadBoard } from "../../lib/deals/deals.ts";
import { largeWorkspace, sample } from "./large.ts";
import { type BenchResult, percentile, result } from "./results.ts";

export async function kanbanLoad(): Promise<BenchResult[]> {
  const { db, claims, teamId } = await largeWorkspace();
  const times = await sample(50, async () => {
    const board = await loadBoard(db, claims, teamId, null);
    const cards = board.stages.reduce((n, s) => n + s.count, 0);
    if (cards !== 2000) throw new Error(`expected 2,000 deals on the board, got ${cards}`);
  });
  return [result("kanban_load", "p50_ms", percentile(times, 50), "ms", 100)];
}
