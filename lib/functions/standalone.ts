// The services of an edge function that runs on its own (`deno run -A edge-functions/ai/index.ts`, or deployed
// with `supabase functions deploy`): the project's Postgres (DATABASE_URL, or SUPABASE_DB_URL which Supabase
// gives every function) and the token checks of its Auth (SUPABASE_URL + SUPABASE_ANON_KEY: the project's JWKS,
// or SUPABASE_JWT_SECRET for HS256). Inside Leadly's server none of this runs: the host's services are used.
import type { MiddlewareHandler } from "hono";
import { AppError } from "../errors.ts";
import { openDb } from "../db/mod.ts";
import { SupabaseAuth } from "../auth/supabase.ts";
import { JwtKeys } from "../auth/jwt.ts";
import { AuthService } from "../auth/service.ts";
import { createMailer } from "../mail/mailer.ts";
import type { EnvReader, FunctionEnv, FunctionServices } from "./env.ts";

let building: Promise<FunctionServices> | null = null;

async function buildServices(env: EnvReader): Promise<FunctionServices> {
  const read = (name: string) => env.get(name)?.trim() || null;
  const databaseUrl = read("DATABASE_URL") ?? read("SUPABASE_DB_URL");
  if (!databaseUrl) {
    throw new AppError("service_unavailable", "This function has no database: set DATABASE_URL (or SUPABASE_DB_URL).");
  }
  const db = await openDb({ databaseUrl, dataDir: "", databasePrepare: read("DATABASE_PREPARE") !== "false" });
  const supabaseUrl = read("SUPABASE_URL")?.replace(/\/+$/, "");
  const anonKey = read("SUPABASE_ANON_KEY");
  const jwtSecret = read("SUPABASE_JWT_SECRET");
  if (supabaseUrl && anonKey) return { db, auth: new SupabaseAuth(db, { url: supabaseUrl, anonKey }, jwtSecret), env };
  if (!jwtSecret) {
    throw new AppError(
      "service_unavailable",
      "This function cannot check tokens: set SUPABASE_URL and SUPABASE_ANON_KEY, or SUPABASE_JWT_SECRET.",
    );
  }
  // Tokens of Leadly's embedded auth server (its issuer is PUBLIC_URL/auth/v1); no mail is ever sent from here.
  const issuer = `${read("PUBLIC_URL") ?? "http://localhost:8000"}/auth/v1`;
  const mailer = createMailer(db, { smtpUrl: null, mailFrom: "Leadly <no-reply@leadly.local>" });
  return { db, auth: new AuthService(db, new JwtKeys(jwtSecret, issuer), mailer), env };
}

/**
 * Leaves the host's services in place (Leadly sets them before mounted functions run); alone, builds them once
 * from the environment. A missing setting answers 503 with what to set, and is tried again on the next request.
 */
export function standaloneServices(env: EnvReader = Deno.env): MiddlewareHandler<FunctionEnv> {
  return async (c, next) => {
    if (!c.get("services")) {
      building ??= buildServices(env).catch((error) => {
        building = null;
        throw error;
      });
      c.set("services", await building);
    }
    await next();
  };
}
