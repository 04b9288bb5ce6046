// Encrypted, expiring values for cookies that must not be read or changed by the browser
// (the half-finished signup between its steps holds a password).
const enc = new TextEncoder();
const dec = new TextDecoder();

function b64url(bytes: Uint8Array) {
  return btoa(String.fromCharCode(...bytes)).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
}

function fromB64url(text: string) {
  const bin = atob(text.replace(/-/g, "+").replace(/_/g, "/"));
  return Uint8Array.from(bin, (c) => c.charCodeAt(0));
}

export class Sealer {
  readonly #key: Promise<CryptoKey>;

  constructor(secret: string, purpose: string) {
    this.#key = crypto.subtle.digest("SHA-256", enc.encode(`${purpose}:${secret}`))
      .then((raw) => crypto.subtle.importKey("raw", raw, "AES-GCM", false, ["encrypt", "decrypt"]));
  }

  async seal(value: unknown, ttlSeconds: number): Promise<string> {
    const iv = crypto.getRandomValues(new Uint8Array(12));
    const payload = enc.encode(JSON.stringify({ v: value, exp: Date.now() + ttlSeconds * 1000 }));
    const cipher = new Uint8Array(await crypto.subtle.encrypt({ name: "AES-GCM", iv }, await this.#key, payload));
    return `${b64url(iv)}.${b64url(cipher)}`;
  }

  /** The sealed value, or null when it was tampered with, is malformed or has expired. */
  async open<T>(sealed: string | undefined): Promise<T | null> {
    if (!sealed) return null;
    try {
      const [iv, cipher] = sealed.split(".").map(fromB64url);
      const plain = await crypto.subtle.decrypt({ name: "AES-GCM", iv }, await this.#key, cipher);
      const { v, exp } = JSON.parse(dec.decode(plain));
      return exp > Date.now() ? v as T : null;
    } catch {
      return null;
    }
  }
}
