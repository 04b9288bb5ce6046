// The zone after a time ("14:00 CET") when it is shown in a zone whose clock differs from this device's:
// the person's profile zone is not where their browser is. Only the browser knows its zone, so nothing
// is rendered on the server; the label appears once hydrated.
import { useHydrated } from "@/lib/web/hydrated.ts";
import { browserTimeZone, sameClock, zoneAbbreviation } from "@/lib/tasks/client/zones.ts";

export interface ZoneLabelProps {
  /** The zone the time is shown in. */
  zone: string;
  /** The instant (ISO), since a zone's name and offset change with DST. */
  at: string;
}

export default function ZoneLabel({ zone, at }: ZoneLabelProps) {
  const hydrated = useHydrated();
  if (!hydrated) return null;
  const device = browserTimeZone();
  const instant = new Date(at);
  if (!device || Number.isNaN(instant.getTime()) || sameClock(instant, zone, device)) return null;
  let label: string;
  try {
    label = zoneAbbreviation(instant, zone);
  } catch {
    return null;
  }
  return (
    <span class="task-zone" title={`In ${zone.replaceAll("_", " ")} (your profile's time zone)`}>
      {label}
    </span>
  );
}
