// Checking a value against a zod schema, as the domain does it: the first problem becomes one sentence a
// person understands ("email: Invalid email address"), thrown as the AppError every edge knows how to render.
import type { z } from "zod";
import { AppError } from "./errors.ts";

/** The sentence for the first problem zod found: "email: Invalid email address". */
export function validationMessage(error: { issues: readonly z.core.$ZodIssue[] }): string {
  const issue = error.issues[0];
  const field = issue.path.join(".");
  return field ? `${field}: ${issue.message}` : issue.message;
}

export function validationError(error: z.ZodError): AppError {
  return new AppError("validation_failed", validationMessage(error));
}

export function parseWithSchema<S extends z.ZodType>(schema: S, value: unknown): z.infer<S> {
  const result = schema.safeParse(value);
  if (!result.success) throw validationError(result.error);
  return result.data;
}
