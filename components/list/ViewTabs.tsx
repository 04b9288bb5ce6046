// Saved views of a list as tabs: "All contacts" first, then the user's views, then shared ones. Each
// tab is a link (?view=<id>) so it works without JavaScript; the island switches views in place.
import type { SavedView } from "../../lib/records/saved-views.ts";
import { Icon } from "../ui/Icon.tsx";
import { cx } from "../ui/cx.ts";

export interface ViewTabsProps {
  allLabel: string;
  basePath: string;
  views: SavedView[];
  active: string;
  /** The active view's filters were changed since it was opened. */
  modified: boolean;
  userId: string;
  onSelect(view: SavedView | null, event: MouseEvent): void;
}

export function ViewTabs({ allLabel, basePath, views, active, modified, userId, onSelect }: ViewTabsProps) {
  return (
    <nav aria-label="Saved views" class="list-views">
      <ul class="tabs list-view-tabs">
        <li>
          <a
            class="tab"
            href={basePath}
            aria-current={active === "" ? "page" : undefined}
            onClick={(event) => onSelect(null, event as unknown as MouseEvent)}
          >
            {allLabel}
          </a>
        </li>
        {views.map((view) => {
          const shared = view.owner_id !== userId;
          return (
            <li key={view.id}>
              <a
                class={cx("tab", active === view.id && modified && "is-modified")}
                href={`${basePath}?view=${view.id}`}
                aria-current={active === view.id ? "page" : undefined}
                title={shared
                  ? "Shared by a teammate"
                  : view.is_shared
                  ? "Shared with your team"
                  : "Only you see this view"}
                onClick={(event) => onSelect(view, event as unknown as MouseEvent)}
              >
                {view.is_shared && <Icon name="users" size="sm" class="subtle" />}
                {view.name}
                {active === view.id && modified && (
                  <span class="list-view-modified">
                    <span class="visually-hidden">(changed)</span>
                  </span>
                )}
              </a>
            </li>
          );
        })}
      </ul>
    </nav>
  );
}
