// A version diff: one row per block, added rows green, removed red, changed rows with word-level marks.
import type { DiffLine } from "../../lib/notes/client/diff.ts";

const SIGN: Record<DiffLine["kind"], string> = { same: " ", added: "+", removed: "−", changed: "~" };
const LABEL: Record<DiffLine["kind"], string> = { same: "", added: "Added", removed: "Removed", changed: "Changed" };

export function NoteDiff({ lines }: { lines: DiffLine[] }) {
  if (lines.every((l) => l.kind === "same")) return <p class="muted text-sm">No differences.</p>;
  return (
    <div class="stack-sm">
      <p class="note-diff-legend">
        <span>
          <ins class="note-diff-word">added</ins>
        </span>
        <span>
          <del class="note-diff-word">removed</del>
        </span>
      </p>
      <div class="note-diff" role="list">
        {lines.map((line, i) => (
          <div key={i} role="listitem" class={`note-diff-line note-diff-${line.kind}`} data-kind={line.kind}>
            {line.kind !== "same" && <span class="visually-hidden">{LABEL[line.kind]}:</span>}
            <span aria-hidden="true" class="muted">{SIGN[line.kind]}</span> {line.parts.map((part, j) =>
              part.kind === "added" && line.kind === "changed"
                ? <ins key={j} class="note-diff-word">{part.text}</ins>
                : part.kind === "removed" && line.kind === "changed"
                ? <del key={j} class="note-diff-word">{part.text}</del>
                : <span key={j}>{part.text}</span>
            )}
          </div>
        ))}
      </div>
    </div>
  );
}
