// Workspace switcher: a <details> dropdown whose options are tiny POST forms, so it
// works without JavaScript and switching is CSRF-protected like any other mutation.
import { Avatar } from "../ui/Avatar.tsx";
import { Icon } from "../ui/Icon.tsx";
import { roleLabel, type ShellTeam } from "./types.ts";

export interface TeamSwitcherProps {
  team: ShellTeam | null;
  teams: ShellTeam[];
  csrf: string;
}

export function TeamSwitcher({ team, teams, csrf }: TeamSwitcherProps) {
  return (
    <details class="menu">
      <summary
        class="team-trigger"
        aria-label={team ? `Workspace: ${team.name}. Switch workspace` : "Choose workspace"}
      >
        {team ? <Avatar name={team.name} size="sm" square cssInitials /> : <Icon name="building" />}
        <span class="truncate">{team ? team.name : "Choose workspace"}</span>
        {team && <span class="team-trigger-role" aria-hidden="true" data-role={roleLabel(team.role)} />}
        <Icon name="selector" size="sm" />
      </summary>
      <div class="menu-panel">
        {teams.length > 0 && <p class="menu-label">Workspaces</p>}
        {teams.map((option) => {
          const current = option.id === team?.id;
          return (
            <form key={option.id} class="menu-form" method="post" action="/teams/switch">
              <input type="hidden" name="team_id" value={option.id} />
              <input type="hidden" name="_csrf" value={csrf} />
              <button type="submit" class="menu-item" aria-current={current ? "true" : undefined}>
                <Avatar name={option.name} size="sm" square />
                <span class="team-option">
                  <span class="truncate">{option.name}</span>
                  <span class="subtle text-xs">{roleLabel(option.role)}</span>
                </span>
                {current && <Icon name="check" class="menu-item-check" />}
              </button>
            </form>
          );
        })}
        {teams.length > 0 && <div class="menu-separator" role="separator" />}
        <a class="menu-item" href="/teams/new">
          <Icon name="plus" />
          Create workspace
        </a>
      </div>
    </details>
  );
}
