// Demo mode only: the seeded accounts, each a one-click sign-in form.
import { DEMO_PASSWORD, DEMO_USERS } from "../lib/seed/demo.ts";
import { roleLabel } from "./layout/types.ts";
import { CsrfField } from "./CsrfField.tsx";
import { Avatar } from "./ui/Avatar.tsx";
import { Icon } from "./ui/Icon.tsx";

export function DemoLogins({ csrf }: { csrf: string }) {
  return (
    <section class="demo-logins" aria-labelledby="demo-title">
      <p class="auth-divider" aria-hidden="true">or try the demo</p>
      <div class="demo-logins-head">
        <h2 id="demo-title" class="demo-logins-title">Demo workspace</h2>
        <p class="muted text-sm">
          Try Leadly with the seeded <strong>Acme Sales</strong> team. Password: <code>{DEMO_PASSWORD}</code>
        </p>
      </div>
      <ul class="demo-login-list">
        {DEMO_USERS.map((user) => (
          <li key={user.email}>
            <form method="post" action="/login">
              <CsrfField token={csrf} />
              <input type="hidden" name="email" value={user.email} />
              <input type="hidden" name="password" value={DEMO_PASSWORD} />
              <button type="submit" class="demo-login">
                <Avatar name={user.name} size="sm" />
                <span class="demo-login-text">
                  <span class="demo-login-name">{user.name}</span>
                  <span class="demo-login-meta">{user.email} · {roleLabel(user.role)}</span>
                </span>
                <Icon name="chevron-right" class="demo-login-go" />
              </button>
            </form>
          </li>
        ))}
      </ul>
    </section>
  );
}
