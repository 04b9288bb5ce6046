// Renders the UI primitives and layouts to static HTML in /tmp/ui-preview/ (light and
// dark variants) linking the real stylesheet, for screenshots with headless Chromium:
//   deno run -A scripts/ui-preview.tsx
//   chromium --headless --no-sandbox --screenshot=/tmp/x.png --window-size=1280,800 file:///tmp/ui-preview/login.html
import type { ComponentChildren, VNode } from "preact";
import { renderToString } from "preact-render-to-string";
import { fileURLToPath } from "node:url";
import { STYLESHEETS } from "../lib/web/stylesheets.ts";
import { AppShell } from "../components/layout/AppShell.tsx";
import { AuthLayout } from "../components/layout/AuthLayout.tsx";
import { SettingsLayout } from "../components/layout/SettingsLayout.tsx";
import type { ShellTeam } from "../components/layout/types.ts";
import { Alert } from "../components/ui/Alert.tsx";
import { Avatar, type Presence } from "../components/ui/Avatar.tsx";
import { Badge } from "../components/ui/Badge.tsx";
import { Button } from "../components/ui/Button.tsx";
import { Card } from "../components/ui/Card.tsx";
import { Checkbox } from "../components/ui/Checkbox.tsx";
import { EmptyState } from "../components/ui/EmptyState.tsx";
import { Input } from "../components/ui/Input.tsx";
import { PageHeader } from "../components/ui/PageHeader.tsx";
import { Select } from "../components/ui/Select.tsx";
import { CellPrimary, Table } from "../components/ui/Table.tsx";
import { Tabs } from "../components/ui/Tabs.tsx";
import { Textarea } from "../components/ui/Textarea.tsx";
import PasswordStrength from "../islands/PasswordStrength.tsx";

const OUT_DIR = "/tmp/ui-preview";
const STYLES = new URL("../static/styles.css", import.meta.url).href;
/** The base stylesheet and the feature ones, in cascade order. */
const STYLE_LINKS = STYLESHEETS.map((path) =>
  `<link rel="stylesheet" href="${new URL(`../static${path}`, import.meta.url).href}">`
)
  .join("\n");

const user = { name: "Ada Lovelace", email: "ada@northwind.io" };
const teams: ShellTeam[] = [
  { id: "t1", name: "Northwind Sales", role: "owner" },
  { id: "t2", name: "Acme EMEA", role: "rep" },
];

function shell(path: string, children: ComponentChildren, modules?: string[]) {
  return (
    <AppShell path={path} user={user} team={teams[0]} teams={teams} csrf="csrf-demo" modules={modules}>
      {children}
    </AppShell>
  );
}

function LoginPage() {
  return (
    <AuthLayout
      title="Welcome back"
      subtitle="Sign in to your Leadly workspace."
      footer={
        <>
          New to Leadly? <a href="/signup">Create an account</a>
        </>
      }
    >
      <form class="form" method="post" action="/login">
        <Input
          name="email"
          type="email"
          label="Work email"
          autocomplete="email"
          placeholder="you@company.com"
          required
        />
        <Input
          name="password"
          type="password"
          label="Password"
          autocomplete="current-password"
          required
          error="That email and password don't match."
        />
        <div class="row-between">
          <Checkbox name="remember" label="Keep me signed in" />
          <a href="/reset" class="text-sm">Forgot password?</a>
        </div>
        <Button variant="primary" type="submit" block size="lg">Sign in</Button>
      </form>
    </AuthLayout>
  );
}

function SignupAccountPage() {
  return (
    <AuthLayout title="Create your account" subtitle="Free for 14 days. No card needed." step={1}>
      <form class="form" method="post">
        <Input name="name" label="Full name" autocomplete="name" required />
        <Input name="email" type="email" label="Work email" autocomplete="email" required />
        <PasswordStrength />
        <Button variant="primary" type="submit" block size="lg" iconEnd="arrow-right">Continue</Button>
      </form>
    </AuthLayout>
  );
}

function SignupCompanyPage() {
  return (
    <AuthLayout
      title="Tell us about your company"
      subtitle="We use this to set up your pipeline stages and fields."
      step={2}
      footer="You can change all of this later in Settings."
    >
      <form class="form" method="post">
        <Input name="company" label="Company name" value="Northwind Logistics" required />
        <div class="form-row">
          <Select
            name="size"
            label="Team size"
            placeholder="Choose…"
            options={[{ value: "1-10", label: "1–10" }, { value: "11-50", label: "11–50" }, {
              value: "51-200",
              label: "51–200",
            }]}
            value="11-50"
          />
          <Select
            name="industry"
            label="Industry"
            placeholder="Choose…"
            options={[{ value: "saas", label: "Software" }, { value: "logistics", label: "Logistics" }]}
            error="Pick an industry."
          />
        </div>
        <Input
          name="website"
          type="url"
          label="Website"
          optional
          placeholder="https://"
          hint="We'll fetch your logo."
        />
        <div class="form-actions">
          <Button variant="ghost" href="/signup">Back</Button>
          <Button variant="primary" type="submit" iconEnd="arrow-right">Continue</Button>
        </div>
      </form>
    </AuthLayout>
  );
}

