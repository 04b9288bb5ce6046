// Typed configuration from the environment, read in one place.
import { join } from "node:path";

export interface Config {
  port: number;
  /** Where the embedded database, secrets and captured mail live. */
  dataDir: string;
  /** Set to use any Postgres (e.g. Supabase) instead of embedded PGlite. */
  databaseUrl: string | null;
  /** HS256 secret for Supabase-shaped JWTs; generated into dataDir when unset. */
  jwtSecret: string | null;
  /** When set, mail goes out through nodemailer; otherwise it is captured at /dev/mailbox. */
  smtpUrl: string | null;
  mailFrom: string;
  /** Public origin used in links inside emails and for the socket Origin check. */
  publicUrl: string;
  /** Seed the demo workspace on first start (embedded mode only by default). */
  seedDemo: boolean;
  /** Multiplies every rate limit; tests raise it, production keeps 1. */
  rateLimitFactor: number;
}

export function loadConfig(env: Record<string, string | undefined> = Deno.env.toObject()): Config {
  const port = Number(env.PORT ?? 8000);
  const databaseUrl = env.DATABASE_URL || null;
  return {
    port,
    dataDir: env.LEADLY_DATA_DIR ?? join(Deno.cwd(), ".data"),
    databaseUrl,
    jwtSecret: env.SUPABASE_JWT_SECRET || null,
    smtpUrl: env.SMTP_URL || null,
    mailFrom: env.MAIL_FROM ?? "Leadly <no-reply@leadly.local>",
    publicUrl: env.PUBLIC_URL ?? `http://localhost:${port}`,
    seedDemo: (env.LEADLY_SEED_DEMO ?? (databaseUrl ? "false" : "true")) === "true",
    rateLimitFactor: Number(env.RATE_LIMIT_FACTOR ?? 1),
  };
}
