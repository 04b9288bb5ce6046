// Subtasks under their parent in a task list: a subtask whose parent is in the list moves right below it
// (after the parent's earlier subtasks), one level deeper; the rest keep the list's order. Pure, so the
// server-rendered list and the TaskList island order rows the same way.

export interface Nested<T> {
  row: T;
  /** 0 for a top-level row, 1 for a subtask shown under its parent, and so on. */
  depth: number;
}

/** Rows in display order with their depth. Parent cycles (which the database forbids) fall back to flat. */
export function nestSubtasks<T extends { id: string; parent_id: string | null }>(rows: T[]): Nested<T>[] {
  const ids = new Set(rows.map((r) => r.id));
  const children = new Map<string, T[]>();
  const roots: T[] = [];
  for (const row of rows) {
    if (row.parent_id && row.parent_id !== row.id && ids.has(row.parent_id)) {
      const list = children.get(row.parent_id) ?? [];
      list.push(row);
      children.set(row.parent_id, list);
    } else roots.push(row);
  }
  const out: Nested<T>[] = [];
  const placed = new Set<string>();
  const place = (row: T, depth: number) => {
    if (placed.has(row.id)) return;
    placed.add(row.id);
    out.push({ row, depth });
    for (const child of children.get(row.id) ?? []) place(child, depth + 1);
  };
  for (const row of roots) place(row, 0);
  // rows caught in a cycle have no root above them: show them flat rather than lose them
  for (const row of rows) place(row, 0);
  return out;
}
