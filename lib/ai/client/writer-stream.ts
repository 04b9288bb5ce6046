// In the browser: asks the AI writer for drafts as a server-sent-events stream (a POST, so not EventSource),
// with the page's cookie and CSRF token, and hands each event on as it arrives. A refusal before the stream
// starts (no credits, record not found, bad input) and an `error` event both end in a thrown Error whose
// message is the server's sentence. Browser-only: no server modules.
import { csrfToken } from "../../web/csrf-token.ts";
import { OFFLINE_MESSAGE } from "../../client/api.ts";
import type { DraftText } from "./writer-options.ts";

export interface WriterResult {
  variants: DraftText[];
  provider: string;
  prompt: { name: string; version: string };
  generationId: string;
}

export type WriterEvent =
  | { event: "start"; data: { provider: string; variants: number } }
  | { event: "progress"; data: { variants: DraftText[] } }
  | { event: "done"; data: WriterResult };

/** Splits a server-sent-events text into complete events; returns them and the unfinished rest. */
export function splitEvents(buffer: string): { events: { event: string; data: string }[]; rest: string } {
  const blocks = buffer.replace(/\r\n/g, "\n").split("\n\n");
  const rest = blocks.pop() ?? "";
  const events = blocks.flatMap((block) => {
    let event = "message";
    const data: string[] = [];
    for (const line of block.split("\n")) {
      if (line.startsWith("event:")) event = line.slice(6).trim();
      else if (line.startsWith("data:")) data.push(line.slice(5).trimStart());
    }
    return data.length > 0 ? [{ event, data: data.join("\n") }] : [];
  });
  return { events, rest };
}

function messageOf(body: unknown, status: number): string {
  const message = (body as { error?: { message?: unknown } } | null)?.error?.message;
  return typeof message === "string" && message ? message : `The writer failed (${status}). Please try again.`;
}

export async function streamDrafts(
  payload: Record<string, unknown>,
  options: { csrf?: string; signal?: AbortSignal; onEvent: (event: WriterEvent) => void },
): Promise<WriterResult> {
  let res: Response;
  try {
    res = await fetch("/functions/v1/ai/write", {
      method: "POST",
      credentials: "same-origin",
      headers: {
        accept: "text/event-stream",
        "content-type": "application/json",
        "x-csrf-token": csrfToken(options.csrf),
      },
      body: JSON.stringify(payload),
      signal: options.signal,
    });
  } catch (error) {
    if ((error as Error).name === "AbortError") throw error;
    throw new Error(OFFLINE_MESSAGE);
  }
  if (!res.ok || !res.body) {
    throw new Error(messageOf(await res.json().catch(() => null), res.status));
  }
  const reader = res.body.pipeThrough(new TextDecoderStream()).getReader();
  let buffer = "";
  let result: WriterResult | null = null;
  while (true) {
    const { value, done } = await reader.read();
    if (done) break;
    const { events, rest } = splitEvents(buffer + value);
    buffer = rest;
    for (const { event, data } of events) {
      const parsed = JSON.parse(data);
      if (event === "error") throw new Error(messageOf(parsed, 502));
      if (event === "done") result = parsed;
      if (event === "start" || event === "progress" || event === "done") {
        options.onEvent({ event, data: parsed } as WriterEvent);
      }
    }
  }
  if (!result) throw new Error("The writer stopped before it finished. Please try again.");
  return result;
}
