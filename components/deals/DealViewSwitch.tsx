// Board | List: the two ways to look at deals, as links (no JavaScript needed).
import { Icon } from "../ui/Icon.tsx";

export function DealViewSwitch({ current }: { current: "board" | "list" }) {
  return (
    <nav class="deal-view-switch" aria-label="Deals view">
      <a href="/deals" class="deal-view-option" aria-current={current === "board" ? "page" : undefined}>
        <Icon name="kanban" size="sm" />
        Board
      </a>
      <a href="/deals/list" class="deal-view-option" aria-current={current === "list" ? "page" : undefined}>
        <Icon name="menu" size="sm" />
        List
      </a>
    </nav>
  );
}
