// Tells a person's other tabs and devices that their notifications changed (read, archived, snoozed), through
// the change bus room user:<id>. New notifications are announced by the database itself (app.notify).
import type { ChangeBus } from "../bus/change-bus.ts";

export interface NotificationsChanged {
  team_id: string;
  action: string;
  ids: string[];
  unread_count: number;
}

export function announceChange(services: { bus: ChangeBus }, userId: string, change: NotificationsChanged): void {
  services.bus.publish({
    team_id: change.team_id,
    type: "notification.updated",
    record_type: "notification",
    record_id: change.ids[0] ?? userId,
    payload: change,
    rooms: [`user:${userId}`],
  });
}
