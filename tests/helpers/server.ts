// A whole Leadly server on a free port over a fresh migrated database, for integration and browser tests.
import { loadConfig } from "../../fresh.config.ts";
import { createMailer } from "../../lib/mail/mailer.ts";
import { startServer } from "../../app/server.ts";
import { freshDb } from "./template.ts";
import type { AuthService } from "../../lib/auth/service.ts";

export interface TestServer {
  url: string;
  db: Awaited<ReturnType<typeof freshDb>>;
  /** Embedded auth mode: `auth` is the embedded server itself (its keys, sessions). */
  services: Awaited<ReturnType<typeof startServer>>["services"] & { auth: AuthService };
  /** The socket.io server and change bus (realtime/server.ts). */
  realtime: Awaited<ReturnType<typeof startServer>>["realtime"];
  /** Mail captured for this address, newest first. */
  mailbox(to: string): Promise<{ to: string; subject: string; text: string; html: string; created_at: string }[]>;
  /** The newest 6-digit code mailed to this address. */
  lastCode(to: string): Promise<string>;
  close(): Promise<void>;
}

export interface TestServerOptions {
  seed?: boolean;
  /** Multiplies every auth rate limit and lockout threshold; 50 unless a test is about the limits themselves. */
  rateLimitFactor?: number;
  /** TRUSTED_PROXIES: peers whose X-Forwarded-For names the client. */
  trustedProxies?: string[];
}

export async function startTestServer(options: TestServerOptions = {}): Promise<TestServer> {
  const db = await freshDb({ seeded: options.seed });
  const dataDir = await Deno.makeTempDir({ prefix: "leadly-test-" });
  const config = {
    ...loadConfig({}),
    port: 0,
    dataDir,
    seedDemo: false,
    rateLimitFactor: options.rateLimitFactor ?? 50,
    trustedProxies: options.trustedProxies ?? [],
  };
  const mailer = createMailer(db, config);
  const server = await startServer(config, db, mailer, "test-secret-".padEnd(48, "x"));
  const url = server.url;
  async function mailbox(to: string) {
    const res = await fetch(`${url}/dev/mailbox.json?to=${encodeURIComponent(to)}`);
    return await res.json();
  }
  return {
    url,
    db,
    services: server.services as TestServer["services"],
    realtime: server.realtime,
    mailbox,
    async lastCode(to) {
      const [mail] = await mailbox(to);
      const code = mail?.subject.match(/\b(\d{6})\b/)?.[1];
      if (!code) throw new Error(`No code mailed to ${to}`);
      return code;
    },
    async close() {
      await server.close();
      await db.close();
      await Deno.remove(dataDir, { recursive: true });
    },
  };
}
