// Who else has the note open, from the provider's awareness states: one face per person, also with several
// tabs (or a tab that just reconnected).
import type { Awareness } from "y-protocols/awareness";

export interface Peer {
  clientId: number;
  name: string;
  color: string;
}

export function peersOf(awareness: Awareness, ownClientId: number): Peer[] {
  const list: Peer[] = [];
  const seen = new Set<string>();
  for (const [clientId, state] of awareness.getStates()) {
    if (clientId === ownClientId) continue;
    const user = (state as { user?: { id?: string; name?: string; color?: string } }).user;
    const key = user?.id ?? String(clientId);
    if (!user?.name || seen.has(key)) continue;
    seen.add(key);
    list.push({ clientId, name: user.name, color: user.color ?? "#888" });
  }
  return list;
}
