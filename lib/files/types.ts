// What the files API sends, for the server and for islands (no server imports here).
import type { FileKind } from "./sniff.ts";

export type { FileKind } from "./sniff.ts";

export const TARGET_TYPES = ["deal", "contact", "company", "lead", "task", "note", "message"] as const;
export type TargetType = typeof TARGET_TYPES[number];

/** Same as the column default of team_storage.quota_bytes, for teams that never uploaded. */
export const DEFAULT_QUOTA_BYTES = 1024 * 1024 * 1024;

export interface FileLink {
  target_type: TargetType;
  target_id: string;
}

export interface FileRecord {
  id: string;
  team_id: string;
  name: string;
  content_type: string;
  kind: FileKind;
  size: number;
  sha256: string;
  version: number;
  uploaded_by: string | null;
  uploaded_by_name: string | null;
  created_at: string;
  updated_at: string;
  deleted_at: string | null;
  previewable: boolean;
  /** Downloads the current version (attachment). */
  url: string;
  /** Shows the current version inline (images and PDFs only), else null. */
  preview_url: string | null;
  links: FileLink[];
}

export interface FileVersion {
  id: string;
  file_id: string;
  version: number;
  name: string;
  content_type: string;
  size: number;
  sha256: string;
  uploaded_by: string | null;
  uploaded_by_name: string | null;
  created_at: string;
  url: string;
  preview_url: string | null;
}

export interface Usage {
  used_bytes: number;
  quota_bytes: number;
}
