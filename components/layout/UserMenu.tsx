// The signed-in user's menu: account links, theme, and sign out (a POST with CSRF).
import ThemeToggle from "../../islands/ThemeToggle.tsx";
import StatusPicker from "../../islands/StatusPicker.tsx";
import { Avatar } from "../ui/Avatar.tsx";
import { Icon, type IconName } from "../ui/Icon.tsx";
import type { ShellUser } from "./types.ts";

export interface UserMenuProps {
  user: ShellUser;
  csrf: string;
}

const LINKS: { href: string; label: string; icon: IconName }[] = [
  { href: "/settings/profile", label: "Profile", icon: "user" },
  { href: "/settings/security", label: "Security", icon: "shield" },
  { href: "/settings/team", label: "Team members", icon: "users" },
  { href: "/teams/new", label: "Create workspace", icon: "plus" },
];

export function UserMenu({ user, csrf }: UserMenuProps) {
  return (
    <details class="menu">
      <summary class="icon-button" aria-label={`Account menu for ${user.name}`}>
        <Avatar name={user.name} size="sm" userId={user.id} cssInitials />
      </summary>
      <div class="menu-panel menu-panel-end">
        <div class="menu-header">
          <Avatar name={user.name} size="lg" userId={user.id} />
          <div class="stack-xs grow">
            <span class="strong truncate">{user.name}</span>
            <span class="subtle text-sm truncate">{user.email}</span>
          </div>
        </div>
        <div class="menu-separator" role="separator" />
        <StatusPicker userId={user.id} />
        <div class="menu-separator" role="separator" />
        {LINKS.map((link) => (
          <a key={link.href} class="menu-item" href={link.href}>
            <Icon name={link.icon} />
            {link.label}
          </a>
        ))}
        <div class="menu-separator" role="separator" />
        <ThemeToggle />
        <div class="menu-separator" role="separator" />
        <form class="menu-form" method="post" action="/logout">
          <input type="hidden" name="_csrf" value={csrf} />
          <button type="submit" class="menu-item menu-item-danger">
            <Icon name="logout" />
            Sign out
          </button>
        </form>
      </div>
    </details>
  );
}
