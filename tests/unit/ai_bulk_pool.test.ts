// The bulk writer's pacing (lib/ai/bulk/pool.ts): a few records at once in the list's order, no new one once
// stopped, a shared pause on 429s with the provider's hint or exponential backoff; the 429 hint read from the
// provider's error (lib/ai/chat.ts); and edited drafts held to their channel (lib/ai/bulk/edits.ts).
import OpenAI from "openai";
import { assertEquals, assertThrows } from "../helpers/assert.ts";
import { backoffMs, BULK_BACKOFF, inOrderPool, RateGate } from "../../lib/ai/bulk/pool.ts";
import { providerError, rateLimitWait } from "../../lib/ai/chat.ts";
import { aiConfig } from "../../lib/ai/config.ts";
import { checkedVariants } from "../../lib/ai/bulk/edits.ts";
import { AppError } from "../../lib/errors.ts";

Deno.test("inOrderPool: at most `concurrency` at once, started in order, none started after stop", async () => {
  let running = 0;
  let most = 0;
  const started: number[] = [];
  const gates = new Map<number, () => void>();
  const done = inOrderPool([0, 1, 2, 3, 4, 5], 4, async (item) => {
    started.push(item);
    running++;
    most = Math.max(most, running);
    await new Promise<void>((resolve) => gates.set(item, resolve));
    running--;
  }, () => started.length >= 5);
  await Promise.resolve();
  assertEquals(started, [0, 1, 2, 3], "four at once, in order");
  gates.get(1)!();
  await new Promise((resolve) => setTimeout(resolve, 0));
  assertEquals(started, [0, 1, 2, 3, 4], "a free writer takes the next one");
  for (const item of [0, 2, 3, 4]) gates.get(item)!();
  await done;
  assertEquals([most, started.length], [4, 5], "stopped: the sixth never started");
});

Deno.test("backoff: the provider's Retry-After wins, else doubling from the base, capped", () => {
  assertEquals(backoffMs(BULK_BACKOFF, 0, 250), 250);
  assertEquals(backoffMs(BULK_BACKOFF, 0, null), 1_000);
  assertEquals(backoffMs(BULK_BACKOFF, 3, null), 8_000);
  assertEquals(backoffMs(BULK_BACKOFF, 10, null), 30_000);
  assertEquals(backoffMs(BULK_BACKOFF, 0, 120_000), 30_000);
});

Deno.test("RateGate: every writer waits out the longest pause", async () => {
  const gate = new RateGate();
  const start = Date.now();
  await gate.wait();
  assertEquals(Date.now() - start < 20, true, "no pause: at once");
  gate.pause(30);
  gate.pause(5); // a shorter pause does not cut the longer one
  await Promise.all([gate.wait(), gate.wait()]);
  assertEquals(Date.now() - start >= 29, true);
});

Deno.test("rateLimitWait: a 429's hint in ms, undefined without one, null for other errors", () => {
  const config = aiConfig(new Map());
  const limited = (headers: Record<string, string>) =>
    providerError(new OpenAI.RateLimitError(429, { message: "slow down" }, "slow down", new Headers(headers)), config);
  assertEquals(rateLimitWait(limited({ "retry-after-ms": "40" })), 40);
  assertEquals(rateLimitWait(limited({ "retry-after": "2" })), 2_000);
  assertEquals(rateLimitWait(limited({})), undefined);
  assertEquals(rateLimitWait(new AppError("bad_gateway", "no")), null);
  assertEquals(rateLimitWait(new Error("other")), null);
});

Deno.test("edited drafts: subjects only on email, each channel's length, a sentence when too long", () => {
  assertEquals(checkedVariants("sms", [{ subject: "Hi", body: "Short." }]), [{ subject: null, body: "Short." }]);
  assertEquals(checkedVariants("email", [{ subject: "  ", body: "Body" }]), [{ subject: null, body: "Body" }]);
  const error = assertThrows(() => checkedVariants("linkedin", [{ body: "x".repeat(301) }]), AppError);
  assertEquals(error.status, 422);
  assertEquals(error.message, "Draft 1: this channel takes at most 300 characters.");
});
