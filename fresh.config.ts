// Typed configuration from the environment, read in one place.
import { join } from "node:path";

export interface Config {
  port: number;
  /** Where the embedded database, secrets and captured mail live. */
  dataDir: string;
  /** Set to use any Postgres (e.g. Supabase) instead of embedded PGlite. */
  databaseUrl: string | null;
  /**
   * Named prepared statements on DATABASE_URL (one round trip per statement instead of two). On by default: Leadly
   * needs a session-mode connection anyway (LISTEN); DATABASE_PREPARE=false for a transaction-mode pooler.
   */
  databasePrepare: boolean;
  /**
   * HS256 secret of access tokens: the embedded auth server signs with it (generated into dataDir when unset);
   * in Supabase Auth mode it verifies tokens of projects still on the legacy shared secret.
   */
  jwtSecret: string | null;
  /** Set (SUPABASE_URL) to sign people in with a Supabase project's Auth instead of the embedded /auth/v1. */
  supabase: SupabaseAuthConfig | null;
  /** When set, mail goes out through nodemailer; otherwise it is captured at /dev/mailbox. */
  smtpUrl: string | null;
  mailFrom: string;
  /** Public origin used in links inside emails and for the socket Origin check. */
  publicUrl: string;
  /** Seed the demo workspace on first start (embedded mode only by default). */
  seedDemo: boolean;
  /** Multiplies every rate limit; tests raise it, production keeps 1. */
  rateLimitFactor: number;
  /** Addresses of our own reverse proxies: only their X-Forwarded-For names the client (rate limits, sessions). */
  trustedProxies: string[];
  /** Set to share socket.io rooms between app processes (Redis Streams adapter); use with DATABASE_URL. */
  redisUrl: string | null;
  /** Where uploaded files go: any S3-compatible store when S3_BUCKET is set, else <dataDir>/files. */
  s3: S3Config | null;
}

/** A Supabase project whose Auth signs people in; Leadly verifies its tokens (HS256 secret or the project's JWKS). */
export interface SupabaseAuthConfig {
  /** The project URL, e.g. https://abcd.supabase.co (no trailing slash). Auth is at `${url}/auth/v1`. */
  url: string;
  /** The anon (or publishable) key, sent as `apikey` with every call to Supabase Auth. */
  anonKey: string;
}

function supabaseAuthConfig(env: Record<string, string | undefined>): SupabaseAuthConfig | null {
  const url = env.SUPABASE_URL?.trim().replace(/\/+$/, "");
  if (!url) return null;
  if (!/^https?:\/\/[^/]+/.test(url)) throw new Error(`SUPABASE_URL must be the project's URL, got "${url}".`);
  const anonKey = env.SUPABASE_ANON_KEY?.trim();
  if (!anonKey) throw new Error("SUPABASE_URL is set, so SUPABASE_ANON_KEY must be too (the project's anon key).");
  return { url, anonKey };
}

/** S3-compatible object storage (AWS, Supabase Storage's S3 endpoint, MinIO), path-style addressing. */
export interface S3Config {
  endpoint: string | null;
  bucket: string;
  region: string;
  accessKeyId: string | null;
  secretAccessKey: string | null;
}

export function loadConfig(env: Record<string, string | undefined> = Deno.env.toObject()): Config {
  const port = Number(env.PORT ?? 8000);
  const databaseUrl = env.DATABASE_URL || null;
  const supabase = supabaseAuthConfig(env);
  return {
    port,
    dataDir: env.LEADLY_DATA_DIR ?? join(Deno.cwd(), ".data"),
    databaseUrl,
    databasePrepare: env.DATABASE_PREPARE !== "false",
    jwtSecret: env.SUPABASE_JWT_SECRET || null,
    supabase,
    smtpUrl: env.SMTP_URL || null,
    mailFrom: env.MAIL_FROM ?? "Leadly <no-reply@leadly.local>",
    publicUrl: env.PUBLIC_URL ?? `http://localhost:${port}`,
    // The demo accounts live in the embedded auth server only.
    seedDemo: (env.LEADLY_SEED_DEMO ?? (databaseUrl || supabase ? "false" : "true")) === "true",
    rateLimitFactor: Number(env.RATE_LIMIT_FACTOR ?? 1),
    trustedProxies: (env.TRUSTED_PROXIES ?? "").split(",").map((ip) => ip.trim()).filter(Boolean),
    redisUrl: env.REDIS_URL || null,
    s3: env.S3_BUCKET
      ? {
        endpoint: env.S3_ENDPOINT || null,
        bucket: env.S3_BUCKET,
        region: env.S3_REGION || "us-east-1",
        accessKeyId: env.S3_ACCESS_KEY_ID || null,
        secretAccessKey: env.S3_SECRET_ACCESS_KEY || null,
      }
      : null,
  };
}
