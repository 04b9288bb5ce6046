// Who is really on the other end of a request: the TCP peer, not what the request says about itself.
import type { Context } from "hono";

/** The socket's remote address (@hono/node-server exposes the Node request as env.incoming), or null. */
export function peerAddress(c: Context): string | null {
  const incoming = (c.env as { incoming?: { socket?: { remoteAddress?: string } } } | undefined)?.incoming;
  return incoming?.socket?.remoteAddress ?? null;
}

export function isLoopback(address: string | null): boolean {
  if (!address) return false;
  const plain = address.startsWith("::ffff:") ? address.slice(7) : address;
  return plain === "::1" || /^127(\.\d{1,3}){3}$/.test(plain);
}

const FORWARDING_HEADERS = ["forwarded", "x-forwarded-for", "x-forwarded-host", "x-real-ip", "via"];

/**
 * A request made on this machine itself: from the loopback interface and not relayed by a proxy (a reverse
 * proxy on the same host connects from loopback too, but says so in a forwarding header).
 */
export function isLocalRequest(c: Context): boolean {
  return isLoopback(peerAddress(c)) && FORWARDING_HEADERS.every((name) => c.req.header(name) === undefined);
}
