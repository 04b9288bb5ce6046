// Turns web push on or off for this browser: asks permission, subscribes with the server's VAPID key through
// the service worker, and stores the subscription (or removes it). Says plainly when the browser cannot.
import { useEffect, useState } from "preact/hooks";
import { useHydrated } from "@/lib/web/hydrated.ts";
import { api, type Method } from "@/lib/client/api.ts";

export interface NotificationPushProps {
  csrf: string;
}

type State = "checking" | "unsupported" | "denied" | "off" | "on" | "working";

function keyBytes(base64url: string): Uint8Array<ArrayBuffer> {
  const padded = (base64url + "===".slice((base64url.length + 3) % 4)).replace(/-/g, "+").replace(/_/g, "/");
  const raw = atob(padded);
  const bytes = new Uint8Array(new ArrayBuffer(raw.length));
  for (let i = 0; i < raw.length; i++) bytes[i] = raw.charCodeAt(i);
  return bytes;
}

function supported() {
  return "serviceWorker" in navigator && "PushManager" in globalThis && "Notification" in globalThis;
}

export default function NotificationPush({ csrf }: NotificationPushProps) {
  const ready = useHydrated();
  const [state, setState] = useState<State>("checking");
  const [message, setMessage] = useState<string | null>(null);

  // deno-lint-ignore no-explicit-any
  const send = (method: Method, path: string, body?: unknown) => api.send<any>(method, path, body, { csrf });

  useEffect(() => {
    if (!supported()) return setState("unsupported");
    if (Notification.permission === "denied") return setState("denied");
    navigator.serviceWorker.getRegistration()
      .then((registration) => registration?.pushManager.getSubscription())
      .then((subscription) => setState(subscription ? "on" : "off"))
      .catch(() => setState("off"));
  }, []);

  const enable = async () => {
    setMessage(null);
    setState("working");
    try {
      const permission = await Notification.requestPermission();
      if (permission !== "granted") {
        setState(permission === "denied" ? "denied" : "off");
        return;
      }
      const registration = await navigator.serviceWorker.ready;
      const { data } = await send("GET", "/api/v1/notifications/push/key");
      const subscription = await registration.pushManager.subscribe({
        userVisibleOnly: true,
        applicationServerKey: keyBytes(data.public_key),
      });
      await send("POST", "/api/v1/notifications/push/subscriptions", subscription.toJSON());
      setState("on");
      setMessage("Push is on for this browser.");
    } catch (error) {
      setState("off");
      setMessage(`This browser could not turn on push: ${(error as Error).message}`);
    }
  };

  const disable = async () => {
    setMessage(null);
    setState("working");
    try {
      const registration = await navigator.serviceWorker.getRegistration();
      const subscription = await registration?.pushManager.getSubscription();
      if (subscription) {
        await send("DELETE", "/api/v1/notifications/push/subscriptions", { endpoint: subscription.endpoint })
          .catch(() => {});
        await subscription.unsubscribe();
      }
      setState("off");
      setMessage("Push is off for this browser.");
    } catch (error) {
      setState("on");
      setMessage(`Could not turn push off: ${(error as Error).message}`);
    }
  };

  const status: Record<State, string> = {
    checking: "Checking this browser…",
    unsupported: "This browser does not support web push.",
    denied: "Notifications are blocked for Leadly in this browser's site settings.",
    off: "Push is off on this device.",
    on: "Push is on on this device.",
    working: "One moment…",
  };

  return (
    <div class="notif-push" data-state={state}>
      <p class="notif-push-status" role="status">{status[state]}</p>
      {message && <p class="notif-push-message">{message}</p>}
      {state === "on"
        ? (
          <button type="button" class="btn btn-secondary" disabled={!ready} onClick={disable}>
            Turn off push on this device
          </button>
        )
        : (
          <button
            type="button"
            class="btn btn-primary"
            disabled={!ready || state === "unsupported" || state === "denied" || state === "working" ||
              state === "checking"}
            onClick={enable}
          >
            Turn on push on this device
          </button>
        )}
    </div>
  );
}
