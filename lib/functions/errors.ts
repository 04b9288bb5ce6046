// Edge functions answer only JSON: errors as `{ error: { code, message } }` (the API's shape), an unknown path
// as a 404 of the same shape. Unexpected errors are logged and never shown.
import type { Context, ErrorHandler, NotFoundHandler } from "hono";
import { describeError, notFoundInfo } from "../web/errors.ts";

export const functionError: ErrorHandler = (error, c: Context) => {
  const { status, code, message, response, expected } = describeError(error);
  if (!expected) console.error(error);
  if (response) return response;
  return c.json({ error: { code, message } }, status as 400);
};

export const functionNotFound: NotFoundHandler = (c) => {
  const { code } = notFoundInfo();
  return c.json({ error: { code, message: `There is no ${c.req.method} ${c.req.path} in Leadly's functions.` } }, 404);
};
