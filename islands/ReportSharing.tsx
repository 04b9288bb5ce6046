// A saved report's way out: download it as CSV, Excel or PDF; make a read-only link that expires (and revoke
// it); and email it on a schedule (daily / weekly / monthly in a time zone, stored as an rrule). A dashboard
// gets the schedule part only (its email carries each widget's data).
import { useSignal } from "@preact/signals";
import { useEffect } from "preact/hooks";
import { call as request } from "@/lib/reports/client/api.ts";
import { useHydrated } from "@/lib/web/hydrated.ts";
import {
  DAY_NAMES,
  describeRrule,
  type Frequency,
  scheduleRrule,
  SEND_TIME,
  type Weekday,
  WEEKDAYS,
} from "@/lib/reports/client/schedule.ts";
import { Icon } from "@/components/ui/Icon.tsx";

export interface ReportSharingProps {
  kind: "report" | "dashboard";
  id: string;
  userEmail: string;
}

interface ShareLink {
  id: string;
  /** Only when just made: the token is not kept, so older links are listed without it. */
  url?: string;
  expiresAt: string;
}
/** A link as listed (lib/reports/share-links.ts). */
interface StoredLink {
  id: string;
  expires_at: string;
  revoked_at: string | null;
}
interface Schedule {
  id: string;
  rrule: string;
  timezone: string;
  recipients: string[];
  next_run_at?: string | null;
}

const EXPORTS = [["csv", "CSV"], ["xlsx", "Excel"], ["pdf", "PDF"]] as const;

function browserZone(): string {
  return Intl.DateTimeFormat().resolvedOptions().timeZone || "UTC";
}

/** Every IANA zone the browser knows, with the chosen one first in case the list lacks it (e.g. "UTC"). */
function zones(current: string): string[] {
  const intl = Intl as { supportedValuesOf?: (key: string) => string[] };
  const all = intl.supportedValuesOf?.("timeZone") ?? [];
  return all.includes(current) ? all : [current, ...all];
}

