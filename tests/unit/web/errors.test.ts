import { assert, assertEquals } from "../../helpers/assert.ts";
import { AppError } from "../../../lib/errors.ts";
import { toAppError } from "../../../lib/db/errors.ts";
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

Deno.test("errors: an AppError's code decides the status; the message passes through", () => {
  assertEquals(describeError(new AppError("conflict", "Only leads in NEW can be edited.")), {
    status: 409,
    code: "conflict",
    message: "Only leads in NEW can be edited.",
    expected: true,
  });
  const bare = new AppError("validation_failed");
  assertEquals([bare.status, bare.socketCode, describeError(bare).message], [
    422,
    "invalid_payload",
    "Some of the values are not valid.",
  ]);
});

Deno.test("errors: database refusals become AppErrors", () => {
  const rls = toAppError({ code: "42501", message: "new row violates row-level security policy" });
  assert(rls instanceof AppError);
  assertEquals([rls.code, rls.status], ["forbidden", 403]);
  const own = toAppError({ code: "P0001", message: "Move this stage's deals first." });
  assert(own instanceof AppError);
  assertEquals([own.code, own.message], ["conflict", "Move this stage's deals first."]);
  const bug = new TypeError("nope");
  assertEquals(toAppError(bug), bug);
});
