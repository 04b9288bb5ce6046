// The signed-in app frame: header (brand, workspace switcher, search, notifications,
// account), sidebar on desktop, bottom bar on phones. Menus are <details>, so the whole
// frame works before (or without) JavaScript.
import type { ComponentChildren } from "preact";
import CommandPalette from "../../islands/CommandPalette.tsx";
import NotificationBell from "../../islands/NotificationBell.tsx";
import LiveUpdatesStatus from "../../islands/LiveUpdatesStatus.tsx";
import { Icon } from "../ui/Icon.tsx";
import { BottomNav } from "./BottomNav.tsx";
import { Brand } from "./Brand.tsx";
import { Sidebar } from "./Sidebar.tsx";
import { TeamSwitcher } from "./TeamSwitcher.tsx";
import type { ShellTeam, ShellUser } from "./types.ts";
import { UserMenu } from "./UserMenu.tsx";
import { HeaderCredits } from "../credits/HeaderCredits.tsx";
import type { CreditBalance } from "../../lib/credits/balance.ts";

export interface AppShellProps {
  /** Current URL path, e.g. "/contacts/42"; decides the highlighted nav item. */
  path: string;
  user: ShellUser;
  team: ShellTeam | null;
  teams: ShellTeam[];
  /** Modules the workspace has on; omit to show all. */
  modules?: string[];
  /** CSRF token posted back by the workspace switch and sign-out forms. */
  csrf: string;
  /** Replaces the live notification bell (islands/NotificationBell.tsx). */
  bell?: ComponentChildren;
  /** Shows a dot on the default bell. */
  unreadNotifications?: number;
  /** Unread chat when the page was rendered (the Chat items' badges; live after that). */
  chatUnread?: { unread: number; direct: number };
  /** The team's credit balance (components/credits/HeaderCredits.tsx); none shown when absent. */
  credits?: CreditBalance | null;
  children?: ComponentChildren;
}

function DefaultBell({ unread }: { unread: number }) {
  const label = unread > 0 ? `Notifications, ${unread} unread` : "Notifications";
  return (
    <a class="icon-button" href="/notifications" aria-label={label} title="Notifications">
      <Icon name="bell" />
      {unread > 0 && <span class="icon-button-dot" />}
    </a>
  );
}

export function AppShell(props: AppShellProps) {
  const { path, user, team, teams, modules, csrf, bell, unreadNotifications = 0, chatUnread, children } = props;
  const chat = user.id && team && chatUnread ? { userId: user.id, teamId: team.id, ...chatUnread } : undefined;
  return (
    <div class="app">
      <a class="skip-link" href="#main">Skip to content</a>
      <header class="app-header">
        <Brand />
        <span class="app-header-divider" aria-hidden="true" />
        <TeamSwitcher team={team} teams={teams} csrf={csrf} />
        {/* Ctrl/Cmd-K palette; before hydration or without JavaScript it is a link to /search. */}
        <CommandPalette teamId={team?.id ?? ""} modules={modules} />
        <div class="app-header-actions">
          <HeaderCredits credits={props.credits} />
          {bell ?? (user.id && team
            ? <NotificationBell userId={user.id} teamId={team.id} csrf={csrf} unread={unreadNotifications} />
            : <DefaultBell unread={unreadNotifications} />)}
          <UserMenu user={user} csrf={csrf} />
        </div>
      </header>
      {/* Says so when realtime is refused or down; only where there is a workspace to be live in. */}
      {user.id && team && <LiveUpdatesStatus />}
      <Sidebar path={path} modules={modules} chat={chat} />
      <main id="main" class="app-main" tabindex={-1}>
        <div class="app-content">{children}</div>
      </main>
      <BottomNav path={path} modules={modules} chat={chat} />
    </div>
  );
}
