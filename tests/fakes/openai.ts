// An OpenAI-compatible fake server for tests: chat completions (plain, streamed as server-sent events, JSON
// response formats) and embeddings (deterministic vectors), with switches that make the next answers fail the
// ways real providers do (429, 500, a malformed answer, or no answer at all). Tests start it on port 0 and point
// the real `openai` client at it with OPENAI_BASE_URL = fake.url; every request it received is kept, so a test
// can check what reached the prompt. It runs on node:http, not Deno.serve: tests start it in the same process as
// Leadly, whose @hono/node-server replaces the global Response, which Deno.serve then refuses.
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

export type FakeFailure = "429" | "500" | "malformed" | "hang";

export interface ChatRequest {
  model: string;
  messages: { role: string; content: string }[];
  stream?: boolean;
  response_format?: { type: string; json_schema?: { name?: string; schema?: unknown } };
  [key: string]: unknown;
}

export interface ReceivedRequest {
  path: string;
  authorization: string | null;
  body: Record<string, unknown>;
}

export interface FakeOpenAiOptions {
  /** What the assistant answers; default: a JSON object for JSON response formats, else a short sentence. */
  reply?: (request: ChatRequest) => string;
  /** Size of the vectors /v1/embeddings returns when the request names no `dimensions`. */
  dimensions?: number;
  /** Characters per streamed chunk. */
  chunkSize?: number;
}

export interface FakeOpenAi {
  /** Base URL for the client, ending in /v1. */
  url: string;
  received: ReceivedRequest[];
  /** The chat requests only, oldest first. */
  chats(): ChatRequest[];
  /** The next `times` answers (chat or embeddings) fail this way, then answers are normal again. */
  fail(kind: FakeFailure, times?: number): void;
  setReply(reply: (request: ChatRequest) => string): void;
  /**
   * Holds chat answers back until the returned release is called (requests still arrive and are counted), so a
   * test can see how many calls a client has in flight at once.
   */
  hold(): () => void;
  /** Resolves once `count` chat requests have arrived since the fake started. */
  chatsArrived(count: number): Promise<void>;
  close(): Promise<void>;
}

function defaultReply(request: ChatRequest): string {
  if (request.response_format && request.response_format.type !== "text") return JSON.stringify({ ok: true });
  return "Hello from the fake model.";
}

/** A unit vector that depends only on the text, so equal texts embed equally and tests can compare. */
export function fakeEmbedding(text: string, dimensions: number): number[] {
  const vector = new Array<number>(dimensions).fill(0);
  for (const word of text.toLowerCase().split(/\W+/).filter(Boolean)) {
    let hash = 2166136261;
    for (let i = 0; i < word.length; i++) hash = Math.imul(hash ^ word.charCodeAt(i), 16777619);
    vector[Math.abs(hash) % dimensions] += 1;
  }
  const norm = Math.hypot(...vector) || 1;
  return vector.map((value) => value / norm);
}

interface Answer {
  status: number;
  headers: Record<string, string>;
  /** One string, or chunks written one by one (a stream). */
  body: string | string[];
}

function json(body: unknown, status = 200, headers: Record<string, string> = {}): Answer {
  return { status, headers: { "content-type": "application/json", ...headers }, body: JSON.stringify(body) };
}

function completion(model: string, content: string) {
  return {
    id: `chatcmpl-fake-${crypto.randomUUID()}`,
    object: "chat.completion",
    created: Math.floor(Date.now() / 1000),
    model,
    choices: [{ index: 0, message: { role: "assistant", content }, finish_reason: "stop", logprobs: null }],
    usage: { prompt_tokens: 10, completion_tokens: content.length, total_tokens: 10 + content.length },
  };
}

function streamed(model: string, content: string, chunkSize: number): Answer {
  const id = `chatcmpl-fake-${crypto.randomUUID()}`;
  const created = Math.floor(Date.now() / 1000);
  const chunk = (delta: Record<string, unknown>, finish: string | null) =>
    `data: ${
      JSON.stringify({
        id,
        object: "chat.completion.chunk",
        created,
        model,
        choices: [{ index: 0, delta, finish_reason: finish, logprobs: null }],
      })
    }\n\n`;
  const chunks = [chunk({ role: "assistant", content: "" }, null)];
  for (let i = 0; i < content.length; i += chunkSize) {
    chunks.push(chunk({ content: content.slice(i, i + chunkSize) }, null));
  }
  chunks.push(chunk({}, "stop"), "data: [DONE]\n\n");
  return { status: 200, headers: { "content-type": "text/event-stream" }, body: chunks };
}

