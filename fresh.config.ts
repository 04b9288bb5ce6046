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
  /** Set to share socket.io rooms between app processes (Redis Streams adapter); use with DATABASE_URL. */
  redisUrl: string | null;
  /** Where uploaded files go: any S3-compatible store when S3_BUCKET is set, else <dataDir>/files. */
  s3: S3Config | null;
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
