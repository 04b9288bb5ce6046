// The one limiter for sign-in, code and password doors: lockouts with backoff, resets, key composition,
// request windows, code caps, which address counts (proxy trust), and the Redis store shared by nodes.
import type { Context } from "hono";
import { assert, assertEquals, assertMatch, assertRejects } from "../../helpers/assert.ts";
import { AuthError, invalidCredentials } from "../../../lib/auth/errors.ts";
import {
  clientIp,
  inWords,
  MemoryThrottleStore,
  normalizeIp,
  RedisThrottleStore,
  Throttle,
  ThrottledError,
  type ThrottleStore,
} from "../../../lib/auth/throttle.ts";

/** A throttle over an in-memory store on a clock the test moves. */
function setup(factor = 1) {
  const clock = { now: 1_000_000 };
  const throttle = new Throttle(new MemoryThrottleStore(() => clock.now), { factor });
  return { clock, throttle };
}

const wrong = () => Promise.reject(invalidCredentials());

async function throttled(fn: () => Promise<unknown>): Promise<ThrottledError> {
  const error = await assertRejects(fn);
  assert(error instanceof ThrottledError, `expected a 429, got ${error.message}`);
  return error;
}
const right = () => Promise.resolve("signed in");

/** One guess; "wrong", "right" or the seconds a refusal asks to wait. */
async function guess(throttle: Throttle, ok: boolean, account = "ann@x.test", ip = "203.0.113.1") {
  try {
    await throttle.guard("password", account, ip, ok ? right : wrong);
    return "right";
  } catch (error) {
    if (error instanceof ThrottledError) return error.retryAfterSeconds;
    if (error instanceof AuthError && error.code === "invalid_credentials") return "wrong";
    throw error;
  }
}

async function wrongTimes(throttle: Throttle, n: number, account?: string, ip?: string) {
  for (let i = 0; i < n; i++) assertEquals(await guess(throttle, false, account, ip), "wrong", `guess ${i + 1}`);
}

Deno.test("lockout: 5 wrong guesses lock for 30 s, each further one doubles it, up to 15 minutes", async () => {
  const { clock, throttle } = setup();
  await wrongTimes(throttle, 5);
  assertEquals(await guess(throttle, true), 30, "the right password does not work while locked");
  clock.now += 29_000;
  assertEquals(await guess(throttle, false), 1);
  for (const seconds of [60, 120, 240, 480, 900, 900]) {
    clock.now += 1_000;
    assertEquals(await guess(throttle, false), "wrong", "one guess after the lock ends");
    assertEquals(await guess(throttle, true), seconds);
    clock.now += seconds * 1000 - 1000;
  }
});

Deno.test("lockout: the refusal says how long in words and is GoTrue's 429", async () => {
  const { throttle } = setup();
  await wrongTimes(throttle, 5);
  const error = await assertRejects(() => throttle.guard("password", "ann@x.test", "203.0.113.1", right));
  assert(error instanceof ThrottledError);
  assertEquals(error.status, 429);
  assertEquals(error.code, "over_request_rate_limit");
  assertEquals(error.message, "Too many attempts. Try again in 30 seconds.");
  assertEquals(inWords(1), "1 second");
  assertEquals(inWords(900), "15 minutes");
});

Deno.test("lockout: a right guess clears the account's count, so a typo later does not lock", async () => {
  const { throttle } = setup();
  await wrongTimes(throttle, 4);
  assertEquals(await guess(throttle, true), "right");
  await wrongTimes(throttle, 5);
  assertEquals(await guess(throttle, true), 30);
});

Deno.test("lockout: answers that are neither right nor wrong do not count", async () => {
  const { throttle } = setup();
  const unconfirmed = () => Promise.reject(new AuthError(400, "email_not_confirmed", "Confirm your email first."));
  for (let i = 0; i < 10; i++) {
    await assertRejects(() => throttle.guard("password", "ann@x.test", "203.0.113.1", unconfirmed));
  }
  await wrongTimes(throttle, 5);
});

Deno.test("lockout keys: account + address first; other addresses and other accounts go on", async () => {
  const { throttle } = setup();
  await wrongTimes(throttle, 5, "ann@x.test", "203.0.113.1");
  assertEquals(await guess(throttle, false, "ann@x.test", "203.0.113.1"), 30);
  assertEquals(await guess(throttle, true, "ann@x.test", "198.51.100.7"), "right", "ann elsewhere");
  assertEquals(await guess(throttle, true, "bob@x.test", "203.0.113.1"), "right", "bob at the same address");
  // Accounts are compared as email addresses are: case does not make a new key.
  assertEquals(await guess(throttle, true, " ANN@X.test ", "203.0.113.1"), 30);
  // Kinds count apart: codes guessed at an account are not its password guesses.
  await throttle.guard("code", "ann@x.test", "203.0.113.1", right);
});

