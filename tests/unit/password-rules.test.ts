import assert from "node:assert/strict";
import { checkPassword, isCommonPassword } from "../../lib/password-rules.ts";

function failing(password: string): string[] {
  return checkPassword(password).rules.filter((rule) => !rule.ok).map((rule) => rule.id);
}

Deno.test("empty password fails every rule with score 0", () => {
  const result = checkPassword("");
  assert.equal(result.ok, false);
  assert.equal(result.score, 0);
  assert.deepEqual(failing(""), ["length", "case", "number", "symbol", "common"]);
});

Deno.test("rules come in a fixed order with labels", () => {
  const ids = checkPassword("x").rules.map((rule) => rule.id);
  assert.deepEqual(ids, ["length", "case", "number", "symbol", "common"]);
  for (const rule of checkPassword("x").rules) assert.ok(rule.label.length > 0);
});

Deno.test("a strong password passes everything with score 4", () => {
  const result = checkPassword("Violet-Harbor-42");
  assert.equal(result.ok, true);
  assert.equal(result.score, 4);
});

Deno.test("length must be at least 10 characters", () => {
  assert.ok(failing("Ab1!xyzuv").includes("length"));
  assert.ok(!failing("Ab1!xyzuvw").includes("length"));
});

Deno.test("length counts characters, not UTF-16 units", () => {
  // Nine emoji are 18 UTF-16 units but only nine characters.
  assert.ok(failing("😀".repeat(9)).includes("length"));
});

Deno.test("case needs both upper and lower letters, any script", () => {
  assert.ok(failing("alllower123!").includes("case"));
  assert.ok(failing("ALLUPPER123!").includes("case"));
  assert.ok(!failing("Mixed123!abc").includes("case"));
  assert.ok(!failing("Ärger-über-99").includes("case"));
});

Deno.test("number rule needs a digit", () => {
  assert.ok(failing("NoDigitsHere!").includes("number"));
  assert.ok(!failing("OneDigit1Here!").includes("number"));
});

Deno.test("symbol rule: a symbol, or 16+ characters instead", () => {
  assert.ok(failing("Abcdefgh12").includes("symbol"));
  assert.ok(!failing("Abcdefgh12#").includes("symbol"));
  assert.ok(!failing("Correct horse battery 9").includes("symbol"));
  assert.ok(!failing("Abcdefghijklmn12").includes("symbol"));
});

Deno.test("common passwords and their decorated forms are rejected", () => {
  for (const pw of ["password", "Password123!", "P@ssw0rd2024!", "qwerty", "123456789", "Welcome1!", "aaaaaaaaaaaa"]) {
    assert.equal(isCommonPassword(pw), true, pw);
    assert.equal(checkPassword(pw).score, 0, pw);
    assert.equal(checkPassword(pw).ok, false, pw);
  }
  assert.equal(isCommonPassword("Violet-Harbor-42"), false);
});

Deno.test("short passwords stay weak however varied", () => {
  assert.equal(checkPassword("Ab1!").score, 1);
});

Deno.test("score grows with each composition rule once long enough", () => {
  assert.equal(checkPassword("abcdefghiz").score, 1); // length
  assert.equal(checkPassword("Abcdefghiz").score, 2); // + case
  assert.equal(checkPassword("Abcdefghi7").score, 3); // + number
  assert.equal(checkPassword("Abcdefgh7!").score, 4); // + symbol
});

Deno.test("score 4 exactly when ok", () => {
  for (const pw of ["", "a", "Abcdefgh7!", "Password1!", "lowercase only passphrase", "Sunny-Meadow-77"]) {
    const result = checkPassword(pw);
    assert.equal(result.score === 4, result.ok, pw);
  }
});
