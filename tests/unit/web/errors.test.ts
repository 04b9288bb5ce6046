import { assertEquals } from "../../helpers/assert.ts";
import { HTTPException } from "hono/http-exception";
import { codeForStatus, describeError, wantsJson } from "../../../lib/web/errors.ts";

Deno.test("errors: HTTPException keeps status and message; cause may name the code", () => {
  assertEquals(describeError(new HTTPException(409, { message: "Email taken.", cause: { code: "email_taken" } })), {
    status: 409,
    code: "email_taken",
    message: "Email taken.",
    response: undefined,
    expected: true,
  });
  const bare = describeError(new HTTPException(429));
  assertEquals([bare.code, bare.message], [
    "too_many_requests",
    "Too many requests; please wait a moment and try again.",
  ]);
});

Deno.test("errors: anything else is an unexpected 500 with a generic message", () => {
  const info = describeError(new TypeError("x is undefined"));
  assertEquals([info.status, info.code, info.expected], [500, "internal_error", false]);
  assertEquals(info.message, "Something went wrong on our side.");
  assertEquals(describeError("a string").status, 500);
});

Deno.test("errors: codes for statuses without a name fall back by class", () => {
  assertEquals([codeForStatus(404), codeForStatus(418), codeForStatus(599)], [
    "not_found",
    "bad_request",
    "internal_error",
  ]);
});

Deno.test("errors: who gets JSON", () => {
  const request = (path: string, accept?: string) =>
    new Request(`http://x${path}`, { headers: accept ? { accept } : {} });
  assertEquals(wantsJson(request("/api/contacts")), true);
  assertEquals(wantsJson(request("/contacts", "application/json")), true);
  assertEquals(wantsJson(request("/contacts", "text/html,application/xhtml+xml,application/json;q=0.9")), false);
  assertEquals(wantsJson(request("/contacts", "*/*")), false);
  assertEquals(wantsJson(request("/apis")), false);
});
