// On a record's page: who else has it open right now ("Alice and Bob are here"), and what a teammate just changed
// ("Alice changed stage and value"), applied to the page in place: the changed fields are swapped in and
// highlighted without a reload (lib/list/record-patch.ts); a form field the reader is editing keeps their input
// and gets a notice. Only when the page cannot be patched is "Show changes" (a reload) offered. Joins the
// record's room and says "viewing" there; leaving the page (or losing the connection) takes the person off the list.
import { useEffect, useRef, useState } from "preact/hooks";
import { realtime, request, subscribe } from "@/lib/bus/client/connection.ts";
import { myId, nameOf, onPresence } from "@/lib/presence/client.ts";
import { namesSentence, type Viewer, type ViewersChanged } from "@/lib/presence/protocol.ts";
import { fieldsSentence } from "@/lib/presence/fields.ts";
import { useHydrated } from "@/lib/web/hydrated.ts";
import { freshPage, patchForms, patchRegions } from "@/lib/list/record-patch.ts";
import { Avatar } from "@/components/ui/Avatar.tsx";
import { Icon } from "@/components/ui/Icon.tsx";
import { type RecordKind, recordLabel } from "@/lib/record-types.ts";

export interface LiveRecordProps {
  recordType: Exclude<RecordKind, "activity">;
  recordId: string;
  /** The signed-in user (left out of "who is here"). */
  userId: string;
  /** Where to go when the record is deleted, e.g. "/deals". */
  listHref: string;
}

interface Change {
  kind: "updated" | "deleted";
  actor: string | null;
  fields: string[];
  /** pending while the page is read again; shown once patched in place; failed: offer a reload. */
  state?: "pending" | "shown" | "failed";
  /** Form fields the reader was editing when they changed (their input is kept). */
  conflicts?: string[];
}

export default function LiveRecord(props: LiveRecordProps) {
  const hydrated = useHydrated();
  const room = `record:${props.recordType}:${props.recordId}`;
  const [viewers, setViewers] = useState<Viewer[]>([]);
  const [change, setChange] = useState<Change | null>(null);
  const [, setNames] = useState(0);
  const me = props.userId || myId();
  const fields = useRef(new Set<string>());
  /** Page refreshes run one after another, so a burst of edits ends with the latest page. */
  const patching = useRef<Promise<void>>(Promise.resolve());

  /** Reads the page again and swaps in what changed; the banner says whether that worked. */
  const applyChange = (changed: string[], actor: string | null) => {
    patching.current = patching.current.then(async () => {
      const fresh = await freshPage(location.pathname + location.search);
      if (!fresh) {
        setChange((c) => c && c.kind === "updated" ? { ...c, state: "failed" } : c);
        return;
      }
      const regions = patchRegions(document, fresh);
      const conflicts = patchForms(document, fresh, changed, nameOf(actor));
      setChange((c) =>
        c && c.kind === "updated"
          ? { ...c, state: regions.applied ? "shown" : "failed", conflicts: [...(c.conflicts ?? []), ...conflicts] }
          : c
      );
    });
  };

  useEffect(() => onPresence(() => setNames((n) => n + 1)), []);

  useEffect(() => {
    const socket = realtime();
    const start = () => {
      void request<{ ok: true; viewers: Viewer[] } | { ok: false; error: { code: string; message: string } }>(
        "viewing:start",
        { room },
      )
        .then((reply) => reply.ok && setViewers(reply.viewers))
        .catch(() => {});
    };
    const onViewers = (event: ViewersChanged) => {
      if (event.room === room) setViewers(event.viewers);
    };
    socket.on("viewers.changed", onViewers);
    // The server forgets viewers whose socket closed: say it again after every reconnect.
    socket.on("connect", start);
    if (socket.connected) start();
    const stop = () => socket.connected && socket.emit("viewing:stop", { room });
    addEventListener("pagehide", stop);

    const unsubscribe = subscribe(room, {
      onEvent(event) {
        const payload = (event.payload ?? {}) as { actor_id?: string | null; changed?: string[] };
        if (event.record_type !== props.recordType || event.record_id !== props.recordId) return;
        if (event.type !== "record.updated" && event.type !== "record.deleted") return;
        if (payload.actor_id && payload.actor_id === (props.userId || myId())) return;
        if (event.type === "record.deleted") {
          setChange({ kind: "deleted", actor: payload.actor_id ?? null, fields: [] });
          return;
        }
        for (const field of payload.changed ?? []) fields.current.add(field);
        const actor = payload.actor_id ?? null;
        setChange((c) => ({
          kind: "updated",
          actor,
          fields: [...fields.current],
          state: "pending",
          conflicts: c?.conflicts ?? [],
        }));
        applyChange(payload.changed ?? [], actor);
      },
      onReset() {
        // Events were missed while offline: read the page again all the same.
        setChange((c) => ({ kind: "updated", actor: null, fields: [], state: "pending", conflicts: c?.conflicts }));
        applyChange([], null);
      },
    });
    return () => {
      stop();
      socket.off("viewers.changed", onViewers);
      socket.off("connect", start);
      removeEventListener("pagehide", stop);
      unsubscribe();
    };
  }, [room]);

  const others = viewers.filter((v) => v.user_id !== me);
  const noun = recordLabel(props.recordType).toLowerCase();
  const what = change && fieldsSentence(change.fields);
  return (
    <div class="live-record" data-live-record={room}>
      {others.length > 0 && (
        <div class="live-viewers" aria-live="polite">
          <span class="avatar-group" aria-hidden="true">
            {others.slice(0, 4).map((v) => <Avatar key={v.user_id} name={v.name} size="xs" userId={v.user_id} />)}
          </span>
          <span class="live-viewers-text">
            {namesSentence(others.map((v) => v.name))} {others.length === 1 ? "is" : "are"} here
          </span>
        </div>
      )}
      {change && (
        <div class="live-record-changed" role="status">
          <Icon name={change.kind === "deleted" ? "trash" : "info"} size="sm" />
          <span class="live-record-changed-text">
            {change.kind === "deleted"
              ? `${nameOf(change.actor)} deleted this ${noun}.`
              : what
              ? `${nameOf(change.actor)} changed ${what}.`
              : `This ${noun} was changed.`}
            {change.kind === "updated" && change.state === "shown" && " It’s updated below."}
            {change.kind === "updated" && change.conflicts && change.conflicts.length > 0 &&
              ` You were editing ${fieldsSentence(change.conflicts)}: your input is kept.`}
          </span>
          {change.kind === "deleted"
            ? <a class="btn btn-secondary btn-sm" href={props.listHref}>Back to the list</a>
            : change.state === "failed"
            ? (
              <button
                type="button"
                class="btn btn-secondary btn-sm"
                disabled={!hydrated}
                onClick={() => location.reload()}
              >
                Show changes
              </button>
            )
            : (
              <button
                type="button"
                class="btn btn-ghost btn-sm"
                aria-label="Dismiss"
                disabled={!hydrated}
                onClick={() => {
                  fields.current.clear();
                  setChange(null);
                }}
              >
                <Icon name="x" size="sm" />
              </button>
            )}
        </div>
      )}
    </div>
  );
}
