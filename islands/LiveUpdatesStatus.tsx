// The app shell's "Live updates off" pill: realtime (lib/bus/client/connection.ts) is how other people's
// changes reach this page, so when the socket is refused, or down for more than a few seconds, the page says so
// and offers to retry, instead of quietly showing stale records.
import { useEffect, useState } from "preact/hooks";
import { Icon } from "@/components/ui/Icon.tsx";
import { type LiveStatus, onLiveStatus, realtime, retryRealtime } from "@/lib/bus/client/connection.ts";

/** A reconnect within this time goes unmentioned (a server restart, a phone waking up). */
export const LIVE_GRACE_MS = 4_000;

export default function LiveUpdatesStatus() {
  const [status, setStatus] = useState<LiveStatus>({ state: "connecting" });
  const [overdue, setOverdue] = useState(false);

  useEffect(() => {
    realtime(); // this page wants live updates even if no other island asked for the socket yet
    return onLiveStatus(setStatus);
  }, []);

  // Not live for longer than the grace period: say so. A refusal is said at once (it will not heal by itself).
  useEffect(() => {
    setOverdue(false);
    if (status.state === "live" || status.state === "refused") return;
    const timer = setTimeout(() => setOverdue(true), LIVE_GRACE_MS);
    return () => clearTimeout(timer);
  }, [status.state]);

  const off = status.state === "refused" || (status.state !== "live" && overdue);
  return (
    <div class="live-status" role="status" data-live-state={status.state} data-live-off={off ? "true" : undefined}>
      {off && (
        <div class="live-status-pill">
          <Icon name="alert" />
          <span class="live-status-text">
            <strong>Live updates off.</strong> Changes by others show when you reload.
            {status.reason && <span class="live-status-reason">{status.reason}</span>}
          </span>
          <button type="button" class="btn btn-secondary btn-sm" onClick={() => retryRealtime()}>
            Retry
          </button>
        </div>
      )}
    </div>
  );
}
