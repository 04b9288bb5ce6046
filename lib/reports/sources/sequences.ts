// Sequences as a report source: the outreach feature (email sequences) does not exist yet, so this source
// has no fields and every report on it is empty, saying why, rather than inventing numbers.
import type { SourceDef } from "./types.ts";

export const sequencesSource: SourceDef = {
  name: "sequences",
  label: "Sequences",
  from: "",
  where: "false",
  defaultDateField: null,
  available: false,
  message: "Sequences arrive with the outreach feature; there is no sequence data to report on yet.",
  fields: [],
};
