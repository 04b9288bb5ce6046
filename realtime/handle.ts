// Request/ack plumbing shared by every event handler: payload validation with zod, and one reply shape,
// `{ ok: true, ... }` or `{ ok: false, error: { code, message } }`, on the ack or as an `error` event.
import type { Socket } from "socket.io";
import { z } from "zod";
import { AppError } from "../lib/errors.ts";
import { toAppError } from "../lib/db/errors.ts";
import { textProblem } from "../lib/text-guard.ts";
import { RoomError } from "./rooms.ts";

export type Ack = (reply: unknown) => void;
export type Failure = { ok: false; error: { code: string; message: string } };

export const fail = (code: string, message: string): Failure => ({ ok: false, error: { code, message } });

/** Thrown by handlers for a refusal the user should read (code + sentence). */
export class RealtimeError extends Error {
  constructor(readonly code: string, message: string) {
    super(message);
  }
}

export class PayloadError extends RealtimeError {
  constructor(message: string) {
    super("invalid_payload", message);
  }
}

function describe(error: z.ZodError) {
  const issue = error.issues[0];
  const where = issue?.path.length ? `${issue.path.join(".")}: ` : "";
  return `Invalid payload. ${where}${issue?.message ?? "unexpected shape"}`;
}

export function parse<T>(schema: z.ZodType<T>, payload: unknown): T {
  const result = schema.safeParse(payload);
  if (!result.success) throw new PayloadError(describe(result.error));
  return result.data;
}

function toFailure(event: string, error: unknown): Failure {
  if (error instanceof RealtimeError) return fail(error.code, error.message);
  if (error instanceof RoomError) return fail(error.code, error.message);
  // The domain's refusals (lib/errors.ts) and the database's (RLS, our own `raise exception`s, constraints)
  // read the same as over HTTP; the socket code comes from the same table as the HTTP status.
  const refused = toAppError(error);
  if (refused instanceof AppError && refused.status < 500) return fail(refused.socketCode, refused.message);
  console.error(`realtime ${event} failed`, error);
  return fail("internal_error", "Something went wrong on our side. Please try again.");
}

/** Runs a request handler and always answers: on the ack when there is one, else as an `error` event. */
export function handle(socket: Socket, event: string, fn: (payload: unknown) => Promise<unknown> | unknown) {
  socket.on(event, async (...args: unknown[]) => {
    const ack = typeof args[args.length - 1] === "function" ? args.pop() as Ack : null;
    let reply: unknown;
    try {
      // The rule of HTTP bodies (lib/text-guard.ts): no NUL or other control characters, no nesting bombs.
      const problem = textProblem(args[0]);
      reply = problem ? fail("invalid_payload", `Invalid payload. ${problem}`) : await fn(args[0]);
    } catch (error) {
      reply = toFailure(event, error);
    }
    if (ack) ack(reply);
    else if ((reply as Failure)?.ok === false) socket.emit("error", { ...(reply as Failure).error, event });
  });
}
