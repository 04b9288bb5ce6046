// Settings → Notifications: per type, which channels (in app, email digest, browser push, SMS later) in this
// workspace; how often the email digest comes; quiet hours; and web push for this browser.
import { define, type SignedInState } from "../../../utils.ts";
import { Head } from "../../../lib/web/head.tsx";
import { SettingsLayout } from "../../../components/layout/SettingsLayout.tsx";
import { Alert } from "../../../components/ui/Alert.tsx";
import { Button } from "../../../components/ui/Button.tsx";
import { Card } from "../../../components/ui/Card.tsx";
import { Checkbox } from "../../../components/ui/Checkbox.tsx";
import { Input } from "../../../components/ui/Input.tsx";
import { Select } from "../../../components/ui/Select.tsx";
import { CsrfField } from "../../../components/CsrfField.tsx";
import NotificationPush from "../../../islands/NotificationPush.tsx";
import {
  getPreferences,
  getSettings,
  preferencesFromForm,
  savePreferences,
  saveSettings,
  settingsBody,
} from "../../../lib/notifications/store.ts";
import {
  CHANNEL_LABELS,
  CHANNELS,
  type NotificationSettings,
  type Preference,
} from "../../../lib/notifications/types.ts";

interface Data {
  preferences: Preference[];
  settings: NotificationSettings;
  saved: boolean;
  error: string | null;
}

const TIME_ZONES = ["UTC", ...Intl.supportedValuesOf("timeZone").filter((zone) => zone !== "UTC")];
const DIGESTS = [
  { value: "off", label: "Off: no emails" },
  { value: "hourly", label: "Hourly" },
  { value: "daily", label: "Daily" },
];

export const handler = define.handlers({
  async GET(ctx) {
    const { session } = ctx.state as SignedInState;
    const db = ctx.state.app.db;
    return ctx.render<Data>({
      preferences: await getPreferences(db, session.claims, session.team.id),
      settings: await getSettings(db, session.claims),
      saved: ctx.url.searchParams.has("saved"),
      error: null,
    });
  },
  async POST(ctx) {
    const { session } = ctx.state as SignedInState;
    const db = ctx.state.app.db;
    const form = await ctx.req.formData();
    const parsed = settingsBody.safeParse({
      dnd_enabled: form.get("dnd_enabled") === "on",
      dnd_start: String(form.get("dnd_start") ?? ""),
      dnd_end: String(form.get("dnd_end") ?? ""),
      time_zone: String(form.get("time_zone") ?? ""),
      digest_frequency: String(form.get("digest_frequency") ?? ""),
    });
    const preferences = preferencesFromForm(form);
    const fail = async (message: string) =>
      ctx.render<Data>({
        preferences: (await getPreferences(db, session.claims, session.team.id)).map((p) => ({
          ...p,
          ...preferences.find((q) => q.type === p.type),
        })),
        settings: await getSettings(db, session.claims),
        saved: false,
        error: message,
      }, { status: 422 });
    if (!parsed.success) return await fail(parsed.error.issues[0].message);
    try {
      await saveSettings(db, session.claims, parsed.data);
    } catch (error) {
      return await fail((error as Error).message);
    }
    await savePreferences(db, session.claims, session.team.id, preferences);
    return ctx.redirect("/settings/notifications?saved");
  },
});

export default define.page<typeof handler>(function NotificationSettingsPage({ data, state, url }) {
  const { csrf, session } = state as SignedInState;
  const { preferences, settings } = data;
  return (
    <SettingsLayout
      path={url.pathname}
      title="Notifications"
      description={`What you hear about in ${session.team.name}, and how.`}
    >
      <Head>
        <title>Notifications · Settings · Leadly</title>
      </Head>
      {data.saved && <Alert tone="success">Your notification settings were saved.</Alert>}
      {data.error && <Alert tone="error">{data.error}</Alert>}
      <form method="post" action="/settings/notifications" class="form stack notif-settings">
        <CsrfField token={csrf} />
        <Card
          title="What you hear about"
          description="In-app notifications show in the bell. Email comes as a digest. SMS is stored for when it exists."
          flush
        >
          <div class="notif-prefs-wrap">
            <table class="notif-prefs">
              <thead>
                <tr>
                  <th scope="col">Notification</th>
                  {CHANNELS.map((channel) => <th key={channel} scope="col">{CHANNEL_LABELS[channel]}</th>)}
                </tr>
              </thead>
              <tbody>
                {preferences.map((p) => (
                  <tr key={p.type} data-type={p.type}>
                    <th scope="row">
                      <span class="notif-prefs-label">{p.label}</span>
                      <span class="notif-prefs-description">{p.description}</span>
                    </th>
                    {CHANNELS.map((channel) => (
                      <td key={channel} data-label={CHANNEL_LABELS[channel]}>
                        <label class="notif-switch">
                          <input
                            type="checkbox"
                            name={`${p.type}.${channel}`}
                            checked={p[channel]}
                            aria-label={`${p.label}: ${CHANNEL_LABELS[channel]}`}
                          />
                          <span class="notif-switch-text" aria-hidden="true">{CHANNEL_LABELS[channel]}</span>
                        </label>
                      </td>
                    ))}
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </Card>
        <Card title="Email digest" description="One email with what you have not read yet.">
          <Select
            label="Send me a digest"
            name="digest_frequency"
            options={DIGESTS}
            value={settings.digest_frequency}
            hint={settings.last_digest_at
              ? `The last one went out ${new Date(settings.last_digest_at).toUTCString()}.`
              : "Nothing was sent yet."}
          />
        </Card>
        <Card
          title="Quiet hours"
          description="During quiet hours email and push wait until the end; the bell still counts up."
        >
          <div class="stack">
            <Checkbox
              name="dnd_enabled"
              checked={settings.dnd_enabled}
              label="Do not disturb"
              description="Hold emails and browser pushes during these hours."
            />
            <div class="notif-dnd-times">
              <Input label="From" name="dnd_start" type="time" value={settings.dnd_start} required />
              <Input label="Until" name="dnd_end" type="time" value={settings.dnd_end} required />
            </div>
            <Select
              label="Time zone"
              name="time_zone"
              options={TIME_ZONES.map((zone) => ({ value: zone, label: zone.replace(/_/g, " ") }))}
              value={settings.time_zone}
            />
          </div>
        </Card>
        <div class="notif-settings-save">
          <Button type="submit" variant="primary">Save notification settings</Button>
        </div>
      </form>
      <Card title="Browser push" description="Get a system notification on this device, even when Leadly is closed.">
        <NotificationPush csrf={csrf} />
      </Card>
    </SettingsLayout>
  );
});
