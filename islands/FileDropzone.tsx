// The Files section of a record: drop files (or click to choose them) to upload with progress, see them
// with previews (image thumbnails, PDF and type badges), open one for a large preview and its versions,
// download, and delete with an undo toast. Follows uploads by teammates live through the record's room.
import { useEffect, useRef, useState } from "preact/hooks";
import { useHydrated } from "@/lib/web/hydrated.ts";
import type { FileRecord, FileVersion } from "@/lib/files/types.ts";
import { api, precheck, uploadWithProgress } from "@/lib/files/client.ts";
import { csrfToken } from "@/lib/web/csrf-token.ts";
import { formatBytes, MAX_UPLOAD_BYTES } from "@/lib/files/limits.ts";
import { subscribe } from "@/lib/bus/client/connection.ts";
import { FileTile } from "@/components/files/FileTile.tsx";
import { FileDialog } from "@/components/files/FileDialog.tsx";
import { Icon } from "@/components/ui/Icon.tsx";

export interface FileDropzoneProps {
  /** deal | contact | company | lead | task | note | message */
  targetType: string;
  targetId: string;
  /** The page's CSRF token; read from the page's forms when not given. */
  csrf?: string;
  canWrite: boolean;
}

interface Pending {
  key: string;
  name: string;
  sent: number;
  total: number;
  error: string | null;
}

interface UsageInfo {
  used_bytes: number;
  quota_bytes: number;
}

interface Toast {
  message: string;
  undo: FileRecord | null;
}

/** Record kinds whose room (record:<type>:<id>) carries file events. */
const LIVE_KINDS = new Set(["deal", "contact", "company", "lead", "task"]);
const TOAST_MS = 8000;