Deno.test("lockout keys: 20 wrong guesses from many addresses lock the account, except for a client it knows", async () => {
  const { throttle } = setup();
  assertEquals(await guess(throttle, true, "ann@x.test", "192.0.2.99"), "right", "ann's own machine, once");
  for (let i = 0; i < 20; i++) {
    assertEquals(await guess(throttle, false, "ann@x.test", `198.51.100.${i}`), "wrong");
  }
  assertEquals(await guess(throttle, true, "ann@x.test", "198.51.100.200"), 30, "a new address is held");
  assertEquals(await guess(throttle, true, "ann@x.test", "192.0.2.99"), "right", "ann still gets in");
  // ... and that cleared the account's count: the strangers start over.
  assertEquals(await guess(throttle, false, "ann@x.test", "198.51.100.201"), "wrong");
});

Deno.test("lockout keys: 50 wrong guesses from one address at many accounts lock that address", async () => {
  const { clock, throttle } = setup();
  for (let i = 0; i < 50; i++) {
    // Slower than the request window (20 per 5 minutes), which would stop a fast spray first.
    if (i % 10 === 9) clock.now += 5 * 60_000;
    assertEquals(await guess(throttle, false, `user${i}@x.test`, "203.0.113.9"), "wrong");
  }
  assertEquals(await guess(throttle, false, "fresh@x.test", "203.0.113.9"), 30);
  assertEquals(await guess(throttle, true, "fresh@x.test", "203.0.113.10"), "right");
});

Deno.test("lockout: parallel guesses are counted before they are checked, so only five get through", async () => {
  const { throttle } = setup();
  const outcomes = await Promise.all(Array.from({ length: 12 }, () => guess(throttle, false)));
  assertEquals(outcomes.filter((o) => o === "wrong").length, 5);
  assertEquals(outcomes.filter((o) => o === 30).length, 7);
});

Deno.test("rateLimitFactor multiplies thresholds, windows and caps", async () => {
  const { throttle } = setup(2);
  await wrongTimes(throttle, 10);
  assertEquals(await guess(throttle, true), 30);
  for (let i = 0; i < 10; i++) await throttle.issue("recovery", "ann@x.test");
  await throttled(() => throttle.issue("recovery", "ann@x.test"));
});

Deno.test("request windows: the limit passes, the next waits for the window, then it starts over", async () => {
  const { clock, throttle } = setup();
  for (let i = 0; i < 5; i++) await throttle.rate("send", "203.0.113.1");
  clock.now += 60_000;
  const error = await throttled(() => throttle.rate("send", "203.0.113.1"));
  assertEquals(error.retryAfterSeconds, 9 * 60);
  assertMatch(error.message, /Try again in 9 minutes/);
  await throttle.rate("send", "203.0.113.2");
  clock.now += 9 * 60_000;
  await throttle.rate("send", "203.0.113.1");
});

Deno.test("codes mailed: 5 an hour per address, the same answer whether or not it has an account", async () => {
  const { clock, throttle } = setup();
  for (let i = 0; i < 5; i++) await throttle.issue("recovery", "ann@x.test");
  const error = await throttled(() => throttle.issue("recovery", "Ann@X.test"));
  assertEquals(error.status, 429);
  assertEquals(error.message, "Too many codes were requested for this address. Try again in 60 minutes.");
  await throttle.issue("signup", "ann@x.test");
  await throttle.issue("recovery", "someone-else@x.test");
  clock.now += 60 * 60_000;
  await throttle.issue("recovery", "ann@x.test");
});

function request(peer: string | undefined, forwardedFor?: string): Context {
  const headers: Record<string, string> = forwardedFor ? { "x-forwarded-for": forwardedFor } : {};
  return {
    env: peer === undefined ? {} : { incoming: { socket: { remoteAddress: peer } } },
    req: { header: (name: string) => headers[name.toLowerCase()] },
  } as unknown as Context;
}

