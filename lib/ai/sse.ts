// A server-sent-events answer that starts only once the work is under way: anything the work throws before
// it calls `ready()` (a record not found, no credits left) is still a normal HTTP error; anything after becomes
// an `error` event with the same `{ code, message }` the JSON API would send, and the stream ends.
import { describeError } from "../web/errors.ts";

export type SendEvent = (event: string, data: unknown) => Promise<void>;

const encoder = new TextEncoder();

export function sseAfterReady(run: (send: SendEvent, ready: () => void) => Promise<void>): Promise<Response> {
  const { readable, writable } = new TransformStream<Uint8Array, Uint8Array>();
  const writer = writable.getWriter();
  const send: SendEvent = (event, data) =>
    writer.write(encoder.encode(`event: ${event}\ndata: ${JSON.stringify(data)}\n\n`));
  return new Promise<Response>((resolve, reject) => {
    let started = false;
    const ready = () => {
      if (started) return;
      started = true;
      resolve(
        new Response(readable, {
          headers: {
            "content-type": "text/event-stream; charset=utf-8",
            "cache-control": "no-store",
            "x-accel-buffering": "no",
          },
        }),
      );
    };
    run(send, ready).then(
      async () => {
        ready();
        await writer.close().catch(() => {});
      },
      async (error) => {
        if (!started) {
          reject(error);
          return;
        }
        const { code, message, expected } = describeError(error);
        if (!expected) console.error(error);
        await send("error", { error: { code, message } }).catch(() => {});
        await writer.close().catch(() => {});
      },
    );
  });
}
