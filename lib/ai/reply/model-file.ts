// model.json's layout: one feature a line, so a retrained model diffs readably and `deno fmt` leaves it alone.
import type { ReplyModel } from "./model.ts";

export function serialiseModel(model: ReplyModel): string {
  const { weights, ...head } = model;
  const lines = Object.entries(weights).map(([key, row]) => `    ${JSON.stringify(key)}: [${row.join(", ")}]`);
  const headJson = JSON.stringify(head, null, 2).slice(0, -2);
  return `${headJson},\n  "weights": {\n${lines.join(",\n")}\n  }\n}\n`;
}
