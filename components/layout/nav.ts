// The app's main destinations, in one list shared by the sidebar and the phone bar.
import type { IconName } from "../ui/Icon.tsx";

export type NavGroup = "home" | "crm" | "collaborate" | "insights" | "settings";

export interface NavItem {
  href: string;
  label: string;
  icon: IconName;
  group: NavGroup;
  /** Workspace module that must be on for the item to show; none = always shown. */
  module?: string;
}

export const NAV_ITEMS: NavItem[] = [
  { href: "/", label: "Home", icon: "home", group: "home" },
  { href: "/contacts", label: "Contacts", icon: "users", group: "crm", module: "contacts" },
  { href: "/companies", label: "Companies", icon: "building", group: "crm", module: "companies" },
  { href: "/leads", label: "Leads", icon: "target", group: "crm", module: "leads" },
  { href: "/deals", label: "Deals", icon: "kanban", group: "crm", module: "deals" },
  { href: "/tasks", label: "Tasks", icon: "check-square", group: "collaborate", module: "tasks" },
  { href: "/chat", label: "Chat", icon: "message", group: "collaborate", module: "chat" },
  { href: "/notes", label: "Notes", icon: "file", group: "collaborate", module: "notes" },
  { href: "/reports", label: "Reports", icon: "chart", group: "insights" },
  { href: "/settings", label: "Settings", icon: "settings", group: "settings" },
];

export const NAV_GROUP_LABELS: Record<NavGroup, string> = {
  home: "",
  crm: "CRM",
  collaborate: "Collaborate",
  insights: "Insights",
  settings: "",
};

/** Home matches only "/"; other items also match their sub-pages (/contacts/42). */
export function isActivePath(path: string, href: string): boolean {
  if (href === "/") return path === "/";
  return path === href || path.startsWith(`${href}/`);
}

/** Items for the workspace's modules; `undefined` means every module is on. */
export function visibleNavItems(modules?: string[]): NavItem[] {
  return NAV_ITEMS.filter((item) => !item.module || !modules || modules.includes(item.module));
}

/** Order in which modules earn one of the three middle slots of the phone bar. */
const PHONE_PRIORITY = ["contacts", "deals", "tasks", "leads", "companies", "chat", "notes"];

/** Phone bar: Home and the three most important enabled modules; "More" (BottomNav) opens the rest. */
export function bottomNavItems(modules?: string[]): NavItem[] {
  const enabled = visibleNavItems(modules);
  const middle = PHONE_PRIORITY
    .map((module) => enabled.find((item) => item.module === module))
    .filter((item): item is NavItem => item !== undefined)
    .slice(0, 3);
  return [NAV_ITEMS[0], ...middle];
}

/** Pages that are no module but must be one tap away on a phone too. */
const NOTIFICATIONS_ITEM: NavItem = { href: "/notifications", label: "Notifications", icon: "bell", group: "settings" };

/**
 * The phone's "More" sheet: every destination of the sidebar plus Notifications, so that on a phone each
 * module is two taps away (More, then the module) whichever three earned a place in the bar.
 */
export function moreNavItems(modules?: string[]): NavItem[] {
  const items = visibleNavItems(modules);
  const settings = items.filter((item) => item.group === "settings");
  return [...items.filter((item) => item.group !== "settings"), NOTIFICATIONS_ITEM, ...settings];
}
