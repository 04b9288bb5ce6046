// What a notification is, the kinds there are and the channels a person can choose for each.

export const NOTIFICATION_TYPES = [
  "direct_message",
  "mention",
  "task_assigned",
  "task_due_soon",
  "task_overdue",
  "deal_stage_changed",
  "lead_assigned",
  "invite_accepted",
  "system",
] as const;
export type NotificationType = typeof NOTIFICATION_TYPES[number];

/** How each type reads on the preferences page. */
export const TYPE_INFO: Record<NotificationType, { label: string; description: string }> = {
  direct_message: {
    label: "Direct messages",
    description: "A teammate writes to you in a direct or group conversation in chat.",
  },
  mention: { label: "Mentions", description: "Someone @mentions you in a note, comment or chat message." },
  task_assigned: { label: "Task assigned", description: "A task is assigned to you." },
  task_due_soon: { label: "Task due soon", description: "One of your open tasks is due within a day." },
  task_overdue: { label: "Task overdue", description: "One of your open tasks is past its due time." },
  deal_stage_changed: {
    label: "Deal stage changed",
    description: "A deal you own or watch moves to another stage.",
  },
  lead_assigned: { label: "Lead assigned", description: "A lead is assigned to you." },
  invite_accepted: { label: "Invitation accepted", description: "Someone you invited joins the workspace." },
  system: { label: "System alerts", description: "Notices from Leadly about your workspace." },
};

export const CHANNELS = ["in_app", "email", "push", "sms"] as const;
export type Channel = typeof CHANNELS[number];

export const CHANNEL_LABELS: Record<Channel, string> = {
  in_app: "In app",
  email: "Email digest",
  push: "Browser push",
  sms: "SMS (later)",
};

export const DEFAULT_CHANNELS: Record<Channel, boolean> = { in_app: true, email: true, push: true, sms: false };

/** How long a notification can be snoozed for, in the inbox. */
export const SNOOZE_CHOICES: { label: string; minutes: number }[] = [
  { label: "1 hour", minutes: 60 },
  { label: "3 hours", minutes: 180 },
  { label: "Tomorrow", minutes: 24 * 60 },
  { label: "Next week", minutes: 7 * 24 * 60 },
];

export const FILTERS = ["unread", "all", "snoozed", "archived"] as const;
export type NotificationFilter = typeof FILTERS[number];

export const DIGEST_FREQUENCIES = ["off", "hourly", "daily"] as const;
export type DigestFrequency = typeof DIGEST_FREQUENCIES[number];

/** A notification as the API and the islands see it (timestamps as ISO strings). */
export interface NotificationView {
  id: string;
  team_id: string;
  type: NotificationType;
  title: string;
  body: string | null;
  url: string | null;
  actor_id: string | null;
  actor_name: string | null;
  record_type: string | null;
  record_id: string | null;
  priority: "low" | "normal" | "high" | "urgent";
  created_at: string;
  read_at: string | null;
  archived_at: string | null;
  snoozed_until: string | null;
  metadata: Record<string, unknown>;
}

export interface Preference {
  type: NotificationType;
  label: string;
  description: string;
  in_app: boolean;
  email: boolean;
  push: boolean;
  sms: boolean;
}

export interface NotificationSettings {
  dnd_enabled: boolean;
  /** "HH:MM", local time in time_zone. */
  dnd_start: string;
  dnd_end: string;
  time_zone: string;
  digest_frequency: DigestFrequency;
  last_digest_at: string | null;
}

export const DEFAULT_SETTINGS: NotificationSettings = {
  dnd_enabled: false,
  dnd_start: "22:00",
  dnd_end: "07:00",
  time_zone: "UTC",
  digest_frequency: "daily",
  last_digest_at: null,
};
