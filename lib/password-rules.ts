// Password rules shared by the sign-up form (live checklist) and the server (the real
// check). Pure and dependency-free so it runs in the browser bundle and in Deno alike.

export type PasswordRuleId = "length" | "case" | "number" | "symbol" | "common";

export interface PasswordRule {
  id: PasswordRuleId;
  label: string;
  ok: boolean;
}

export interface PasswordCheck {
  rules: PasswordRule[];
  /** 0 (empty/too weak) .. 4 (strong); 4 exactly when every rule passes. */
  score: 0 | 1 | 2 | 3 | 4;
  ok: boolean;
}

export const MIN_LENGTH = 10;
/** From this length a passphrase needs no symbol. */
export const PASSPHRASE_LENGTH = 16;

export const STRENGTH_LABELS = ["Too weak", "Weak", "Fair", "Good", "Strong"] as const;

// The passwords (and bases) attackers try first. Short on purpose: it ships to browsers.
const COMMON = new Set([
  "password",
  "passwort",
  "123456",
  "12345678",
  "123456789",
  "1234567890",
  "0123456789",
  "qwerty",
  "qwertyuiop",
  "qwertz",
  "azerty",
  "asdfghjkl",
  "1q2w3e4r5t",
  "qazwsx",
  "zaq12wsx",
  "abc",
  "abcdef",
  "abcdefghij",
  "letmein",
  "welcome",
  "admin",
  "administrator",
  "iloveyou",
  "monkey",
  "dragon",
  "football",
  "baseball",
  "soccer",
  "sunshine",
  "princess",
  "master",
  "shadow",
  "superman",
  "batman",
  "trustno",
  "starwars",
  "whatever",
  "changeme",
  "secret",
  "login",
  "hello",
  "freedom",
  "summer",
  "winter",
  "spring",
  "autumn",
  "michael",
  "jennifer",
  "computer",
  "internet",
  "leadly",
  "company",
  "sales",
]);

const LEET: Record<string, string> = {
  "@": "a",
  "4": "a",
  "3": "e",
  "1": "i",
  "!": "i",
  "0": "o",
  "$": "s",
  "5": "s",
  "7": "t",
};

/** True for list entries, their leetspeak forms with digits/symbols around them
 * ("P@ssw0rd2024!"), and one character repeated. */
export function isCommonPassword(password: string): boolean {
  const lower = password.toLowerCase();
  if (COMMON.has(lower)) return true;
  if (lower.length > 0 && [...lower].every((ch) => ch === lower[0])) return true;
  const core = lower.replace(/^[^a-z@$]+/, "").replace(/[^a-z]+$/, "");
  const unleeted = [...core].map((ch) => LEET[ch] ?? ch).join("");
  return core.length > 0 && (COMMON.has(core) || COMMON.has(unleeted));
}

export function checkPassword(password: string): PasswordCheck {
  const length = [...password].length;
  const rules: PasswordRule[] = [
    { id: "length", label: `At least ${MIN_LENGTH} characters`, ok: length >= MIN_LENGTH },
    { id: "case", label: "Upper- and lowercase letters", ok: /\p{Lu}/u.test(password) && /\p{Ll}/u.test(password) },
    { id: "number", label: "A number", ok: /\p{N}/u.test(password) },
    {
      id: "symbol",
      label: `A symbol, or ${PASSPHRASE_LENGTH}+ characters`,
      ok: /[^\p{L}\p{N}\s]/u.test(password) || length >= PASSPHRASE_LENGTH,
    },
    { id: "common", label: "Not a common password", ok: length > 0 && !isCommonPassword(password) },
  ];
  return { rules, score: scoreOf(rules, length), ok: rules.every((rule) => rule.ok) };
}

// Composition rules count one point each, but a short or common password stays weak
// however varied it is.
function scoreOf(rules: PasswordRule[], length: number): PasswordCheck["score"] {
  const passed = (id: PasswordRuleId) => rules.find((rule) => rule.id === id)!.ok;
  if (length === 0 || !passed("common")) return 0;
  const composition = (["length", "case", "number", "symbol"] as const).filter(passed).length;
  const score = passed("length") ? composition : Math.min(composition, 1);
  return score as PasswordCheck["score"];
}
