// Demo mode only: the seeded accounts, each a one-click sign-in form.
import { DEMO_PASSWORD, DEMO_USERS } from "../lib/seed/demo.ts";
import { roleLabel } from "./layout/types.ts";
import { CsrfField } from "./CsrfField.tsx";

export function DemoLogins({ csrf }: { csrf: string }) {
  return (
    <section class="demo-logins stack-sm" aria-labelledby="demo-title">
      <h2 id="demo-title" class="text-sm">Demo workspace</h2>
      <p class="muted text-sm">
        Try Leadly with the seeded <strong>Acme Sales</strong> team. Password: <code>{DEMO_PASSWORD}</code>
      </p>
      <ul class="demo-login-list">
        {DEMO_USERS.map((user) => (
          <li key={user.email}>
            <form method="post" action="/login">
              <CsrfField token={csrf} />
              <input type="hidden" name="email" value={user.email} />
              <input type="hidden" name="password" value={DEMO_PASSWORD} />
              <button type="submit" class="demo-login">
                <span class="demo-login-name">{user.name}</span>
                <span class="muted text-sm">{user.email} · {roleLabel(user.role)}</span>
              </button>
            </form>
          </li>
        ))}
      </ul>
    </section>
  );
}
