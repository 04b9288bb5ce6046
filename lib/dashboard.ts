// What the home page shows: the default pipeline at a glance and the signed-in user's tasks.
import type { Claims } from "./auth/claims.ts";
import type { Db } from "./db/mod.ts";
import { loadBoard } from "./crm/deals.ts";
import { myTasks } from "./tasks/views.ts";
import type { Task } from "./tasks/tasks.ts";

export interface PipelineSummary {
  name: string;
  openCount: number;
  openValue: number;
  weightedValue: number;
  wonValue: number;
  stages: { id: string; name: string; count: number; total: number }[];
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
    openValue: open.reduce((n, s) => n + Number(s.total), 0),
    weightedValue: open.reduce((n, s) => n + Number(s.weighted_total), 0),
    wonValue: board.stages.filter((s) => s.kind === "won").reduce((n, s) => n + Number(s.total), 0),
    stages: open.map((s) => ({ id: s.id, name: s.name, count: s.count, total: Number(s.total) })),
  };
  const tasks = await myTasks(db, claims, teamId, { limit: 6 });
  return { pipeline, tasks: tasks.data };
}
