// Pure pieces of auth: codes, tokens, sealing, redirects, TOTP steps, JWTs (rate limits: throttle.test.ts).
import * as OTPAuth from "otpauth";
import { assert, assertEquals, assertMatch } from "../../helpers/assert.ts";
import { randomToken, sixDigitCode } from "../../../lib/auth/crypto.ts";
import { Sealer } from "../../../lib/auth/seal.ts";
import { loginUrl, safeNext } from "../../../lib/auth/redirects.ts";
import { matchingStep } from "../../../lib/auth/mfa.ts";
import { JwtKeys } from "../../../lib/auth/jwt.ts";
import { claimsFor } from "../../helpers/fixtures.ts";

Deno.test("six-digit codes are always six digits and vary", () => {
  const codes = new Set(Array.from({ length: 200 }, sixDigitCode));
  for (const code of codes) assertMatch(code, /^\d{6}$/);
  assert(codes.size > 190);
});

Deno.test("random tokens are url-safe", () => {
  for (let i = 0; i < 50; i++) assertMatch(randomToken(), /^[A-Za-z0-9_-]{43}$/);
});

Deno.test("sealed values round-trip, and tampering or expiry yields null", async () => {
  const sealer = new Sealer("secret", "test");
  const sealed = await sealer.seal({ email: "a@b.test" }, 60);
  assertEquals(await sealer.open(sealed), { email: "a@b.test" });
  const flipped = sealed.slice(0, -2) + (sealed.endsWith("A") ? "BB" : "AA");
  assertEquals(await sealer.open(flipped), null);
  assertEquals(await new Sealer("other", "test").open(sealed), null);
  assertEquals(await sealer.open(await sealer.seal("x", -1)), null);
  assertEquals(await sealer.open("garbage"), null);
});

Deno.test("safeNext keeps same-site paths only", () => {
  assertEquals(safeNext("/deals/1?x=1"), "/deals/1?x=1");
  for (const bad of ["//evil.test", "https://evil.test", "/\\evil.test", "", null, undefined, "javascript:alert(1)"]) {
    assertEquals(safeNext(bad), "/");
  }
  assertEquals(loginUrl("/"), "/login");
  assertEquals(loginUrl("/a b"), "/login?next=%2Fa%20b");
});

Deno.test("TOTP: the current code matches its step, a neighbour step is tolerated, others not", () => {
  const secret = new OTPAuth.Secret({ size: 20 }).base32;
  const totp = new OTPAuth.TOTP({ secret });
  const now = Date.UTC(2026, 10, 22, 12, 0, 10);
  const step = Math.floor(now / 30_000);
  assertEquals(matchingStep(secret, totp.generate({ timestamp: now }), now), step);
  assertEquals(matchingStep(secret, totp.generate({ timestamp: now - 30_000 }), now), step - 1);
  assertEquals(matchingStep(secret, totp.generate({ timestamp: now - 120_000 }), now), null);
  assertEquals(matchingStep(secret, "12345", now), null);
  assertEquals(matchingStep(secret, "abcdef", now), null);
});

Deno.test("JWTs: verified with the right secret only, and not after expiry", async () => {
  const keys = new JwtKeys("k".repeat(48), "test");
  const { iat: _iat, exp: _exp, iss: _iss, ...claims } = claimsFor(crypto.randomUUID(), "a@b.test");
  const token = await keys.sign(claims);
  assertEquals((await keys.verify(token))?.email, "a@b.test");
  assertEquals(await new JwtKeys("x".repeat(48), "test").verify(token), null);
  const old = await keys.sign(claims, Math.floor(Date.now() / 1000) - 7200);
  assertEquals(await keys.verify(old), null);
  assertEquals(await keys.verify("not.a.jwt"), null);
});
