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

/** Two years, the preload list's minimum; sent only when the site is served over https. */
const HSTS = "max-age=63072000; includeSubDomains";

/**
 * Adds the headers to `headers` in place: the page CSP on HTML, a deny-all one on JSON (nothing in an API
 * answer should ever run), none on scripts, where a CSP would bind the service worker.
 */
export function applySecurityHeaders(headers: Headers, nonce: string, https = false): void {
  for (const [name, value] of Object.entries(ALWAYS)) {
    if (!headers.has(name)) headers.set(name, value);
  }
  if (https && !headers.has("strict-transport-security")) headers.set("strict-transport-security", HSTS);
  if (headers.has("content-security-policy")) return;
  const type = headers.get("content-type") ?? "";
  if (type.startsWith("text/html")) headers.set("content-security-policy", contentSecurityPolicy(nonce));
  else if (type.startsWith("application/json")) {
    headers.set("content-security-policy", "default-src 'none'; frame-ancestors 'none'");
  }
}

/** Security headers on a response; copies responses whose headers are immutable. */
export function withSecurityHeaders(response: Response, nonce: string, https = false): Response {
  try {
    applySecurityHeaders(response.headers, nonce, https);
    return response;
  } catch {
    const copy = new Response(response.body, response);
    applySecurityHeaders(copy.headers, nonce, https);
    return copy;
  }
}