Deno.test("client address: X-Forwarded-For counts only from a configured proxy", () => {
  const none = new Set<string>();
  const proxies = new Set(["10.0.0.1", "10.0.0.2"]);
  assertEquals(clientIp(request("203.0.113.5", "1.2.3.4"), none), "203.0.113.5", "a client cannot name itself");
  assertEquals(clientIp(request("203.0.113.5", "1.2.3.4"), proxies), "203.0.113.5", "nor can it via a non-proxy");
  assertEquals(clientIp(request("10.0.0.1", "198.51.100.4"), proxies), "198.51.100.4");
  // A forged first hop stays forged: the address our proxy appended (rightmost untrusted) is the client.
  assertEquals(clientIp(request("10.0.0.1", "1.2.3.4, 198.51.100.4"), proxies), "198.51.100.4");
  assertEquals(clientIp(request("10.0.0.1", "1.2.3.4, 198.51.100.4, 10.0.0.2"), proxies), "198.51.100.4");
  assertEquals(clientIp(request("::ffff:10.0.0.1", "198.51.100.4"), proxies), "198.51.100.4", "IPv4 in IPv6");
  assertEquals(clientIp(request("10.0.0.1"), proxies), "10.0.0.1", "no header: the proxy itself");
  assertEquals(clientIp(request(undefined, "1.2.3.4"), none), "unknown");
  assertEquals(normalizeIp("::FFFF:192.0.2.1"), "192.0.2.1");
  assertEquals(normalizeIp("192.0.2.1:4711"), "192.0.2.1");
  assertEquals(normalizeIp("[2001:DB8::1]:443"), "2001:db8::1");
  assertEquals(
    new Throttle(new MemoryThrottleStore(), { trustedProxies: [" ::ffff:10.0.0.1"] }).clientIp(
      request("10.0.0.1", "198.51.100.4"),
    ),
    "198.51.100.4",
  );
});

async function redisServer(): Promise<string | null> {
  for (const path of ["/usr/bin/redis-server", "/usr/local/bin/redis-server"]) {
    if (await Deno.stat(path).then(() => true, () => false)) return path;
  }
  return null;
}

const redisBinary = await redisServer();

Deno.test({
  name: "Redis store: two nodes share counts, locks and caps",
  ignore: !redisBinary,
  sanitizeResources: false,
  sanitizeOps: false,
  async fn() {
    const listener = Deno.listen({ hostname: "127.0.0.1", port: 0 });
    const port = (listener.addr as Deno.NetAddr).port;
    listener.close();
    const child = new Deno.Command(redisBinary!, {
      args: ["--port", String(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"],
      stdout: "piped",
      stderr: "null",
      stdin: "null",
    }).spawn();
    const stores: ThrottleStore[] = [];
    try {
      let output = "";
      const reader = child.stdout.pipeThrough(new TextDecoderStream()).getReader();
      while (!output.includes("Ready to accept connections")) {
        const { value, done } = await reader.read();
        if (done) throw new Error(`redis-server did not start: ${output}`);
        output += value;
      }
      reader.releaseLock();
      void child.stdout.cancel().catch(() => {});
      const prefix = `test:${crypto.randomUUID()}:`;
      const url = `redis://127.0.0.1:${port}`;
      const one = new RedisThrottleStore(url, prefix);
      const two = new RedisThrottleStore(url, prefix);
      stores.push(one, two);

      // The store's contract.
      assertEquals((await one.add("c", 1, 60_000, false)).count, 1);
      const added = await two.add("c", 2, 60_000, false);
      assertEquals(added.count, 3);
      assert(added.ttlMs > 59_000 && added.ttlMs <= 60_000);
      assertEquals((await one.add("c", -5, 60_000, false)).count, 0, "never below zero");
      assertEquals(await one.ttl(["c", "missing"]), [0, 0]);
      assertEquals(await one.claim("l", 30_000), true);
      assertEquals(await two.claim("l", 30_000), false, "one winner across nodes");
      await two.del(["l"]);
      assertEquals(await one.claim("l", 30_000), true);

      // A lockout counted on one node holds on the other; a right guess on either clears it.
      const nodeA = new Throttle(one);
      const nodeB = new Throttle(two);
      for (let i = 0; i < 5; i++) assertEquals(await guess(i % 2 ? nodeA : nodeB, false), "wrong");
      assertEquals(await guess(nodeA, true), 30);
      assertEquals(await guess(nodeB, true), 30);
      await wrongTimes(nodeA, 4, "bob@x.test");
      assertEquals(await guess(nodeB, true, "bob@x.test"), "right");
      await wrongTimes(nodeA, 5, "bob@x.test");
      for (let i = 0; i < 5; i++) await (i % 2 ? nodeA : nodeB).issue("recovery", "ann@x.test");
      await throttled(() => nodeA.issue("recovery", "ann@x.test"));
    } finally {
      for (const store of stores) await store.close();
      child.kill("SIGTERM");
      await child.status;
    }
  },
});
