// Placeholder until the route manifest lands.
import type { Hono } from "hono";
import type { AppEnv, AppServices } from "./app.ts";

export async function mountPages(_root: Hono<AppEnv>, _services: AppServices) {}
