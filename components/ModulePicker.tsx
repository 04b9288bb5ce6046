// Checkbox cards for the workspace's modules (signup step 4 and workspace settings).
import { Icon, type IconName } from "./ui/Icon.tsx";

export const MODULE_INFO: { id: string; label: string; text: string; icon: IconName }[] = [
  { id: "contacts", label: "Contacts", text: "People you sell to, with every touchpoint.", icon: "users" },
  { id: "companies", label: "Companies", text: "Accounts and their org charts.", icon: "building" },
  { id: "leads", label: "Leads", text: "New → Contacted → Interested → Proposal → Paid.", icon: "target" },
  { id: "deals", label: "Deals", text: "Pipelines on a live kanban board.", icon: "kanban" },
  { id: "tasks", label: "Tasks", text: "Follow-ups, reminders and recurring work.", icon: "check-square" },
  { id: "chat", label: "Team chat", text: "Channels and DMs next to your records.", icon: "message" },
  { id: "notes", label: "Notes", text: "Deal notes your team edits together.", icon: "file" },
];

export function ModulePicker({ selected }: { selected: string[] }) {
  return (
    <fieldset class="module-picker">
      <legend class="visually-hidden">Modules</legend>
      {MODULE_INFO.map((module) => (
        <label class="module-option" key={module.id}>
          <input type="checkbox" name="modules" value={module.id} checked={selected.includes(module.id)} />
          <span class="module-option-icon">
            <Icon name={module.icon} />
          </span>
          <span class="module-option-text">
            <strong class="module-option-label">{module.label}</strong>
            <span class="module-option-desc">{module.text}</span>
          </span>
        </label>
      ))}
    </fieldset>
  );
}
