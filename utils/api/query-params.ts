// Zod schemas for query string values (always text): optional ids and whole numbers. The hook of
// utils/api/validate.ts puts the parameter's name in front: "limit: must be a whole number from 1 to 200.".
import { z } from "zod";
import { isUuid } from "../../lib/ids.ts";

const blankIsMissing = (value: unknown) => (value === "" ? undefined : value);

/** An optional id (any letter case; answered lower-cased). */
export function queryId(description = "An id.") {
  const id = z.string().refine(isUuid, "must be an id.").transform((v) => v.toLowerCase());
  return z.preprocess(blankIsMissing, id.optional()).describe(description);
}

/** An optional whole number from min to max. */
export function queryInt(min: number, max: number, description?: string) {
  const message = `must be a whole number from ${min} to ${max}.`;
  const int = z.string().regex(/^\d+$/, message).transform(Number).pipe(
    z.number().int().min(min, message).max(max, message),
  );
  return z.preprocess(blankIsMissing, int.optional()).describe(description ?? `A whole number from ${min} to ${max}.`);
}
