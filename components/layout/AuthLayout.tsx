// Layout for sign-in, sign-up and recovery: a centered card, with a product pitch panel
// beside it on wide screens. Multi-step flows pass `step` to show where the user is.
import type { ComponentChildren } from "preact";
import { Brand } from "./Brand.tsx";
import { AuthPitch } from "./AuthPitch.tsx";
import { StepIndicator } from "./StepIndicator.tsx";

export const SIGNUP_STEPS = ["Account", "Company", "Verify", "Preferences"];

export interface AuthLayoutProps {
  title: ComponentChildren;
  subtitle?: ComponentChildren;
  /** 1-based current step; shows the step indicator when set. */
  step?: number;
  /** Step labels; defaults to the sign-up steps. */
  steps?: string[];
  /** Small print under the card, e.g. "New to Leadly? Create an account". */
  footer?: ComponentChildren;
  /** Hide the pitch panel (e.g. for a bare 2FA prompt). */
  pitch?: boolean;
  children?: ComponentChildren;
}

export function AuthLayout(props: AuthLayoutProps) {
  const { title, subtitle, step, steps = SIGNUP_STEPS, footer, pitch = true, children } = props;
  return (
    <div class={pitch ? "auth" : "auth auth-solo"}>
      {pitch && <AuthPitch />}
      <main class="auth-main" id="main">
        <div class="auth-column">
          <Brand size="lg" class="auth-brand" />
          <div class="auth-card">
            {step !== undefined && <StepIndicator step={step} steps={steps} />}
            <div class="auth-heading">
              <h1 class="auth-title">{title}</h1>
              {subtitle && <p class="auth-subtitle">{subtitle}</p>}
            </div>
            {children}
          </div>
          {footer && <div class="auth-footer">{footer}</div>}
        </div>
      </main>
    </div>
  );
}
