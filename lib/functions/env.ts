// The Hono env every edge function (edge-functions/<name>/index.ts) and its feature sub-apps share. Leadly's
// own server fills `services` with its app services (they have this shape and more) and resolves the session
// before the function runs; a function run alone (or deployed to Supabase) builds them from its environment
// (lib/functions/standalone.ts). `caller` is set by lib/functions/auth.ts: every query runs as that user.
import type { Caller } from "../caller.ts";
import type { Db } from "../db/mod.ts";
import type { AuthBackend } from "../auth/backend.ts";
import type { Session } from "../auth/session.ts";

/** Reads one setting by name: Deno.env, or a Map in tests that point one server at fake providers. */
export interface EnvReader {
  get(name: string): string | undefined;
}

/** What a function needs from the host: the database, token checks, and where its settings come from. */
export interface FunctionServices {
  db: Db;
  auth: Pick<AuthBackend, "claimsFor" | "hasVerifiedFactor">;
  /** Provider settings (OPENAI_API_KEY...) for this server; unset means Deno.env. */
  env?: EnvReader;
}

export type FunctionEnv = {
  Variables: {
    caller: Caller;
    services: FunctionServices;
    /** Set by Leadly's session middleware when mounted in-process (null: not signed in); unset when alone. */
    session?: Session | null;
  };
};

/** The settings a function reads: the host's (tests) or the process environment. */
export function functionSettings(services: FunctionServices): EnvReader {
  return services.env ?? Deno.env;
}