function DashboardPage() {
  return shell(
    "/",
    <>
      <PageHeader
        title="Good morning, Ada"
        description="Here's what's happening in Northwind Sales today."
        actions={
          <>
            <Button icon="plus">Import</Button>
            <Button variant="primary" icon="plus">New deal</Button>
          </>
        }
      />
      <div class="grid-4">
        {[["Open pipeline", "$0", ""], ["Won this month", "$0", ""], ["Open tasks", "0", ""], [
          "New leads",
          "0",
          "",
        ]].map(([label, value]) => (
          <div class="stat" key={label}>
            <span class="stat-label">{label}</span>
            <span class="stat-value">{value}</span>
            <span class="stat-delta subtle">No data yet</span>
          </div>
        ))}
      </div>
      <section class="section mt-6">
        <div class="section-header">
          <h2 class="section-title">Your pipeline</h2>
          <Button variant="ghost" size="sm" href="/deals" iconEnd="arrow-right">View deals</Button>
        </div>
        <EmptyState
          icon="kanban"
          title="No deals yet"
          text="Add your first deal or import contacts from a CSV to see your pipeline come alive."
          action={
            <>
              <Button variant="primary" icon="plus">Add deal</Button>
              <Button>Import CSV</Button>
            </>
          }
        />
      </section>
    </>,
  );
}

const members: { name: string; email: string; role: string; presence: Presence; status: string }[] = [
  { name: "Ada Lovelace", email: "ada@northwind.io", role: "owner", presence: "online", status: "Active" },
  { name: "Grace Hopper", email: "grace@northwind.io", role: "admin", presence: "away", status: "Active" },
  { name: "Alan Turing", email: "alan@northwind.io", role: "manager", presence: "busy", status: "Active" },
  { name: "Katherine Johnson", email: "kj@northwind.io", role: "rep", presence: "offline", status: "Active" },
  { name: "linus@northwind.io", email: "linus@northwind.io", role: "viewer", presence: "offline", status: "Invited" },
];

const ROLE_OPTIONS = ["owner", "admin", "manager", "rep", "viewer"].map((r) => ({
  value: r,
  label: r[0].toUpperCase() + r.slice(1),
}));

function TeamSettingsPage() {
  return shell(
    "/settings/team",
    <SettingsLayout
      path="/settings/team"
      title="Team members"
      description="Invite people to Northwind Sales and choose what they can do."
    >
      <div class="stack-lg">
        <Alert tone="success" title="Invitation sent">linus@northwind.io will get an email with a link.</Alert>
        <Card title="Invite people" description="They'll join as the role you pick.">
          <form class="form" method="post">
            <div class="form-row">
              <Input name="invite_email" type="email" label="Email" placeholder="name@company.com" />
              <Select name="invite_role" label="Role" options={ROLE_OPTIONS} value="rep" />
            </div>
            <div class="form-actions">
              <Button variant="primary" type="submit" icon="mail">Send invite</Button>
            </div>
          </form>
        </Card>
        <section class="section">
          <div class="section-header">
            <h2 class="section-title">Members</h2>
            <Badge>{members.length}</Badge>
          </div>
          <Table label="Team members">
            <thead>
              <tr>
                <th scope="col">Name</th>
                <th scope="col">Role</th>
                <th scope="col">Status</th>
                <th scope="col" class="cell-actions">
                  <span class="visually-hidden">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {members.map((m) => (
                <tr key={m.email}>
                  <td>
                    <CellPrimary
                      title={m.name}
                      sub={m.email}
                      leading={<Avatar name={m.name} presence={m.presence} />}
                    />
                  </td>
                  <td>
                    <Select
                      name="role"
                      size="sm"
                      id={`role-${m.email}`}
                      aria-label={`Role of ${m.name}`}
                      options={ROLE_OPTIONS}
                      value={m.role}
                      disabled={m.role === "owner"}
                    />
                  </td>
                  <td>
                    <Badge tone={m.status === "Invited" ? "warning" : "success"} dot>{m.status}</Badge>
                  </td>
                  <td class="cell-actions">
                    <Button variant="ghost" size="sm" disabled={m.role === "owner"}>Remove</Button>
                  </td>
                </tr>
              ))}
            </tbody>
          </Table>
        </section>
      </div>
    </SettingsLayout>,
  );
}

