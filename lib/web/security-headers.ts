// Security headers for every response of the web app, and a CSP with a per-request nonce for
// HTML. Inline scripts (island boot script, _app's theme script) must carry `nonce={state.nonce}`.
// Headers already set by a route or middleware are left alone, so a route can loosen one on purpose.
import { encodeBase64 } from "./base64.ts";

export function createNonce(): string {
  return encodeBase64(crypto.getRandomValues(new Uint8Array(16)));
}

export function contentSecurityPolicy(nonce: string): string {
  return [
    "default-src 'self'",
    `script-src 'self' 'nonce-${nonce}'`,
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self' data:",
    "connect-src 'self' ws: wss:",
    "object-src 'none'",
    "base-uri 'self'",
    "frame-ancestors 'none'",
    "form-action 'self'",
    "worker-src 'self'",
    "manifest-src 'self'",
  ].join("; ");
}

const ALWAYS: Record<string, string> = {
  "x-content-type-options": "nosniff",
  "referrer-policy": "strict-origin-when-cross-origin",
  "x-frame-options": "DENY",
  "permissions-policy": "camera=(), microphone=(), geolocation=(), payment=(), usb=()",
};

/** Adds the headers to `headers` in place; CSP only on HTML responses. */
export function applySecurityHeaders(headers: Headers, nonce: string): void {
  for (const [name, value] of Object.entries(ALWAYS)) {
    if (!headers.has(name)) headers.set(name, value);
  }
  const isHtml = headers.get("content-type")?.startsWith("text/html") ?? false;
  if (isHtml && !headers.has("content-security-policy")) {
    headers.set("content-security-policy", contentSecurityPolicy(nonce));
  }
}
