// Record fields, notes and activities are typed by people (or imported from anywhere): to a model they are DATA.
// They go into the prompt as one JSON document inside <record_data> markers, with every "<" escaped, so nothing
// in them can close the block, open another one, or pass for the surrounding instructions.

/** JSON with `<`, `>` and `&` escaped as \u sequences: still the same JSON to a parser, inert as markup. */
export function inertJson(value: unknown): string {
  return JSON.stringify(value, null, 1)
    .replace(/</g, "\\u003c")
    .replace(/>/g, "\\u003e")
    .replace(/&/g, "\\u0026");
}

/** The data block of a prompt's user message. */
export function dataBlock(value: unknown): string {
  return `<record_data>\n${inertJson(value)}\n</record_data>`;
}
