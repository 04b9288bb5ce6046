// Socket requests from the chat island, answered by an acknowledgement; never throwing, so callers branch on
// `ok` and show the server's sentence.
import { realtime } from "../../bus/client/connection.ts";

export type Reply = { ok: true; [key: string]: unknown } | { ok: false; error: { code: string; message: string } };

/** Error codes after which a message send is tried again (the message stays in the outbox). */
export const RETRYABLE = new Set(["rate_limited", "unavailable", "internal", "timeout"]);

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
