// The socket handshake: who is connecting (access token from `auth.token` or the session cookie),
// from where (Origin), and which team they work in now.
import type { AppServices } from "../app/services.ts";
import type { Claims } from "../lib/db/claims.ts";
import { ACCESS_COOKIE } from "../lib/auth/cookies.ts";
import { loadSession } from "../lib/auth/session.ts";

/**
 * Who a socket belongs to, kept in socket.data. Plain data only (with REDIS_URL other processes read it
 * through fetchSockets, msgpack-encoded, and connection-state recovery stores it in Redis).
 */
export interface SocketUser {
  claims: Claims;
  userId: string;
  /** The sign-in session (claims.session_id): ending it closes the sockets that carry it. */
  sessionId: string;
  teamId: string;
  role: string;
}

/** What a refused client reads in `connect_error`: `err.message` and `err.data.code`. */
export class HandshakeError extends Error {
  readonly data: { code: string; message: string };
  constructor(code: string, message: string) {
    super(message);
    this.data = { code, message };
  }
}

export interface HandshakeInput {
  auth: Record<string, unknown>;
  headers: Record<string, string | string[] | undefined>;
}

function header(headers: HandshakeInput["headers"], name: string): string | undefined {
  const value = headers[name];
  return Array.isArray(value) ? value[0] : value;
}

export function cookieValue(cookieHeader: string | undefined, name: string): string | undefined {
  for (const part of (cookieHeader ?? "").split(";")) {
    const eq = part.indexOf("=");
    if (eq < 0 || part.slice(0, eq).trim() !== name) continue;
    try {
      return decodeURIComponent(part.slice(eq + 1).trim());
    } catch {
      return undefined;
    }
  }
  return undefined;
}

const LOOPBACK_HOSTS = ["localhost", "127.0.0.1", "[::1]"];

/**
 * The origins a browser page of this server may open the socket from: PUBLIC_URL's. When that is a loopback
 * address (the embedded default, http://localhost:8000), the same server is just as much itself at
 * 127.0.0.1 and [::1] on the same port: a person who typed either must not silently lose realtime.
 * Any other host (a real domain) stays the one origin it names.
 */
export function allowedOrigins(publicUrl: string): string[] {
  const url = new URL(publicUrl);
  if (!LOOPBACK_HOSTS.includes(url.hostname)) return [url.origin];
  return LOOPBACK_HOSTS.map((host) => {
    const alias = new URL(url.href);
    alias.hostname = host;
    return alias.origin;
  });
}

/**
 * Browsers always send Origin on WebSocket and cross-origin requests, so a foreign Origin is refused.
 * Without one, a client must bring its token explicitly (non-browser clients), or be a same-origin
 * browser request (Sec-Fetch-Site) riding on the session cookie.
 */
function checkOrigin(input: HandshakeInput, publicUrl: string, via: "token" | "cookie") {
  const origin = header(input.headers, "origin");
  const allowedList = allowedOrigins(publicUrl);
  const allowed = allowedList[0];
  if (origin !== undefined) {
    if (!allowedList.includes(origin)) {
      throw new HandshakeError("origin_not_allowed", `Connections from ${origin} are not allowed; use ${allowed}.`);
    }
    return;
  }
  if (via === "token" || header(input.headers, "sec-fetch-site") === "same-origin") return;
  throw new HandshakeError("origin_required", "Browser connections must come from the Leadly site itself.");
}

export async function authenticateHandshake(input: HandshakeInput, services: AppServices): Promise<SocketUser> {
  const explicit = typeof input.auth?.token === "string" && input.auth.token !== "" ? input.auth.token : undefined;
  const token = explicit ?? cookieValue(header(input.headers, "cookie"), ACCESS_COOKIE);
  if (!token) {
    throw new HandshakeError(
      "unauthorized",
      "Sign in first: send your access token as auth.token or the session cookie.",
    );
  }
  checkOrigin(input, services.config.publicUrl, explicit ? "token" : "cookie");
  const claims = await services.auth.claimsFor(token).catch(() => null);
  if (!claims) {
    throw new HandshakeError("unauthorized", "Your session is invalid, expired or signed out. Sign in again.");
  }
  const session = await loadSession(services.db, services.auth, claims, token, explicit ? "bearer" : "cookie");
  if (session.needsMfa) throw new HandshakeError("mfa_required", "Finish the two-factor check first.");
  if (!session.team) {
    throw new HandshakeError("no_team", "You are not in a workspace yet. Create or join one.");
  }
  return {
    claims,
    userId: claims.sub,
    sessionId: claims.session_id,
    teamId: session.team.id,
    role: session.team.role,
  };
}