export default function ReportSharing(props: ReportSharingProps) {
  const hydrated = useHydrated();
  const base = `/api/v1/${props.kind === "report" ? "reports" : "dashboards"}/${props.id}`;
  const isReport = props.kind === "report";
  const links = useSignal<ShareLink[]>([]);
  const days = useSignal("7");
  const schedules = useSignal<Schedule[]>([]);
  const frequency = useSignal<Frequency>("weekly");
  const weekday = useSignal<Weekday>("MO");
  const timezone = useSignal("UTC");
  const sendTime = useSignal(SEND_TIME);
  const recipients = useSignal(props.userEmail);
  const message = useSignal<{ text: string; error?: boolean } | null>(null);
  /** Only the report's owner makes links and schedules (the API refuses others too). */
  const isOwner = useSignal(false);

  useEffect(() => {
    timezone.value = browserZone();
    void (async () => {
      const report = await request<{ mine?: boolean }>("GET", base);
      isOwner.value = Boolean(report.ok && report.body?.mine);
      if (!isOwner.value) return;
      const [scheduled, stored] = await Promise.all([
        request<Schedule[]>("GET", `${base}/schedules`),
        isReport ? request<StoredLink[]>("GET", `${base}/share-links`) : null,
      ]);
      if (scheduled.ok && scheduled.body) schedules.value = scheduled.body;
      if (stored?.ok && stored.body) {
        const now = Date.now();
        links.value = stored.body
          .filter((l) => !l.revoked_at && Date.parse(l.expires_at) > now)
          .map((l) => ({ id: l.id, expiresAt: l.expires_at }));
      }
    })();
  }, []);

  const say = (text: string, error = false) => message.value = { text, error };

  const createLink = async () => {
    const answer = await request<ShareLink>("POST", `${base}/share-links`, { expiresInDays: Number(days.value) });
    if (!answer.ok || !answer.body) return say(answer.error ?? "The link could not be made.", true);
    const link = answer.body;
    links.value = [...links.value, { ...link, url: link.url && new URL(link.url, location.origin).href }];
    say("Link ready: anyone with it sees this report, read-only, until it expires or you revoke it.");
  };

  const revoke = async (link: ShareLink) => {
    const answer = await request("DELETE", `/api/v1/share-links/${link.id}`);
    if (!answer.ok) return say(answer.error ?? "The link could not be revoked.", true);
    links.value = links.value.filter((l) => l.id !== link.id);
    say("Link revoked: it no longer opens the report.");
  };

  const schedule = async (event: Event) => {
    event.preventDefault();
    const rrule = scheduleRrule({ frequency: frequency.value, weekday: weekday.value, time: sendTime.value });
    const list = recipients.value.split(/[,\s;]+/).map((r) => r.trim()).filter(Boolean);
    const answer = await request<Schedule>("POST", `${base}/schedules`, {
      rrule,
      timezone: timezone.value,
      recipients: list,
    });
    if (!answer.ok || !answer.body) return say(answer.error ?? "The schedule could not be saved.", true);
    schedules.value = [...schedules.value, answer.body];
    say(`Scheduled: ${describeRrule(rrule, timezone.value)}.`);
  };

  const unschedule = async (item: Schedule) => {
    const answer = await request("DELETE", `${base}/schedules/${item.id}`);
    if (!answer.ok) return say(answer.error ?? "The schedule could not be removed.", true);
    schedules.value = schedules.value.filter((s) => s.id !== item.id);
    say("Schedule removed.");
  };

  // Someone else's dashboard: nothing to export here, and only its owner schedules it.
  if (!isReport && !isOwner.value) return null;
  return (
    <section class="report-sharing card" aria-label={isReport ? "Export and share" : "Email this dashboard"}>
      {isReport && (
        <div class="report-sharing-group">
          <h2 class="report-sharing-title">Export</h2>
          <div class="report-row">
            {EXPORTS.map(([ext, label]) => (
              <a key={ext} class="btn btn-secondary btn-sm" href={`${base}/export.${ext}`} download>
                <Icon name="download" size="sm" /> {label}
              </a>
            ))}
          </div>
        </div>
      )}
      {isReport && isOwner.value && (
        <div class="report-sharing-group">
          <h2 class="report-sharing-title">Read-only link</h2>
          <div class="report-row">
            <span class="select-wrap">
              <select
                class="select select-sm"
                aria-label="Link expires after"
                value={days.value}
                onChange={(e) => days.value = e.currentTarget.value}
              >
                <option value="1">Expires in 1 day</option>
                <option value="7">Expires in 7 days</option>
                <option value="30">Expires in 30 days</option>
              </select>
              <Icon name="chevron-down" size="sm" class="select-icon" />
            </span>
            <button type="button" class="btn btn-secondary btn-sm" disabled={!hydrated} onClick={createLink}>
              Create link
            </button>
          </div>
          <ul class="report-links">
            {links.value.map((link) => (
              <li key={link.id} class="report-row">
                {link.url
                  ? <input class="input input-sm" readOnly value={link.url} aria-label="Share link" />
                  : <span class="text-sm">Link made earlier</span>}
                <span class="text-sm muted">until {new Date(link.expiresAt).toLocaleDateString()}</span>
                <button type="button" class="btn btn-ghost btn-sm" onClick={() => revoke(link)}>Revoke</button>
              </li>
            ))}
          </ul>
        </div>
      )}
      {isOwner.value && (
        <form class="report-sharing-group" onSubmit={schedule}>
          <h2 class="report-sharing-title">Email on a schedule</h2>
          <p class="text-sm muted">
            Sent at the time you choose in the recipients' time zone, with the CSV and PDF attached.
          </p>
          <div class="report-row report-row-wrap">
            <span class="select-wrap">
              <select
                class="select select-sm"
                aria-label="How often"
                value={frequency.value}
                onChange={(e) => frequency.value = e.currentTarget.value as Frequency}
              >
                <option value="daily">Every day</option>
                <option value="weekly">Every week</option>
                <option value="monthly">Every month (1st)</option>
              </select>
              <Icon name="chevron-down" size="sm" class="select-icon" />
            </span>
            {frequency.value === "weekly" && (
              <span class="select-wrap">
                <select
                  class="select select-sm"
                  aria-label="On"
                  value={weekday.value}
                  onChange={(e) => weekday.value = e.currentTarget.value as Weekday}
                >
                  {WEEKDAYS.map((day) => <option key={day} value={day}>on {DAY_NAMES[day]}</option>)}
                </select>
                <Icon name="chevron-down" size="sm" class="select-icon" />
              </span>
            )}
            <input
              type="time"
              class="input input-sm report-schedule-time"
              aria-label="At"
              required
              value={sendTime.value}
              onInput={(e) => sendTime.value = e.currentTarget.value}
            />
            <span class="select-wrap">
              <select
                class="select select-sm"
                aria-label="Time zone"
                value={timezone.value}
                onChange={(e) => timezone.value = e.currentTarget.value}
              >
                {zones(timezone.value).map((zone) => <option key={zone} value={zone}>{zone}</option>)}
              </select>
              <Icon name="chevron-down" size="sm" class="select-icon" />
            </span>
          </div>
          <label class="field">
            <span class="field-label">Recipients (team members' emails)</span>
            <input
              class="input input-sm"
              value={recipients.value}
              onInput={(e) => recipients.value = e.currentTarget.value}
            />
          </label>
          <button type="submit" class="btn btn-secondary btn-sm report-schedule-add" disabled={!hydrated}>
            Add schedule
          </button>
          <ul class="report-links">
            {schedules.value.map((item) => (
              <li key={item.id} class="report-row">
                <span class="text-sm">
                  {describeRrule(item.rrule, item.timezone)} → {item.recipients.join(", ")}
                  {item.next_run_at && ` · next ${new Date(item.next_run_at).toLocaleString()}`}
                </span>
                <button type="button" class="btn btn-ghost btn-sm" onClick={() => unschedule(item)}>Remove</button>
              </li>
            ))}
          </ul>
        </form>
      )}
      {message.value && (
        <p class={message.value.error ? "field-error" : "text-sm muted"} role="status">{message.value.text}</p>
      )}
    </section>
  );
}
