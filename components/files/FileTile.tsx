// One file in a record's Files list: a thumbnail for images, a labelled icon for PDFs and everything else,
// the name (opens the preview), size, uploader and version, and download / delete actions.
import type { FileRecord } from "../../lib/files/types.ts";
import { formatBytes } from "../../lib/files/limits.ts";
import { Icon } from "../ui/Icon.tsx";
import { fileBadge, shortWhen } from "./format.ts";

export interface FileTileProps {
  file: FileRecord;
  canWrite: boolean;
  disabled: boolean;
  now: number;
  onOpen: (file: FileRecord) => void;
  onDelete: (file: FileRecord) => void;
}

export function FileThumb({ file }: { file: FileRecord }) {
  if (file.kind === "image" && file.preview_url) {
    return (
      <span class="file-thumb file-thumb-image">
        <img src={file.preview_url} alt="" loading="lazy" decoding="async" />
      </span>
    );
  }
  return (
    <span class={`file-thumb file-thumb-${file.kind}`} aria-hidden="true">
      <Icon name="file" />
      <span class="file-thumb-badge">{fileBadge(file)}</span>
    </span>
  );
}

export function FileTile({ file, canWrite, disabled, now, onOpen, onDelete }: FileTileProps) {
  const who = file.uploaded_by_name ?? "Someone";
  return (
    <li class="file-tile" data-file-id={file.id}>
      <button
        type="button"
        class="file-tile-open"
        disabled={disabled}
        onClick={() => onOpen(file)}
        aria-label={`${file.previewable ? "Preview" : "Details of"} ${file.name}`}
      >
        <FileThumb file={file} />
      </button>
      <div class="file-tile-body">
        <span class="file-tile-title">
          <button
            type="button"
            class="file-tile-name"
            disabled={disabled}
            onClick={() => onOpen(file)}
            title={file.name}
          >
            {file.name}
          </button>
          {file.version > 1 && <span class="file-version-badge">v{file.version}</span>}
        </span>
        <span class="file-tile-meta" title={`Uploaded by ${who}`}>
          {formatBytes(file.size)} · {shortWhen(file.updated_at, now)} · {who}
        </span>
      </div>
      <div class="file-tile-actions">
        <a
          class="btn btn-ghost btn-sm btn-icon"
          href={file.url}
          download={file.name}
          aria-label={`Download ${file.name}`}
        >
          <Icon name="download" />
        </a>
        {canWrite && (
          <button
            type="button"
            class="btn btn-ghost btn-sm btn-icon"
            disabled={disabled}
            onClick={() => onDelete(file)}
            aria-label={`Delete ${file.name}`}
          >
            <Icon name="trash" />
          </button>
        )}
      </div>
    </li>
  );
}
