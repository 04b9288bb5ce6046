// /api/v1/presence: the team's presence (status, custom status, last seen) and setting your own status.
// Live updates go over the socket (presence.changed); this is for scripts and pages without a socket.
import { Hono } from "hono";
import { z } from "zod";
import { apiCaller, type ApiEnv } from "../../../utils/api/auth.ts";
import { jsonInput } from "../../../utils/api/validate.ts";
import { describe } from "../../../utils/api/describe.ts";
import { CHOSEN_STATUSES, CUSTOM_STATUS_MAX, listPresence, setPresence } from "../../../lib/presence/store.ts";

export const app = new Hono<ApiEnv>();

const statusInput = z.object({
  status: z.enum(CHOSEN_STATUSES, { error: "status is online, away or busy." }),
  custom_status: z.string().max(CUSTOM_STATUS_MAX, `Keep the custom status under ${CUSTOM_STATUS_MAX} characters.`)
    .nullable().optional(),
}).strict();

const listDoc = describe({
  summary: "Your team's members with their status, custom status and last seen time",
  responses: { 200: "{ data: [{ user_id, name, status, custom_status, last_seen_at }] }" },
});
const setDoc = describe({
  summary: "Set your status (online, away, busy) and custom status text in the current team",
  responses: { 200: "Your presence as teammates see it.", 422: "Unknown status or a custom status that is too long." },
});

app.get("/", listDoc, async (c) => {
  const { db, claims, team } = apiCaller(c);
  return c.json({ data: await listPresence(db, claims, team.id, null) });
});

app.on(["PUT", "PATCH"], "/me", setDoc, jsonInput(statusInput), async (c) => {
  const { db, claims, team, services } = apiCaller(c);
  const input = c.req.valid("json");
  const { presence, changes } = await setPresence(db, claims, team.id, {
    chosen: input.status,
    ...(input.custom_status !== undefined ? { custom_status: input.custom_status } : {}),
    connected: "keep",
  });
  services.bus.publishAll(changes);
  return c.json({ data: presence });
});
