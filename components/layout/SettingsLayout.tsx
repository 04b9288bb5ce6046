// Settings pages: a side list of sections on desktop, scrolling tabs on phones.
import type { ComponentChildren } from "preact";
import { Icon, type IconName } from "../ui/Icon.tsx";
import { PageHeader } from "../ui/PageHeader.tsx";
import { isActivePath } from "./nav.ts";

export interface SettingsSection {
  href: string;
  label: string;
  icon: IconName;
}

export const SETTINGS_SECTIONS: SettingsSection[] = [
  { href: "/settings/profile", label: "Profile", icon: "user" },
  { href: "/settings/security", label: "Security", icon: "shield" },
  { href: "/settings/notifications", label: "Notifications", icon: "bell" },
  { href: "/settings/team", label: "Team members", icon: "users" },
  { href: "/settings/workspace", label: "Workspace", icon: "building" },
  { href: "/settings/pipelines", label: "Pipelines", icon: "kanban" },
  { href: "/settings/scoring", label: "Lead scoring", icon: "target" },
  { href: "/settings/products", label: "Products", icon: "file" },
  { href: "/settings/jobs", label: "Background jobs", icon: "settings" },
  { href: "/settings/usage", label: "Usage & credits", icon: "sparkles" },
  // Not a settings page: the JSON API's reference (routes/api/v1/docs.tsx), for people wiring up scripts.
  { href: "/api/v1/docs", label: "API reference", icon: "file" },
];

export interface SettingsLayoutProps {
  /** Current path; its section is highlighted. */
  path: string;
  /** The section's heading (h1). */
  title: ComponentChildren;
  description?: ComponentChildren;
  actions?: ComponentChildren;
  children?: ComponentChildren;
}

export function SettingsLayout(props: SettingsLayoutProps) {
  const { path, title, description, actions, children } = props;
  return (
    <div class="settings">
      <nav class="settings-nav" aria-label="Settings">
        <p class="settings-nav-title">Settings</p>
        <ul class="settings-nav-list">
          {SETTINGS_SECTIONS.map((section) => (
            <li key={section.href}>
              <a
                class="settings-nav-item"
                href={section.href}
                aria-current={isActivePath(path, section.href) ? "page" : undefined}
              >
                <Icon name={section.icon} />
                {section.label}
              </a>
            </li>
          ))}
        </ul>
      </nav>
      <div class="settings-content">
        <PageHeader title={title} description={description} actions={actions} />
        {children}
      </div>
    </div>
  );
}
