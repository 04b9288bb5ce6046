// A hidden form field with the browser's time zone, so a new member starts in the zone they are in. The
// server checks it (lib/profiles.ts browserZoneOrUtc) and falls back to UTC; empty until hydrated.
import { useHydrated } from "@/lib/web/hydrated.ts";

function deviceZone(): string {
  try {
    return Intl.DateTimeFormat().resolvedOptions().timeZone ?? "";
  } catch {
    return "";
  }
}

export default function BrowserTimeZone({ name = "time_zone" }: { name?: string }) {
  const hydrated = useHydrated();
  return <input type="hidden" name={name} value={hydrated ? deviceZone() : ""} data-browser-time-zone />;
}
