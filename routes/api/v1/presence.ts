// /api/v1/presence: the team's presence (status, custom status, last seen) and setting your own status.
// Live updates go over the socket (presence.changed); this is for scripts and pages without a socket.
import { Hono } from "hono";
import { z } from "zod";
import { apiCaller, type ApiEnv } from "../../../lib/api/auth.ts";
import { jsonBody } from "../../../lib/api/validate.ts";
import { registerPath } from "../../../lib/api/openapi.ts";
import { CHOSEN_STATUSES, CUSTOM_STATUS_MAX, listPresence, savePresence } from "../../../lib/presence/store.ts";
import { busFor } from "../../../realtime/change-bus.ts";

export const app = new Hono<ApiEnv>();

const statusInput = z.object({
  status: z.enum(CHOSEN_STATUSES, { error: "status is online, away or busy." }),
  custom_status: z.string().max(CUSTOM_STATUS_MAX, `Keep the custom status under ${CUSTOM_STATUS_MAX} characters.`)
    .nullable().optional(),
}).strict();

app.get("/", async (c) => {
  const { db, claims, team } = apiCaller(c);
  return c.json({ data: await listPresence(db, claims, team.id, null) });
});

app.on(["PUT", "PATCH"], "/me", async (c) => {
  const { db, claims, team, services } = apiCaller(c);
  const input = await jsonBody(c, statusInput);
  const saved = await savePresence(db, claims, team.id, {
    chosen: input.status,
    ...(input.custom_status !== undefined ? { custom_status: input.custom_status } : {}),
    connected: "keep",
  });
  const { changed: _, ...presence } = saved;
  busFor(services).publish({
    team_id: team.id,
    type: "presence.changed",
    record_type: "presence",
    record_id: saved.user_id,
    payload: { ...presence, chosen_status: undefined },
    rooms: [`team:${team.id}`],
  });
  return c.json({ data: presence });
});

const error = (description: string) => ({
  description,
  content: { "application/json": { schema: { $ref: "#/components/schemas/Error" } } },
});
registerPath("/api/v1/presence", {
  get: {
    tags: ["presence"],
    summary: "Your team's members with their status, custom status and last seen time",
    responses: { "200": { description: "{ data: [{ user_id, name, status, custom_status, last_seen_at }] }" } },
  },
});
registerPath("/api/v1/presence/me", {
  put: {
    tags: ["presence"],
    summary: "Set your status (online, away, busy) and custom status text in the current team",
    requestBody: {
      required: true,
      content: {
        "application/json": {
          schema: {
            type: "object",
            additionalProperties: false,
            required: ["status"],
            properties: {
              status: { type: "string", enum: [...CHOSEN_STATUSES] },
              custom_status: { type: "string", maxLength: CUSTOM_STATUS_MAX, nullable: true },
            },
          },
        },
      },
    },
    responses: {
      "200": { description: "Your presence as teammates see it." },
      "422": error("Unknown status or a custom status over 100 characters."),
    },
  },
});
