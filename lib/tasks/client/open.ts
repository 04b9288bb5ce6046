// Browser-safe helpers of the task list (no server imports): which rows count as open, and counts in words.
export const isOpenTask = (task: { status: string }): boolean =>
  task.status === "todo" || task.status === "in_progress";

export const taskCount = (n: number): string => `${n} task${n === 1 ? "" : "s"}`;