function KitchenSinkPage() {
  return shell(
    "/contacts",
    <>
      <PageHeader
        title="Contacts"
        description="Everyone your team sells to."
        breadcrumbs={[{ label: "CRM", href: "/" }, { label: "Contacts" }]}
        actions={<Button variant="primary" icon="plus">New contact</Button>}
      />
      <Tabs
        label="Contact views"
        current="/contacts"
        items={[
          { href: "/contacts", label: "All", count: 1284 },
          { href: "/contacts?mine", label: "Mine", count: 96 },
          {
            href: "/contacts?recent",
            label: "Recently viewed",
          },
        ]}
      />
      <div class="stack">
        <div class="row wrap">
          <Button variant="primary">Primary</Button>
          <Button>Secondary</Button>
          <Button variant="ghost">Ghost</Button>
          <Button variant="danger">Delete</Button>
          <Button size="sm">Small</Button>
          <Button size="lg" variant="primary">Large</Button>
          <Button iconOnly icon="settings" aria-label="Settings" />
          <Button disabled>Disabled</Button>
        </div>
        <div class="row wrap">
          <Badge>Neutral</Badge>
          <Badge tone="accent">Accent</Badge>
          <Badge tone="success" dot>Won</Badge>
          <Badge tone="warning" dot>At risk</Badge>
          <Badge tone="danger">Lost</Badge>
          <Badge tone="info">New</Badge>
          <Badge outline>Outline</Badge>
        </div>
        <div class="row wrap">
          {["Ada Lovelace", "Grace Hopper", "Alan Turing", "Katherine Johnson", "Linus", "Margaret Hamilton"].map((
            n,
          ) => <Avatar key={n} name={n} size="lg" presence="online" />)}
          <Avatar name="Acme Inc" square size="lg" />
        </div>
        <div class="grid-2">
          <Alert tone="info" title="Heads up">Enrichment runs in offline mode (no API key).</Alert>
          <Alert tone="success">Contact saved.</Alert>
          <Alert tone="warning" title="Almost at your seat limit">4 of 5 seats used.</Alert>
          <Alert tone="error" title="Couldn't save">The email is already used by another contact.</Alert>
        </div>
        <Card
          title="Edit contact"
          description="Changes are visible to your team at once."
          footer={<Button variant="primary">Save</Button>}
        >
          <div class="form">
            <div class="form-row">
              <Input name="first" label="First name" value="Grace" />
              <Input name="last" label="Last name" value="Hopper" />
            </div>
            <Textarea name="about" label="About" optional hint="Markdown works." />
            <Checkbox name="vip" label="Key account" description="Pins this contact to the top of lists." />
          </div>
        </Card>
      </div>
    </>,
  );
}

const PAGES: Record<string, () => VNode> = {
  login: LoginPage,
  "signup-1": SignupAccountPage,
  "signup-2": SignupCompanyPage,
  dashboard: DashboardPage,
  "settings-team": TeamSettingsPage,
  kitchen: KitchenSinkPage,
};

function documentHtml(body: string, theme: "light" | "dark", title: string): string {
  return `<!doctype html>
<html lang="en" data-theme="${theme}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1, viewport-fit=cover">
<title>${title} · Leadly preview</title>
${STYLE_LINKS}
</head>
<body>${body}</body>
</html>`;
}

/** Opens the <details> menus so their panels show up in screenshots. */
function withMenusOpen(html: string, which: "user" | "team"): string {
  const menus = html.split('<details class="menu">');
  const index = which === "team" ? 1 : 2;
  return menus.map((part, i) => (i === 0 ? part : `<details class="menu"${i === index ? " open" : ""}>${part}`)).join(
    "",
  );
}

await Deno.mkdir(OUT_DIR, { recursive: true });
for (const [name, Page] of Object.entries(PAGES)) {
  const body = renderToString(<Page />);
  for (const theme of ["light", "dark"] as const) {
    const suffix = theme === "dark" ? "-dark" : "";
    await Deno.writeTextFile(`${OUT_DIR}/${name}${suffix}.html`, documentHtml(body, theme, name));
  }
  if (name === "dashboard") {
    await Deno.writeTextFile(`${OUT_DIR}/menu-user.html`, documentHtml(withMenusOpen(body, "user"), "light", name));
    await Deno.writeTextFile(`${OUT_DIR}/menu-team-dark.html`, documentHtml(withMenusOpen(body, "team"), "dark", name));
  }
}
console.log(`Wrote previews to ${OUT_DIR} (${fileURLToPath(STYLES)})`);
