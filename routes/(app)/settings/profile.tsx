// Settings → Profile: name, job role and time zone.
import { define, type SignedInState } from "../../../utils.ts";
import { Head } from "../../../lib/web/head.tsx";
import { SettingsLayout } from "../../../components/layout/SettingsLayout.tsx";
import { Alert } from "../../../components/ui/Alert.tsx";
import { Button } from "../../../components/ui/Button.tsx";
import { Card } from "../../../components/ui/Card.tsx";
import { Input } from "../../../components/ui/Input.tsx";
import { Select } from "../../../components/ui/Select.tsx";
import { CsrfField } from "../../../components/CsrfField.tsx";
import { type FieldErrors, parseForm } from "../../../lib/forms.ts";
import { getProfile, profileInput, saveProfile } from "../../../lib/profiles.ts";

interface Data {
  values: Record<string, string>;
  errors: FieldErrors;
  saved?: boolean;
}

// "UTC" is not in every engine's list, and it is the default.
const TIME_ZONES = ["UTC", ...Intl.supportedValuesOf("timeZone").filter((zone) => zone !== "UTC")];

export const handler = define.handlers({
  async GET(ctx) {
    const profile = await getProfile(ctx.state.app.db, ctx.state.session!.claims);
    return ctx.render<Data>({
      values: { full_name: profile.full_name, job_role: profile.job_role ?? "", timezone: profile.timezone },
      errors: {},
      saved: ctx.url.searchParams.has("saved"),
    });
  },
  async POST(ctx) {
    const form = await parseForm(ctx.req, profileInput);
    if (!form.ok) return ctx.render<Data>({ values: form.values, errors: form.errors }, { status: 422 });
    await saveProfile(ctx.state.app.db, ctx.state.session!.claims, form.data);
    return ctx.redirect("/settings/profile?saved");
  },
});

export default define.page<typeof handler>(function ProfileSettings({ data, state, url }) {
  const { session, csrf } = state as SignedInState;
  return (
    <SettingsLayout path={url.pathname} title="Profile" description="How your teammates see you.">
      <Head>
        <title>Profile · Settings · Leadly</title>
      </Head>
      {data.saved && <Alert tone="success">Your profile was saved.</Alert>}
      <Card>
        <form method="post" action="/settings/profile" class="form stack">
          <CsrfField token={csrf} />
          <Input label="Email" name="email_display" value={session.user.email} disabled hint="Your sign-in email." />
          <Input
            label="Full name"
            name="full_name"
            required
            autocomplete="name"
            value={data.values.full_name}
            error={data.errors.full_name}
          />
          <Input label="Job title" name="job_role" optional value={data.values.job_role} error={data.errors.job_role} />
          <Select
            label="Time zone"
            name="timezone"
            options={TIME_ZONES.map((zone) => ({ value: zone, label: zone.replace(/_/g, " ") }))}
            value={data.values.timezone}
            error={data.errors.timezone}
            hint="Due dates and reminders use it."
          />
          <div>
            <Button type="submit" variant="primary">Save profile</Button>
          </div>
        </form>
      </Card>
    </SettingsLayout>
  );
});
