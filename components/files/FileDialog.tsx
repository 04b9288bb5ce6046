// The file dialog: a large preview (images inline, PDFs in a frame, other types say to download), the
// versions with their downloads, and uploading a new version. A native modal <dialog>; the island opens it.
import type { Ref } from "preact";
import type { FileRecord, FileVersion } from "../../lib/files/types.ts";
import { formatBytes } from "../../lib/files/limits.ts";
import { Icon } from "../ui/Icon.tsx";
import { FileThumb } from "./FileTile.tsx";
import { shortWhen } from "./format.ts";

export interface FileDialogProps {
  dialogRef: Ref<HTMLDialogElement>;
  file: FileRecord | null;
  versions: FileVersion[] | null;
  canWrite: boolean;
  disabled: boolean;
  now: number;
  /** Progress of a new version being sent, 0..1; null when none. */
  versionProgress: number | null;
  versionError: string | null;
  onClose: () => void;
  onNewVersion: (file: File) => void;
}

export function FileDialog(props: FileDialogProps) {
  const { file, versions, canWrite, disabled, now } = props;
  return (
    <dialog
      ref={props.dialogRef}
      class="file-dialog"
      aria-labelledby="file-dialog-title"
      onClose={props.onClose}
    >
      {file && (
        <div class="file-dialog-inner">
          <header class="file-dialog-header">
            <div class="file-dialog-heading">
              <h2 id="file-dialog-title" class="file-dialog-title">{file.name}</h2>
              <p class="file-dialog-meta">
                {formatBytes(file.size)} · version {file.version} · {file.uploaded_by_name ?? "Someone"}
              </p>
            </div>
            <button
              type="button"
              class="btn btn-ghost btn-sm btn-icon"
              aria-label="Close"
              onClick={() => props.onClose()}
            >
              <Icon name="x" />
            </button>
          </header>

          <div class="file-dialog-preview">
            {file.kind === "image" && file.preview_url
              ? <img class="file-dialog-image" src={file.preview_url} alt={file.name} />
              : file.kind === "pdf" && file.preview_url
              ? <iframe class="file-dialog-frame" src={file.preview_url} title={`Preview of ${file.name}`} />
              : (
                <div class="file-dialog-none">
                  <FileThumb file={file} />
                  <p>There is no preview for this kind of file. Download it to open it.</p>
                </div>
              )}
          </div>

          <section class="file-versions" aria-labelledby="file-versions-title">
            <h3 id="file-versions-title" class="file-versions-title">Versions</h3>
            {versions === null ? <p class="text-sm muted">Loading versions…</p> : (
              <ol class="file-versions-list">
                {versions.map((v) => (
                  <li key={v.id} class="file-version">
                    <span class="file-version-badge">v{v.version}</span>
                    <span class="file-version-text">
                      <span class="file-version-name">{v.name}</span>
                      <span class="file-tile-meta">
                        {formatBytes(v.size)} · {v.uploaded_by_name ?? "Someone"} · {shortWhen(v.created_at, now)}
                      </span>
                    </span>
                    <a
                      class="btn btn-ghost btn-sm btn-icon"
                      href={v.url}
                      download={v.name}
                      aria-label={`Download version ${v.version}`}
                    >
                      <Icon name="download" />
                    </a>
                  </li>
                ))}
              </ol>
            )}
            {props.versionError && <p class="file-error-text" role="alert">{props.versionError}</p>}
            {props.versionProgress !== null && (
              <progress class="file-progress" max={1} value={props.versionProgress} aria-label="New version upload" />
            )}
          </section>

          <footer class="file-dialog-footer">
            {canWrite && (
              <label class={`btn btn-secondary file-version-upload${disabled ? " is-disabled" : ""}`}>
                <Icon name="upload" />
                Upload new version
                <input
                  type="file"
                  class="file-input"
                  disabled={disabled || props.versionProgress !== null}
                  onChange={(event) => {
                    const input = event.currentTarget;
                    const chosen = input.files?.[0];
                    input.value = "";
                    if (chosen) props.onNewVersion(chosen);
                  }}
                />
              </label>
            )}
            <a class="btn btn-primary" href={file.url} download={file.name}>
              <Icon name="download" />
              Download
            </a>
          </footer>
        </div>
      )}
    </dialog>
  );
}
