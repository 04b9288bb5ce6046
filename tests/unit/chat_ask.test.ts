// The chat outbox retries a send only for codes the server really answers with: checked against the socket
// edge itself (realtime/handle.ts), so a renamed code fails here instead of silently dropping retries.
import type { Socket } from "socket.io";
import { assert, assertEquals } from "../helpers/assert.ts";
import { RETRYABLE } from "../../lib/chat/client/ask.ts";
import { AppError } from "../../lib/errors.ts";
import { type Failure, handle } from "../../realtime/handle.ts";

/** The reply the socket edge sends for one request whose handler throws `error`. */
async function replyFor(error: unknown): Promise<Failure> {
  const handlers = new Map<string, (...args: unknown[]) => Promise<void>>();
  const socket = { on: (event: string, fn: (...args: unknown[]) => Promise<void>) => handlers.set(event, fn) };
  handle(socket as unknown as Socket, "chat:send", () => {
    throw error;
  });
  let reply: unknown;
  const quiet = console.error;
  console.error = () => {}; // the edge logs unexpected errors; expected here
  try {
    await handlers.get("chat:send")!({}, (r: unknown) => reply = r);
  } finally {
    console.error = quiet;
  }
  return reply as Failure;
}

Deno.test("chat send: the server's codes for its own failures are retried", async () => {
  for (const error of [new Error("boom"), new AppError("service_unavailable")]) {
    const reply = await replyFor(error);
    assertEquals(reply.ok, false);
    assert(RETRYABLE.has(reply.error.code), `${reply.error.code} should be retried`);
  }
  const limited = await replyFor(new AppError("too_many_requests"));
  assert(RETRYABLE.has(limited.error.code), `${limited.error.code} should be retried`);
});

Deno.test("chat send: refusals the user must act on are not retried", async () => {
  for (const code of ["forbidden", "not_found", "validation_failed", "file_too_large"] as const) {
    const reply = await replyFor(new AppError(code));
    assert(!RETRYABLE.has(reply.error.code), `${reply.error.code} should not be retried`);
  }
});
