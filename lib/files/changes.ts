// What a file write tells live clients: the rooms of the records the file is attached to. Everyone in a
// record's room may read the record and so the file, but not necessarily its other places (a private note, a
// direct message): the event names the records only. Files of notes and messages only are not announced
// (their readers load them with the note or message).
import type { Change } from "../bus/change-bus.ts";
import type { FileLink, FileRecord } from "./types.ts";

export type FileChangeType = `file.${"created" | "updated" | "deleted" | "restored"}`;

/** A file write's result: the file, and the changes the caller publishes (services.bus.publishAll). */
export interface FileWrite {
  file: FileRecord;
  changes: Change[];
}

/** Record kinds with a realtime room (record:<type>:<id>). */
const RECORD_ROOMS = new Set(["deal", "contact", "company", "lead", "task"]);

/** The change for `file` at the records among `links` (by default all of its attachments); none without any. */
export function fileChanges(type: FileChangeType, file: FileRecord, links: FileLink[] = file.links): Change[] {
  const records = links.filter((l) => RECORD_ROOMS.has(l.target_type));
  if (records.length === 0) return [];
  return [{
    team_id: file.team_id,
    type,
    record_type: "file",
    record_id: file.id,
    payload: { id: file.id, name: file.name, links: records },
    rooms: records.map((l) => `record:${l.target_type}:${l.target_id}`),
  }];
}
