// The comments under one timeline entry: loaded when opened, oldest first, with @mention autocomplete in the
// box and a delete button on one's own comments. Part of the ActivityTimeline island.
import { useEffect, useState } from "preact/hooks";
import { Avatar } from "../ui/Avatar.tsx";
import { Button } from "../ui/Button.tsx";
import { MentionTextarea } from "./MentionTextarea.tsx";
import { CommentText } from "./ActivityEntry.tsx";
import { type ActivityComment, dateTime, type TimelineMember } from "../../lib/activities/client/format.ts";

export interface ApiResult {
  ok: boolean;
  status: number;
  // deno-lint-ignore no-explicit-any
  body: any;
}
export type Api = (method: string, path: string, body?: unknown) => Promise<ApiResult>;

export interface CommentThreadProps {
  activityId: string;
  members: TimelineMember[];
  timeZone: string;
  canWrite: boolean;
  api: Api;
  /** The thread's size changed (added or deleted a comment). */
  onCount(count: number): void;
}

export function CommentThread(props: CommentThreadProps) {
  const [comments, setComments] = useState<ActivityComment[] | null>(null);
  const [draft, setDraft] = useState("");
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    let live = true;
    props.api("GET", `/api/v1/activities/${props.activityId}/comments`).then((res) => {
      if (!live) return;
      if (res.ok) setComments(res.body.data);
      else setError(res.body?.error?.message ?? "The comments could not be loaded.");
    });
    return () => {
      live = false;
    };
  }, [props.activityId]);

  const send = async () => {
    if (!draft.trim() || busy) return;
    setBusy(true);
    setError(null);
    const res = await props.api("POST", `/api/v1/activities/${props.activityId}/comments`, { body: draft });
    setBusy(false);
    if (!res.ok) return setError(res.body?.error?.message ?? "The comment could not be saved.");
    const next = [...(comments ?? []), res.body.data as ActivityComment];
    setComments(next);
    props.onCount(next.length);
    setDraft("");
  };

  const remove = async (id: string) => {
    const res = await props.api("DELETE", `/api/v1/activities/comments/${id}`);
    if (!res.ok) return setError(res.body?.error?.message ?? "The comment could not be deleted.");
    const next = (comments ?? []).filter((c) => c.id !== id);
    setComments(next);
    props.onCount(next.length);
  };

  return (
    <div class="comment-thread">
      {comments === null && !error && <p class="text-sm muted">Loading comments…</p>}
      {comments && comments.length > 0 && (
        <ul class="comment-list">
          {comments.map((comment) => (
            <li key={comment.id} class="comment">
              <Avatar name={comment.author?.name ?? "Former member"} size="xs" />
              <div class="comment-main">
                <p class="comment-meta">
                  <strong>{comment.author?.name ?? "Former member"}</strong>
                  <time dateTime={comment.created_at}>{dateTime(comment.created_at, props.timeZone)}</time>
                  {comment.edited_at && <span class="subtle">edited</span>}
                  {comment.can_delete && (
                    <button
                      type="button"
                      class="link-button comment-delete"
                      onClick={() => remove(comment.id)}
                      aria-label={`Delete comment by ${comment.author?.name ?? "former member"}`}
                    >
                      Delete
                    </button>
                  )}
                </p>
                <CommentText comment={comment} />
              </div>
            </li>
          ))}
        </ul>
      )}
      {error && <p class="field-error" role="alert">{error}</p>}
      {props.canWrite && (
        <form
          class="comment-form"
          onSubmit={(event) => {
            event.preventDefault();
            send();
          }}
        >
          <MentionTextarea
            id={`comment-${props.activityId}`}
            label="Write a comment"
            value={draft}
            members={props.members}
            onValue={setDraft}
            onSubmit={send}
            rows={2}
            maxLength={5000}
            placeholder="Write a comment… type @ to mention a teammate"
          />
          <Button type="submit" size="sm" variant="primary" disabled={busy || !draft.trim()}>Comment</Button>
        </form>
      )}
    </div>
  );
}
