// Desktop sidebar: the workspace's modules grouped, the current one highlighted.
import { Icon } from "../ui/Icon.tsx";
import { isActivePath, NAV_GROUP_LABELS, type NavGroup, type NavItem, visibleNavItems } from "./nav.ts";

export interface SidebarProps {
  path: string;
  modules?: string[];
}

const GROUP_ORDER: NavGroup[] = ["home", "crm", "collaborate", "insights"];

function NavLink({ item, path }: { item: NavItem; path: string }) {
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
        {item.href === "/chat" && <span class="chat-nav-badge" data-chat-unread hidden />}
      </a>
    </li>
  );
}

export function Sidebar({ path, modules }: SidebarProps) {
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
              {groupItems.map((item) => <NavLink key={item.href} item={item} path={path} />)}
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