export default function FileDropzone({ targetType, targetId, csrf, canWrite }: FileDropzoneProps) {
  const hydrated = useHydrated();
  const [files, setFiles] = useState<FileRecord[] | null>(null);
  const [usage, setUsage] = useState<UsageInfo | null>(null);
  const [pending, setPending] = useState<Pending[]>([]);
  const [error, setError] = useState<string | null>(null);
  const [toast, setToast] = useState<Toast | null>(null);
  const [dragging, setDragging] = useState(false);
  const [open, setOpen] = useState<FileRecord | null>(null);
  const [versions, setVersions] = useState<FileVersion[] | null>(null);
  const [versionProgress, setVersionProgress] = useState<number | null>(null);
  const [versionError, setVersionError] = useState<string | null>(null);
  const [now, setNow] = useState(() => Date.now());
  const dragDepth = useRef(0);
  const dialog = useRef<HTMLDialogElement>(null);
  const loadSeq = useRef(0);
  const token = () => csrfToken(csrf);
  const listPath = `/api/v1/files?target_type=${encodeURIComponent(targetType)}&target_id=${
    encodeURIComponent(targetId)
  }`;

  const refresh = async () => {
    const seq = ++loadSeq.current;
    const [list, use] = await Promise.all([
      api<FileRecord[]>("GET", listPath, ""),
      api<UsageInfo>("GET", "/api/v1/files/usage", ""),
    ]);
    if (seq !== loadSeq.current) return; // a newer load is on its way
    setNow(Date.now());
    if (list.ok) setFiles(list.data ?? []);
    else setError(list.error);
    if (use.ok) setUsage(use.data);
  };

  useEffect(() => {
    void refresh();
    if (!LIVE_KINDS.has(targetType)) return;
    return subscribe(`record:${targetType}:${targetId}`, {
      onEvent: (event) => {
        if (event.type.startsWith("file.")) void refresh();
      },
      onReset: () => void refresh(),
    });
  }, [targetType, targetId]);

  useEffect(() => {
    if (!toast) return;
    const timer = setTimeout(() => setToast(null), TOAST_MS);
    return () => clearTimeout(timer);
  }, [toast]);

  useEffect(() => {
    const el = dialog.current;
    if (!el) return;
    if (open && !el.open) el.showModal();
    if (!open && el.open) el.close();
  }, [open]);

  const patchPending = (key: string, change: Partial<Pending>) =>
    setPending((list) => list.map((p) => (p.key === key ? { ...p, ...change } : p)));

  const uploadOne = async (file: File) => {
    const key = crypto.randomUUID();
    const problem = precheck(file);
    setPending((list) => [...list, { key, name: file.name, sent: 0, total: file.size, error: problem }]);
    if (problem) return;
    const result = await uploadWithProgress<FileRecord>(
      "/api/v1/files",
      file,
      { target_type: targetType, target_id: targetId },
      token(),
      (sent, total) => patchPending(key, { sent, total }),
    );
    if (!result.ok || !result.data) {
      patchPending(key, { error: result.error ?? "The upload failed." });
      if (result.status === 413) void refresh(); // the usage line shows how full the workspace is
      return;
    }
    const created = result.data;
    setPending((list) => list.filter((p) => p.key !== key));
    setFiles((list) => [created, ...(list ?? []).filter((f) => f.id !== created.id)]);
    setNow(Date.now());
    void refresh();
  };

  const uploadAll = (list: FileList | File[] | null | undefined) => {
    if (!list || !canWrite) return;
    setError(null);
    for (const file of Array.from(list)) void uploadOne(file);
  };

  const remove = async (file: FileRecord) => {
    setError(null);
    const result = await api<FileRecord>("DELETE", `/api/v1/files/${file.id}`, token());
    if (!result.ok) {
      setError(result.error);
      return;
    }
    setFiles((list) => (list ?? []).filter((f) => f.id !== file.id));
    if (open?.id === file.id) setOpen(null);
    setToast({ message: `Deleted “${file.name}”.`, undo: file });
    void refresh();
  };

  const undo = async (file: FileRecord) => {
    setToast(null);
    const result = await api<FileRecord>("POST", `/api/v1/files/${file.id}/restore`, token());
    if (!result.ok || !result.data) {
      setError(result.error);
      return;
    }
    const restored = result.data;
    setFiles((list) =>
      [restored, ...(list ?? []).filter((f) => f.id !== restored.id)].sort((a, b) =>
        b.created_at.localeCompare(a.created_at)
      )
    );
    void refresh();
  };

  const openFile = async (file: FileRecord) => {
    setOpen(file);
    setVersions(null);
    setVersionError(null);
    const result = await api<FileVersion[]>("GET", `/api/v1/files/${file.id}/versions`, "");
    if (result.ok) setVersions(result.data ?? []);
    else setVersionError(result.error);
  };

  const newVersion = async (chosen: File) => {
    if (!open) return;
    const problem = precheck(chosen);
    setVersionError(problem);
    if (problem) return;
    setVersionProgress(0);
    const result = await uploadWithProgress<FileRecord>(
      `/api/v1/files/${open.id}/versions`,
      chosen,
      {},
      token(),
      (sent, total) => setVersionProgress(total > 0 ? sent / total : 0),
    );
    setVersionProgress(null);
    if (!result.ok || !result.data) {
      setVersionError(result.error);
      return;
    }
    const updated = result.data;
    setFiles((list) => (list ?? []).map((f) => (f.id === updated.id ? updated : f)));
    await openFile(updated);
    void refresh();
  };

  const onDragEnter = (event: DragEvent) => {
    if (!canWrite || !event.dataTransfer?.types.includes("Files")) return;
    event.preventDefault();
    dragDepth.current++;
    setDragging(true);
  };
  const onDragOver = (event: DragEvent) => {
    if (!canWrite || !event.dataTransfer?.types.includes("Files")) return;
    event.preventDefault();
    event.dataTransfer.dropEffect = "copy";
  };
  const onDragLeave = () => {
    dragDepth.current = Math.max(0, dragDepth.current - 1);
    if (dragDepth.current === 0) setDragging(false);
  };
  const onDrop = (event: DragEvent) => {
    if (!canWrite) return;
    event.preventDefault();
    dragDepth.current = 0;
    setDragging(false);
    uploadAll(event.dataTransfer?.files);
  };

  const count = files?.length ?? 0;
  const disabled = !hydrated;
  const usageText = usage ? `${formatBytes(usage.used_bytes)} of ${formatBytes(usage.quota_bytes)} used` : null;
  const full = usage ? usage.used_bytes >= usage.quota_bytes : false;

  return (
    <section class="card file-section" aria-labelledby={`files-${targetId}`}>
      <header class="card-header">
        <div class="stack-xs">
          <h2 class="card-title" id={`files-${targetId}`}>
            Files{files && count > 0 && <span class="file-count">{count}</span>}
          </h2>
          {usageText && <p class={`card-description${full ? " file-usage-full" : ""}`}>{usageText}</p>}
        </div>
      </header>
      <div class="card-body stack">
        {canWrite && (
          <div
            class={`file-drop${dragging ? " is-dragging" : ""}${disabled ? " is-disabled" : ""}`}
            data-testid="file-drop"
            onDragEnter={onDragEnter}
            onDragOver={onDragOver}
            onDragLeave={onDragLeave}
            onDrop={onDrop}
          >
            <label class="file-drop-label">
              <Icon name="upload" />
              <span class="file-drop-text">
                <span class="file-drop-pointer">
                  <strong>Drop files here</strong> or <span class="file-drop-browse">choose files</span>
                </span>
                <span class="file-drop-touch">
                  <strong class="file-drop-browse">Choose files</strong> to upload
                </span>
                <span class="file-drop-hint">Up to {formatBytes(MAX_UPLOAD_BYTES)} each · images and PDFs preview</span>
              </span>
              <input
                type="file"
                multiple
                class="file-input"
                aria-label="Upload files"
                disabled={disabled}
                onChange={(event) => {
                  const input = event.currentTarget;
                  const chosen = Array.from(input.files ?? []);
                  input.value = "";
                  uploadAll(chosen);
                }}
              />
            </label>
          </div>
        )}

        {error && (
          <div class="alert alert-error file-alert" role="alert">
            <Icon name="alert" />
            <div class="alert-body">{error}</div>
            <button
              type="button"
              class="btn btn-ghost btn-sm btn-icon"
              aria-label="Dismiss"
              onClick={() => setError(null)}
            >
              <Icon name="x" />
            </button>
          </div>
        )}

        {pending.length > 0 && (
          <ul class="file-uploads" aria-label="Uploads">
            {pending.map((p) => (
              <li key={p.key} class={`file-upload${p.error ? " is-failed" : ""}`}>
                <span class="file-upload-name">{p.name}</span>
                {p.error
                  ? (
                    <>
                      <span class="file-error-text" role="alert">{p.error}</span>
                      <button
                        type="button"
                        class="btn btn-ghost btn-sm btn-icon"
                        aria-label={`Dismiss ${p.name}`}
                        onClick={() => setPending((list) => list.filter((x) => x.key !== p.key))}
                      >
                        <Icon name="x" />
                      </button>
                    </>
                  )
                  : (
                    <progress
                      class="file-progress"
                      max={p.total || 1}
                      value={p.sent}
                      aria-label={`Uploading ${p.name}`}
                    />
                  )}
              </li>
            ))}
          </ul>
        )}

        {files === null
          ? <p class="text-sm muted">{hydrated ? "Loading files…" : "Files load once the page is ready."}</p>
          : count === 0 && pending.length === 0
          ? <p class="text-sm muted file-empty">No files yet.</p>
          : (
            <ul class="file-list" aria-label="Files">
              {files.map((file) => (
                <FileTile
                  key={file.id}
                  file={file}
                  canWrite={canWrite}
                  disabled={disabled}
                  now={now}
                  onOpen={openFile}
                  onDelete={remove}
                />
              ))}
            </ul>
          )}
      </div>

      <FileDialog
        dialogRef={dialog}
        file={open}
        versions={versions}
        canWrite={canWrite}
        disabled={disabled}
        now={now}
        versionProgress={versionProgress}
        versionError={versionError}
        onClose={() => setOpen(null)}
        onNewVersion={newVersion}
      />

      {toast && (
        <div class="file-toast" role="status">
          <span class="file-toast-text">{toast.message}</span>
          {toast.undo && (
            <button type="button" class="file-toast-action" onClick={() => undo(toast.undo!)}>Undo</button>
          )}
          <button type="button" class="file-toast-close" aria-label="Dismiss" onClick={() => setToast(null)}>
            <Icon name="x" size="sm" />
          </button>
        </div>
      )}
    </section>
  );
}
