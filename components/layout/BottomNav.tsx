// Phone navigation: Home and three modules in a bar fixed to the bottom (hidden from 768px), and "More":
// a <details> sheet listing every destination, so each module is two taps away, with or without JavaScript.
import { Icon } from "../ui/Icon.tsx";
import ChatUnreadBadge, { type ChatUnreadBadgeProps } from "../../islands/ChatUnreadBadge.tsx";
import { bottomNavItems, isActivePath, moreNavItems } from "./nav.ts";

export interface BottomNavProps {
  path: string;
  modules?: string[];
  /** Unread chat for the "Chat" item (live on every page). */
  chat?: Omit<ChatUnreadBadgeProps, "place">;
}

export function BottomNav({ path, modules, chat }: BottomNavProps) {
  const barItems = bottomNavItems(modules);
  // "More" is the current item on a page none of the bar's items covers (Leads, Notes, Settings...).
  const elsewhere = !barItems.some((item) => isActivePath(path, item.href));
  return (
    <nav aria-label="Main (phone)">
      <ul class="bottom-nav">
        {barItems.map((item) => (
          <li key={item.label}>
            <a
              class="bottom-nav-item"
              href={item.href}
              aria-current={isActivePath(path, item.href) ? "page" : undefined}
            >
              <Icon name={item.icon} />
              {item.label}
              {item.href === "/chat" && chat && <ChatUnreadBadge {...chat} place="bottom" />}
            </a>
          </li>
        ))}
        <li>
          <details class="bottom-more">
            <summary class="bottom-nav-item" data-current={elsewhere ? "true" : undefined}>
              <Icon name="menu" />
              More
              {chat && !barItems.some((item) => item.href === "/chat") && <ChatUnreadBadge {...chat} place="bottom" />}
            </summary>
            <div class="bottom-more-sheet">
              <p class="bottom-more-title" id="bottom-more-title">All of Leadly</p>
              <ul class="bottom-more-list" aria-labelledby="bottom-more-title">
                {moreNavItems(modules).map((item) => (
                  <li key={item.href}>
                    <a
                      class="bottom-more-item"
                      href={item.href}
                      aria-current={isActivePath(path, item.href) ? "page" : undefined}
                    >
                      <Icon name={item.icon} />
                      {item.label}
                      {item.href === "/chat" && chat && <ChatUnreadBadge {...chat} place="sheet" />}
                    </a>
                  </li>
                ))}
              </ul>
            </div>
          </details>
        </li>
      </ul>
    </nav>
  );
}
