// The team's credit balance in the app header: a link to Settings → Usage, marked when it runs low so people
// notice before an AI or enrichment action is refused. Server-rendered on every page load.
import type { CreditBalance } from "../../lib/credits/balance.ts";
import { Icon } from "../ui/Icon.tsx";

const formatCredits = (n: number) => n.toLocaleString("en-US");

export function HeaderCredits({ credits }: { credits?: CreditBalance | null }) {
  if (!credits) return null;
  const { balance, low } = credits;
  const label = low
    ? `Credits running low: ${formatCredits(balance)} left. See usage.`
    : `${formatCredits(balance)} credits left. See usage.`;
  return (
    <a
      class={low ? "credit-pill credit-pill-low" : "credit-pill"}
      href="/settings/usage"
      aria-label={label}
      title={label}
      data-credits={balance}
    >
      <Icon name="sparkles" size="sm" />
      <span class="credit-pill-amount">{formatCredits(balance)}</span>
    </a>
  );
}
