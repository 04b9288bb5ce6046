// The note editor: the server-rendered snapshot shows at once; after hydration Tiptap + Yjs load (a separate
// chunk) and take over: live co-editing with named cursors, a toolbar, "@" teammates, "#" records and "/"
// commands, a status line ("Saved", "Offline — changes kept on this device"), read-only for viewers (who
// still see edits live). The title is saved over the notes API.
import { useEffect, useMemo, useRef, useState } from "preact/hooks";
import type { Editor } from "@tiptap/core";
import { useHydrated } from "@/lib/web/hydrated.ts";
import { subscribe } from "@/lib/bus/client/connection.ts";
import type { Member } from "@/lib/notes/client/suggest.ts";
import { moveIndex, safeImageUrl, safeLinkUrl } from "@/lib/notes/client/suggest.ts";
import { INITIAL_SYNC_STATE, statusOf, type SyncState } from "@/lib/notes/client/status.ts";
import { caretColor } from "@/lib/notes/client/colors.ts";
import { api } from "@/lib/notes/client/api.ts";
import { imageFilesOf, NOTE_IMAGE_TYPES, uploadNoteImage } from "@/lib/notes/client/upload.ts";
import type { MenuState, NoteSession } from "@/lib/notes/client/editor.ts";
import { socketTransport } from "@/lib/notes/client/transport.ts";
import { type Peer, peersOf } from "@/lib/notes/client/peers.ts";
import { NoteToolbar } from "@/components/notes/NoteToolbar.tsx";
import { NoteMenuPopup } from "@/components/notes/NoteMenuPopup.tsx";
import { NoteStatus } from "@/components/notes/NoteStatus.tsx";
import { Avatar } from "@/components/ui/Avatar.tsx";

export interface NoteEditorProps {
  noteId: string;
  title: string;
  /** Sanitized HTML snapshot from the server, shown until the live editor is ready. */
  html: string;
  permission: "view" | "edit";
  user: { id: string; name: string };
  members: Member[];
  csrf: string;
  /** May upload images into the note (an editor in a team role that can write files). */
  canUpload?: boolean;
}

type Prompt = { kind: "link" | "image"; value: string; error: string | null } | null;

/** The image being uploaded (name and 0..1 sent) and how many more wait behind it. */
type Uploading = { name: string; progress: number; queued: number } | null;