function readBody(request: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const parts: Uint8Array[] = [];
    request.on("data", (part: Uint8Array) => parts.push(part));
    request.on("end", () => resolve(new TextDecoder().decode(concat(parts))));
    request.on("error", reject);
  });
}

function concat(parts: Uint8Array[]): Uint8Array {
  const all = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let offset = 0;
  for (const part of parts) {
    all.set(part, offset);
    offset += part.length;
  }
  return all;
}

export async function startFakeOpenAi(options: FakeOpenAiOptions = {}): Promise<FakeOpenAi> {
  const received: ReceivedRequest[] = [];
  const failures: FakeFailure[] = [];
  let reply = options.reply ?? defaultReply;
  const chunkSize = options.chunkSize ?? 12;

  /** The answer, or null for "hang": never answer (the client gives up, or the fake closes). */
  function answer(path: string, text: string, authorization: string | null): Answer | null {
    let body: Record<string, unknown>;
    try {
      body = JSON.parse(text);
    } catch {
      return json({ error: { message: "Body is not JSON", type: "invalid_request_error" } }, 400);
    }
    received.push({ path, authorization, body });
    const failure = failures.shift();
    // retry-after-ms keeps the client's backoff short in tests.
    if (failure === "429") {
      return json({ error: { message: "Rate limit reached", type: "rate_limit_error" } }, 429, {
        "retry-after-ms": "5",
      });
    }
    if (failure === "500") {
      return json({ error: { message: "The server had an error", type: "server_error" } }, 500, {
        "retry-after-ms": "5",
      });
    }
    if (failure === "hang") return null;
    if (path.endsWith("/chat/completions")) {
      const chat = body as unknown as ChatRequest;
      const content = failure === "malformed" ? '{"variants": [ this is not JSON' : reply(chat);
      return chat.stream ? streamed(chat.model, content, chunkSize) : json(completion(chat.model, content));
    }
    if (path.endsWith("/embeddings")) {
      const inputs = Array.isArray(body.input) ? body.input as string[] : [String(body.input)];
      const dimensions = Number(body.dimensions ?? options.dimensions ?? 1536);
      if (failure === "malformed") return json({ object: "list", data: "not a list" });
      return json({
        object: "list",
        model: body.model,
        data: inputs.map((input, index) => ({
          object: "embedding",
          index,
          embedding: fakeEmbedding(String(input), dimensions),
        })),
        usage: { prompt_tokens: inputs.length, total_tokens: inputs.length },
      });
    }
    return json({ error: { message: `Unknown path ${path}`, type: "invalid_request_error" } }, 404);
  }

  let held: Promise<void> | null = null;
  let arrived = 0;
  const arrivals: { count: number; resolve: () => void }[] = [];

  async function handle(request: IncomingMessage, response: ServerResponse) {
    const path = new URL(request.url ?? "/", "http://fake").pathname;
    const text = request.method === "POST" ? await readBody(request) : "";
    if (request.method === "POST" && path.endsWith("/chat/completions")) {
      arrived++;
      for (const waiter of arrivals.filter((w) => w.count <= arrived)) {
        arrivals.splice(arrivals.indexOf(waiter), 1);
        waiter.resolve();
      }
      if (held) await held;
    }
    const result = request.method === "POST"
      ? answer(path, text, request.headers.authorization ?? null)
      : json({ error: { message: "Not found", type: "invalid_request_error" } }, 404);
    if (!result) return; // hanging: closed by the client or by close()
    response.writeHead(result.status, result.headers);
    for (const part of [result.body].flat()) response.write(part);
    response.end();
  }

  const server = createServer((request, response) => {
    handle(request, response).catch((error) => {
      response.writeHead(500).end(String(error));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/v1`,
    received,
    chats: () => received.filter((r) => r.path.endsWith("/chat/completions")).map((r) => r.body as ChatRequest),
    fail(kind, times = 1) {
      for (let i = 0; i < times; i++) failures.push(kind);
    },
    setReply(next) {
      reply = next;
    },
    hold() {
      let release = () => {};
      held = new Promise<void>((resolve) => release = resolve);
      return () => {
        held = null;
        release();
      };
    },
    chatsArrived(count) {
      if (arrived >= count) return Promise.resolve();
      return new Promise<void>((resolve) => arrivals.push({ count, resolve }));
    },
    close() {
      (server as { closeAllConnections?: () => void }).closeAllConnections?.();
      return new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
