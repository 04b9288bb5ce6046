// Reading and validating HTML form posts: values back into the form, one message per field.
import type { z } from "zod";

export type FormValues = Record<string, string>;
export type FieldErrors = Record<string, string>;

export type Parsed<T> =
  | { ok: true; data: T; values: FormValues }
  | { ok: false; errors: FieldErrors; values: FormValues };

/** Single-valued fields as strings; checkbox groups (same name repeated) joined under `name[]`. */
export async function readForm(req: Request): Promise<{ values: FormValues; lists: Record<string, string[]> }> {
  const form = await req.formData();
  const values: FormValues = {};
  const lists: Record<string, string[]> = {};
  for (const [key, value] of form) {
    if (typeof value !== "string" || key === "_csrf") continue;
    values[key] = value;
    (lists[key] ??= []).push(value);
  }
  return { values, lists };
}

export function parseWith<S extends z.ZodType>(schema: S, input: unknown, values: FormValues): Parsed<z.infer<S>> {
  const result = schema.safeParse(input);
  if (result.success) return { ok: true, data: result.data, values };
  const errors: FieldErrors = {};
  for (const issue of result.error.issues) {
    const key = String(issue.path[0] ?? "_form");
    errors[key] ??= issue.message;
  }
  return { ok: false, errors, values };
}

export async function parseForm<S extends z.ZodType>(req: Request, schema: S): Promise<Parsed<z.infer<S>>> {
  const { values } = await readForm(req);
  return parseWith(schema, values, values);
}

/** A message for anything thrown by a domain call: HTTP errors carry one meant for people. */
export function errorMessage(error: unknown): string {
  if (error && typeof error === "object" && "status" in error && "message" in error) {
    const status = Number((error as { status: number }).status);
    if (status >= 400 && status < 500) return String((error as { message: string }).message);
  }
  throw error;
}
