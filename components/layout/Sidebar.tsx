// Desktop sidebar: the workspace's modules grouped, the current one highlighted.
import { Icon } from "../ui/Icon.tsx";
import ChatUnreadBadge, { type ChatUnreadBadgeProps } from "../../islands/ChatUnreadBadge.tsx";
import { isActivePath, NAV_GROUP_LABELS, type NavGroup, type NavItem, visibleNavItems } from "./nav.ts";

export interface SidebarProps {
  path: string;
  modules?: string[];
  /** Unread chat for the "Chat" item (live on every page). */
  chat?: Omit<ChatUnreadBadgeProps, "place">;
}

const GROUP_ORDER: NavGroup[] = ["home", "crm", "collaborate", "insights"];

function NavLink({ item, path, chat }: { item: NavItem; path: string; chat?: SidebarProps["chat"] }) {
  return (
    <li>
      <a
        class="nav-item"
        href={item.href}
        aria-current={isActivePath(path, item.href) ? "page" : undefined}
        title={item.label}
      >
        <Icon name={item.icon} />
        <span class="nav-label">{item.label}</span>
        {item.href === "/chat" && chat && <ChatUnreadBadge {...chat} place="sidebar" />}
      </a>
    </li>
  );
}

export function Sidebar({ path, modules, chat }: SidebarProps) {
  const items = visibleNavItems(modules);
  const settings = items.filter((item) => item.group === "settings");
  return (
    <nav class="sidebar" aria-label="Main">
      {GROUP_ORDER.map((group) => {
        const groupItems = items.filter((item) => item.group === group);
        if (groupItems.length === 0) return null;
        const heading = NAV_GROUP_LABELS[group];
        return (
          <div key={group} class="sidebar-section">
            {heading && <p class="sidebar-heading" id={`nav-${group}`}>{heading}</p>}
            <ul class="nav-list" aria-labelledby={heading ? `nav-${group}` : undefined}>
              {groupItems.map((item) => <NavLink key={item.href} item={item} path={path} chat={chat} />)}
            </ul>
          </div>
        );
      })}
      <div class="sidebar-section sidebar-footer">
        <ul class="nav-list">
          {settings.map((item) => <NavLink key={item.href} item={item} path={path} />)}
        </ul>
      </div>
    </nav>
  );
}