export default function NoteEditor(props: NoteEditorProps) {
  const hydrated = useHydrated();
  const mount = useRef<HTMLDivElement>(null);
  const session = useRef<NoteSession | null>(null);
  const [editor, setEditor] = useState<Editor | null>(null);
  const [loadError, setLoadError] = useState<string | null>(null);
  const [sync, setSync] = useState<SyncState>({ ...INITIAL_SYNC_STATE, readOnly: props.permission !== "edit" });
  const [, setTick] = useState(0);
  const [menu, setMenu] = useState<MenuState | null>(null);
  const [active, setActive] = useState(0);
  const [peers, setPeers] = useState<Peer[]>([]);
  const [title, setTitle] = useState(props.title);
  const [titleError, setTitleError] = useState<string | null>(null);
  const [prompt, setPrompt] = useState<Prompt>(null);
  const [uploading, setUploading] = useState<Uploading>(null);
  const [uploadError, setUploadError] = useState<string | null>(null);
  const fileInput = useRef<HTMLInputElement>(null);
  const uploadQueue = useRef<File[]>([]);
  const menuRef = useRef<{ menu: MenuState | null; active: number }>({ menu: null, active: 0 });
  menuRef.current = { menu, active };
  const titleTimer = useRef<ReturnType<typeof setTimeout> | null>(null);
  const savedTitle = useRef(props.title);
  const members = useRef(props.members);
  const readOnly = sync.readOnly || props.permission !== "edit";
  const canUpload = Boolean(props.canUpload) && !readOnly;

  // Uploads one image after the other (in the order given) and inserts each at the cursor when it is up.
  const uploadImages = async (files: File[]) => {
    const queue = uploadQueue.current;
    const idle = queue.length === 0;
    queue.push(...files);
    setUploadError(null);
    if (!idle) return setUploading((u) => u && { ...u, queued: queue.length - 1 });
    while (queue.length) {
      const file = queue[0];
      setUploading({ name: file.name, progress: 0, queued: queue.length - 1 });
      const { image, error } = await uploadNoteImage(props.noteId, file, props.csrf, (progress) => {
        setUploading({ name: file.name, progress, queued: queue.length - 1 });
      });
      queue.shift();
      const current = session.current?.editor;
      if (error) setUploadError(error);
      else if (image && current && !current.isDestroyed && current.isEditable) {
        current.chain().setImage(image).run();
      }
    }
    setUploading(null);
  };
  const uploadRef = useRef(uploadImages);
  uploadRef.current = uploadImages;

  const color = useMemo(() => caretColor(props.user.id), [props.user.id]);

  useEffect(() => {
    if (!mount.current) return;
    let cancelled = false;
    let raf = 0;
    const changed = () => {
      if (raf) return;
      raf = requestAnimationFrame(() => {
        raf = 0;
        setTick((n) => n + 1);
      });
    };
    import("@/lib/notes/client/editor.ts").then(({ createNoteEditor }) => {
      if (cancelled || !mount.current) return;
      const created = createNoteEditor({
        element: mount.current,
        noteId: props.noteId,
        user: { id: props.user.id, name: props.user.name, color },
        transport: socketTransport(),
        members: () => members.current,
        editable: props.permission === "edit",
        canUpload: Boolean(props.canUpload),
        placeholder: "Write something, or type / for commands, @ to mention, # to link a record…",
        hooks: {
          menu: (state) => {
            setMenu(state);
            if (!state || state.kind !== menuRef.current.menu?.kind) setActive(0);
          },
          menuKey: (event) => {
            const { menu, active } = menuRef.current;
            if (!menu) return false;
            if (event.key === "ArrowDown" || event.key === "ArrowUp") {
              setActive(moveIndex(active, menu.items.length, event.key === "ArrowDown" ? 1 : -1));
              return true;
            }
            if (event.key === "Enter" || event.key === "Tab") {
              const item = menu.items[Math.min(active, menu.items.length - 1)];
              if (!item) return false;
              menu.pick(item);
              return true;
            }
            if (event.key === "Escape") {
              setMenu(null);
              return true;
            }
            return false;
          },
          changed,
          image: (kind) => {
            if (kind === "url") setPrompt({ kind: "image", value: "", error: null });
            else fileInput.current?.click();
          },
          files: (files, pos) => {
            const current = session.current?.editor;
            // A drop puts the cursor where the image goes; the collaboration binding keeps it there.
            if (pos !== null && current) current.commands.setTextSelection(pos);
            void uploadRef.current(files);
          },
        },
      });
      session.current = created;
      const { provider } = created;
      provider.onState((state) => setSync(state));
      const readPeers = () => setPeers(peersOf(provider.awareness, provider.doc.clientID));
      provider.awareness.on("change", readPeers);
      setEditor(created.editor);
    }).catch((error) => {
      console.error(error);
      if (!cancelled) setLoadError("The editor could not be loaded. Reload the page to try again.");
    });
    // Title changes by others arrive as note.updated in the note's room.
    const stop = subscribe(`note:${props.noteId}`, {
      onEvent: (event) => {
        const payload = event.payload as { title?: string } | null;
        if (
          event.type === "note.updated" && typeof payload?.title === "string" && payload.title !== savedTitle.current
        ) {
          savedTitle.current = payload.title;
          setTitle(payload.title);
        }
      },
    });
    return () => {
      cancelled = true;
      stop();
      if (raf) cancelAnimationFrame(raf);
      session.current?.destroy();
      session.current = null;
    };
  }, []);

  // A viewer's editor follows permission changes (shared for editing meanwhile, or access reduced).
  useEffect(() => {
    if (editor && !editor.isDestroyed) editor.setEditable(!readOnly);
  }, [editor, readOnly]);

  const saveTitle = (value: string) => {
    if (titleTimer.current) clearTimeout(titleTimer.current);
    titleTimer.current = setTimeout(async () => {
      const next = value.trim() || "Untitled";
      if (next === savedTitle.current) return;
      const res = await api("PATCH", `/api/v1/notes/${props.noteId}`, { title: next }, props.csrf);
      if (res.ok) {
        savedTitle.current = next;
        setTitleError(null);
        document.title = `${next} · Notes · Leadly`;
      } else setTitleError(res.error);
    }, 400);
  };

  const submitPrompt = (event: Event) => {
    event.preventDefault();
    if (!prompt || !editor) return;
    if (prompt.kind === "link") {
      if (!prompt.value.trim()) {
        editor.chain().focus().extendMarkRange("link").unsetLink().run();
        setPrompt(null);
        return;
      }
      const href = safeLinkUrl(prompt.value);
      if (!href) return setPrompt({ ...prompt, error: "Use a web address (https://…), mailto: or tel:." });
      editor.chain().focus().extendMarkRange("link").setLink({ href }).run();
    } else {
      const src = safeImageUrl(prompt.value);
      if (!src) return setPrompt({ ...prompt, error: "Use an image address that starts with https://." });
      editor.chain().focus().setImage({ src }).run();
    }
    setPrompt(null);
  };

  const status = statusOf({ ...sync, readOnly });
  const ready = hydrated && editor !== null;

  return (
    <div class="note-editor" data-ready={ready ? "true" : "false"} data-readonly={readOnly ? "true" : "false"}>
      <div class="note-editor-head">
        <label class="visually-hidden" for="note-title">Title</label>
        <input
          id="note-title"
          class="note-title-input"
          value={title}
          maxLength={200}
          placeholder="Untitled"
          disabled={!hydrated || readOnly}
          onInput={(event) => {
            const value = (event.target as HTMLInputElement).value;
            setTitle(value);
            saveTitle(value);
          }}
        />
        <div class="note-editor-meta">
          <NoteStatus
            status={status}
            onRetry={sync.error && !readOnly ? () => session.current?.provider.retry() : undefined}
          />
          <ul class="note-peers" aria-label="Also here">
            {peers.map((peer) => (
              <li key={peer.clientId} class="note-peer" title={peer.name} data-color={peer.color}>
                <Avatar name={peer.name} size="xs" />
                <span class="note-peer-name">{peer.name}</span>
              </li>
            ))}
          </ul>
        </div>
        {titleError && <p class="field-error" role="alert">{titleError}</p>}
      </div>
      {!readOnly && (
        <NoteToolbar
          editor={editor}
          disabled={!ready}
          onLink={() => setPrompt({ kind: "link", value: editor?.getAttributes("link").href ?? "", error: null })}
          onImage={() => setPrompt({ kind: "image", value: "", error: null })}
        />
      )}
      {!readOnly && props.canUpload && (
        <input
          ref={fileInput}
          type="file"
          class="visually-hidden"
          accept={NOTE_IMAGE_TYPES.join(",")}
          multiple
          tabIndex={-1}
          aria-label="Upload images"
          onChange={(event) => {
            const input = event.target as HTMLInputElement;
            const files = imageFilesOf(input.files);
            // Other types were picked through "All files": say why they do not go in.
            const all = input.files ? Array.from(input.files) : [];
            input.value = "";
            setPrompt(null);
            if (files.length) void uploadImages(files);
            if (files.length < all.length) {
              const other = all.find((f) => !files.includes(f));
              setUploadError(`“${other?.name}” is not an image. Use a PNG, JPEG, GIF, WebP or AVIF file.`);
            }
          }}
        />
      )}
      {uploading && (
        <div class="note-upload" role="status">
          <span class="note-upload-label">
            Uploading “{uploading.name}”…{uploading.queued > 0 ? ` (${uploading.queued} more)` : ""}
          </span>
          <progress class="note-upload-bar" max={1} value={uploading.progress} aria-label="Upload progress" />
        </div>
      )}
      {uploadError && (
        <div class="note-upload note-upload-error" role="alert">
          <p class="field-error">{uploadError}</p>
          <button type="button" class="btn btn-ghost btn-sm" onClick={() => setUploadError(null)}>Dismiss</button>
        </div>
      )}
      {prompt && (
        <form class="note-prompt" onSubmit={submitPrompt}>
          <label class="note-prompt-label" for="note-prompt-input">
            {prompt.kind === "link" ? "Link address" : "Image address"}
          </label>
          <input
            id="note-prompt-input"
            class="input input-sm"
            value={prompt.value}
            placeholder="https://"
            autoFocus
            onInput={(event) => setPrompt({ ...prompt, value: (event.target as HTMLInputElement).value, error: null })}
            onKeyDown={(event) => {
              if (event.key === "Escape") setPrompt(null);
            }}
          />
          <button type="submit" class="btn btn-primary btn-sm">{prompt.kind === "link" ? "Apply" : "Insert"}</button>
          {prompt.kind === "image" && canUpload && (
            <button
              type="button"
              class="btn btn-secondary btn-sm"
              onClick={() => fileInput.current?.click()}
            >
              Upload from device…
            </button>
          )}
          <button type="button" class="btn btn-ghost btn-sm" onClick={() => setPrompt(null)}>Cancel</button>
          {prompt.error && <p class="field-error note-prompt-error" role="alert">{prompt.error}</p>}
        </form>
      )}
      {loadError && <p class="field-error" role="alert">{loadError}</p>}
      {!editor && (
        <div class="note-prose note-snapshot" aria-busy="true" dangerouslySetInnerHTML={{ __html: props.html }} />
      )}
      <div ref={mount} class="note-editor-mount" />
      {menu && <NoteMenuPopup menu={menu} active={active} onHover={setActive} />}
    </div>
  );
}
