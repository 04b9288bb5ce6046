// What the home page shows: the default pipeline at a glance and the signed-in user's tasks.
import type { Claims } from "./db/claims.ts";
import type { Db } from "./db/mod.ts";
import { loadBoard } from "./deals/deals.ts";
import { addSums, type MoneyContext, type MoneySummary, summarize } from "./deals/money.ts";
import { myTasks } from "./tasks/views.ts";
import type { Task } from "./tasks/tasks.ts";

export interface PipelineSummary {
  name: string;
  openCount: number;
  /** Open deals' values in the team's base currency; `open.weighted_total` is the weighted pipeline. */
  open: MoneySummary;
  won: MoneySummary;
  stages: { id: string; name: string; count: number; money: MoneySummary }[];
  money: MoneyContext;
}

export interface Dashboard {
  pipeline: PipelineSummary | null;
  tasks: Task[];
}

export async function loadDashboard(db: Db, claims: Claims, teamId: string): Promise<Dashboard> {
  // Only the column totals are needed here, so as few cards as the board allows are fetched.
  const board = await loadBoard(db, claims, teamId, null, { limitPerStage: 1 }).catch(() => null);
  const open = board?.stages.filter((s) => s.kind === "open") ?? [];
  const pipeline = board && {
    name: board.pipeline.name,
    openCount: open.reduce((n, s) => n + s.count, 0),
    open: summarize(addSums(...open.map((s) => s.by_currency)), board.money),
    won: summarize(addSums(...board.stages.filter((s) => s.kind === "won").map((s) => s.by_currency)), board.money),
    stages: open.map((s) => ({
      id: s.id,
      name: s.name,
      count: s.count,
      money: summarize(s.by_currency, board.money),
    })),
    money: board.money,
  };
  const tasks = await myTasks(db, claims, teamId, { limit: 6 });
  return { pipeline, tasks: tasks.data };
}
