// Images uploaded into a note: which dropped/pasted/chosen files qualify, and the upload itself over the files
// API (attached to the note, so the file lives and is shared with it). The note stores the file's
// preview_url (same-origin, versioned) as the image's src and the file name as its alt text.
import { precheck, uploadWithProgress } from "../../files/client.ts";

/** Image types the files API shows inline (SVG never is: it downloads as an attachment). */
export const NOTE_IMAGE_TYPES = ["image/png", "image/jpeg", "image/gif", "image/webp", "image/avif"];

/** The image files of a drop, a paste or a file chooser. */
export function imageFilesOf(list: ArrayLike<File> | null | undefined): File[] {
  return list ? Array.from(list).filter((file) => file.type.startsWith("image/")) : [];
}

/** Why `file` cannot go into a note, as a sentence, or null when it can. */
export function noteImageProblem(file: File): string | null {
  if (!NOTE_IMAGE_TYPES.includes(file.type)) {
    return `“${file.name}” is not an image that can be shown in a note. Use a PNG, JPEG, GIF, WebP or AVIF file.`;
  }
  return precheck(file);
}

export interface UploadedImage {
  src: string;
  alt: string;
}

/** Uploads an image into note `noteId`; resolves to the image node's attributes, or an error sentence. */
export async function uploadNoteImage(
  noteId: string,
  file: File,
  csrf: string,
  onProgress: (fraction: number) => void,
): Promise<{ image: UploadedImage | null; error: string | null }> {
  const problem = noteImageProblem(file);
  if (problem) return { image: null, error: problem };
  const res = await uploadWithProgress<{ name?: string; preview_url?: string | null }>(
    "/api/v1/files",
    file,
    { target_type: "note", target_id: noteId },
    csrf,
    (sent, total) => onProgress(total > 0 ? Math.min(1, sent / total) : 0),
  );
  if (!res.ok) return { image: null, error: res.error };
  const src = res.data?.preview_url;
  if (!src) return { image: null, error: `“${file.name}” was uploaded but cannot be shown as an image.` };
  return { image: { src, alt: res.data?.name || file.name }, error: null };
}
