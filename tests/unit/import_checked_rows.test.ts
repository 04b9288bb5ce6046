// CheckedRows (lib/import/job.ts): rows checked ahead, while the previous batch is written, come out exactly as
// checking each batch on its own would give them, whatever the batch sizes and however far ahead it checked.
import { assertEquals } from "../helpers/assert.ts";
import { parseCsv } from "../../lib/import/csv.ts";
import { RowReader } from "../../lib/import/validate.ts";
import { guessMapping } from "../../lib/import/mapping.ts";
import { BATCHES, CheckedRows } from "../../lib/import/job.ts";

const lines = ["First Name,Last Name,E-mail"];
for (let i = 0; i < 700; i++) {
  lines.push(i % 7 === 3 ? `Bad${i},Row,not-an-email` : `First${i},Last${i},p${i}@example.test`);
}
const file = parseCsv(lines.join("\n"));
const reader = () => new RowReader("contacts", guessMapping("contacts", file.header));
const one = reader();
const expected = file.rows.map((row, i) => one.read(row, file.rowNumbers[i]));

Deno.test("rows checked ahead come out in file order, each once, as checked one batch at a time", async () => {
  const validateRows = BATCHES.validateRows;
  BATCHES.validateRows = 40; // several slices (with pauses between) per batch
  try {
    for (const from of [0, 123]) {
      const checked = new CheckedRows(reader(), file, from);
      const got = [];
      // Batches that grow and shrink, with checks ahead both shorter and longer than the next batch.
      const sizes = [60, 120, 7, 250, 33, 500];
      for (let start = from, k = 0; start < file.rows.length; k++) {
        const end = Math.min(file.rows.length, start + sizes[k % sizes.length]);
        const rows = await checked.take(end);
        assertEquals(rows.length, end - start);
        checked.checkAhead(end + sizes[(k + 2) % sizes.length]);
        got.push(...rows);
        start = end;
      }
      assertEquals(got, expected.slice(from));
    }
  } finally {
    BATCHES.validateRows = validateRows;
  }
});
