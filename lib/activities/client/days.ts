// Pure updates of the timeline's days (newest first) for entries that arrive or change live.
import { type ActivityDay, type ActivityItem, dayKey } from "./format.ts";

/**
 * Puts an entry where it belongs (newest first), or replaces it when it is already shown. An entry older than
 * everything loaded while more pages remain is left out: it comes with "Load more".
 */
export function placeItem(
  days: ActivityDay[],
  item: ActivityItem,
  { timeZone, moreToLoad }: { timeZone: string; moreToLoad: boolean },
): ActivityDay[] {
  const shown = days.some((d) => d.items.some((i) => i.id === item.id));
  if (shown) return days.map((d) => ({ ...d, items: d.items.map((i) => (i.id === item.id ? item : i)) }));
  const last = days.at(-1)?.items.at(-1);
  if (last && moreToLoad && item.occurred_at < last.occurred_at) return days;
  const date = dayKey(item.occurred_at, timeZone);
  const next = days.map((d) => ({ ...d, items: [...d.items] }));
  let day = next.find((d) => d.date === date);
  if (!day) {
    day = { date, items: [] };
    next.push(day);
    next.sort((a, b) => (a.date < b.date ? 1 : a.date > b.date ? -1 : 0));
  }
  const at = day.items.findIndex((i) => i.occurred_at < item.occurred_at);
  day.items.splice(at < 0 ? day.items.length : at, 0, item);
  return next;
}

/** Changes one entry (null removes it); days left empty go. */
export function changeItem(
  days: ActivityDay[],
  id: string,
  change: (item: ActivityItem) => ActivityItem | null,
): ActivityDay[] {
  return days.map((day) => ({
    ...day,
    items: day.items.map((item) => (item.id === id ? change(item) : item)).filter((i): i is ActivityItem => i !== null),
  })).filter((day) => day.items.length > 0);
}

/** Briefly highlights an entry that just arrived. */
export function flashEntry(id: string): void {
  requestAnimationFrame(() => {
    const entry = document.querySelector<HTMLElement>(`.timeline-item[data-id="${id}"]`);
    entry?.classList.add("live-flash");
    entry?.addEventListener("animationend", () => entry.classList.remove("live-flash"), { once: true });
  });
}
