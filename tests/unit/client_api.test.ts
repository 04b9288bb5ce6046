// The browser API client: the CSRF header on writes only, the server's error sentence, a readable offline
// message, and aborts passed through untouched.
import { assert, assertEquals, assertRejects } from "../helpers/assert.ts";
import { api, ApiError, OFFLINE_MESSAGE, request } from "../../lib/client/api.ts";

type Seen = { url: string; init: RequestInit };

function stubFetch(respond: (seen: Seen) => Response | Promise<Response>): { seen: Seen[]; restore: () => void } {
  const original = globalThis.fetch;
  const seen: Seen[] = [];
  globalThis.fetch = ((url: string, init: RequestInit = {}) => {
    const call = { url: String(url), init };
    seen.push(call);
    return Promise.resolve(respond(call));
  }) as typeof fetch;
  return { seen, restore: () => (globalThis.fetch = original) };
}

const json = (status: number, body: unknown) =>
  new Response(JSON.stringify(body), { status, headers: { "content-type": "application/json" } });

Deno.test("a write sends the CSRF token and a JSON body; a read sends no token", async () => {
  const stub = stubFetch(() => json(200, { data: { id: "1" } }));
  try {
    assertEquals(await api.post("/api/v1/x", { a: 1 }, { csrf: "tok" }), { data: { id: "1" } });
    await api.get("/api/v1/x", { csrf: "tok" });
    const [write, read] = stub.seen;
    const writeHeaders = write.init.headers as Record<string, string>;
    assertEquals(write.init.method, "POST");
    assertEquals(writeHeaders["x-csrf-token"], "tok");
    assertEquals(writeHeaders["content-type"], "application/json");
    assertEquals(write.init.body, JSON.stringify({ a: 1 }));
    assertEquals((read.init.headers as Record<string, string>)["x-csrf-token"], undefined);
  } finally {
    stub.restore();
  }
});

Deno.test("an error body becomes an ApiError with the server's message and code", async () => {
  const stub = stubFetch(() => json(422, { error: { code: "invalid", message: "Name is required." } }));
  try {
    const error = await assertRejects(() => api.patch("/api/v1/x", {}, { csrf: "t" }));
    assert(error instanceof ApiError);
    assertEquals([error.message, error.status, error.code], ["Name is required.", 422, "invalid"]);
    const result = await request("DELETE", "/api/v1/x", undefined, { csrf: "t" });
    assertEquals([result.ok, result.error, result.code], [false, "Name is required.", "invalid"]);
  } finally {
    stub.restore();
  }
});

Deno.test("a failure without a JSON error still says what happened", async () => {
  const stub = stubFetch(() => new Response("<html>Bad gateway</html>", { status: 502 }));
  try {
    const result = await request("GET", "/api/v1/x");
    assertEquals(result.error, "The request failed (502). Please try again.");
  } finally {
    stub.restore();
  }
});

Deno.test("a network failure answers a readable message; an abort is rethrown", async () => {
  const offline = stubFetch(() => Promise.reject(new TypeError("Failed to fetch")));
  try {
    const error = await assertRejects(() => api.get("/api/v1/x"));
    assert(error instanceof ApiError);
    assertEquals([error.message, error.status], [OFFLINE_MESSAGE, 0]);
  } finally {
    offline.restore();
  }
  const aborted = stubFetch(() => Promise.reject(new DOMException("aborted", "AbortError")));
  try {
    const error = await assertRejects(() => request("GET", "/api/v1/x"));
    assertEquals(error.name, "AbortError");
  } finally {
    aborted.restore();
  }
});
