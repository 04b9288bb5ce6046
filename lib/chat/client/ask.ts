// Socket requests from the chat island, answered by an acknowledgement; never throwing, so callers branch on
// `ok` and show the server's sentence.
import { realtime } from "../../bus/client/connection.ts";

export type Reply = { ok: true; [key: string]: unknown } | { ok: false; error: { code: string; message: string } };

/**
 * Error codes after which a message send is tried again (the message stays in the outbox): the socket codes of
 * lib/errors.ts for "wait and retry" (`rate_limited`) and "our fault" (`internal_error`, what realtime/handle.ts
 * answers for any failure of 500 and above), plus the client's own `timeout`.
 */
export const RETRYABLE = new Set(["rate_limited", "internal_error", "timeout"]);

/** A socket request that never throws: a timeout or a dropped connection becomes `{ok:false}`. */
export async function ask(event: string, payload: unknown, timeoutMs = 8000): Promise<Reply> {
  const socket = realtime();
  if (!socket.connected) {
    return {
      ok: false,
      error: { code: "offline", message: "You are offline. Try again when the connection is back." },
    };
  }
  try {
    return await socket.timeout(timeoutMs).emitWithAck(event, payload) as Reply;
  } catch {
    return { ok: false, error: { code: "timeout", message: "The server did not answer in time. Try again." } };
  }
}
