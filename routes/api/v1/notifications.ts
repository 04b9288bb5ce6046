// /api/v1/notifications: the signed-in person's own notifications in the current workspace (list, unread count,
// read/unread, archive, snooze), their preferences and settings, web push subscriptions, and deal watching.
import { Hono } from "hono";
import type { Context } from "hono";
import { HTTPException } from "hono/http-exception";
import { z } from "zod";
import { apiCaller, type ApiEnv } from "../../../lib/api/auth.ts";
import { jsonBody, parseWithSchema, pathId } from "../../../lib/api/validate.ts";
import { registerPath } from "../../../lib/api/openapi.ts";
import {
  addPushSubscription,
  applyAction,
  getPreferences,
  getSettings,
  idsBody,
  listNotifications,
  listQuery,
  type NotificationAction,
  preferencesBody,
  readAll,
  removePushSubscription,
  savePreferences,
  saveSettings,
  settingsBody,
  snooze,
  snoozeBody,
  subscriptionBody,
  unreadCount,
  watchDeal,
} from "../../../lib/notifications/store.ts";
import { announceChange } from "../../../lib/notifications/live.ts";
import { ensureVapidKeys } from "../../../lib/notifications/push.ts";

export const app = new Hono<ApiEnv>();

app.get("/", async (c) => {
  const { db, claims, team } = apiCaller(c);
  const query = parseWithSchema(listQuery, c.req.query());
  return c.json(await listNotifications(db, claims, team.id, query));
});

app.get("/unread-count", async (c) => {
  const { db, claims, team } = apiCaller(c);
  return c.json({ data: { unread_count: await unreadCount(db, claims, team.id) } });
});

app.post("/read-all", async (c) => {
  const { db, claims, team, services } = apiCaller(c);
  const result = await readAll(db, claims, team.id);
  announceChange(services, claims.sub, { team_id: team.id, action: "read_all", ids: [], unread_count: 0 });
  return c.json({ data: { ...result, unread_count: 0 } });
});

const ACTIONS: NotificationAction[] = ["read", "unread", "archive", "unarchive"];

async function act(c: Context<ApiEnv>, action: NotificationAction, ids: string[]) {
  const { db, claims, team, services } = apiCaller(c);
  const result = await applyAction(db, claims, team.id, action, ids);
  announceChange(services, claims.sub, {
    team_id: team.id,
    action,
    ids: result.data.map((n) => n.id),
    unread_count: result.unread_count,
  });
  return result;
}

for (const action of ACTIONS) {
  app.post(`/${action}`, async (c) => {
    const { ids } = await jsonBody(c, idsBody);
    return c.json(await act(c, action, ids));
  });
}

// Preferences, settings, push and watches come before the /:id routes.
app.get("/preferences", async (c) => {
  const { db, claims, team } = apiCaller(c);
  return c.json({ data: await getPreferences(db, claims, team.id) });
});

app.put("/preferences", async (c) => {
  const { db, claims, team } = apiCaller(c);
  const { preferences } = await jsonBody(c, preferencesBody);
  return c.json({ data: await savePreferences(db, claims, team.id, preferences) });
});

app.get("/settings", async (c) => {
  const { db, claims } = apiCaller(c);
  return c.json({ data: await getSettings(db, claims) });
});

app.on(["PUT", "PATCH"], "/settings", async (c) => {
  const { db, claims } = apiCaller(c);
  const input = await jsonBody(c, settingsBody);
  return c.json({ data: await saveSettings(db, claims, input) });
});

app.get("/push/key", async (c) => {
  const { db } = apiCaller(c);
  const keys = await ensureVapidKeys(db);
  return c.json({ data: { public_key: keys.publicKey } });
});

app.post("/push/subscriptions", async (c) => {
  const { db, claims } = apiCaller(c);
  const input = await jsonBody(c, subscriptionBody);
  return c.json({ data: await addPushSubscription(db, claims, input, c.req.header("user-agent")) }, 201);
});

app.delete("/push/subscriptions", async (c) => {
  const { db, claims } = apiCaller(c);
  const { endpoint } = await jsonBody(c, z.object({ endpoint: z.string().min(1, "Send the endpoint to remove.") }));
  const removed = await removePushSubscription(db, claims, endpoint);
  if (removed === 0) throw new HTTPException(404, { message: "That browser is not subscribed." });
  return c.json({ data: { removed } });
});

app.put("/watch/deals/:id", async (c) => {
  const { db, claims, team } = apiCaller(c);
  return c.json({ data: await watchDeal(db, claims, team.id, pathId(c, "That deal does not exist."), true) });
});

app.delete("/watch/deals/:id", async (c) => {
  const { db, claims, team } = apiCaller(c);
  return c.json({ data: await watchDeal(db, claims, team.id, pathId(c, "That deal does not exist."), false) });
});

for (const action of ACTIONS) {
  app.post(
    `/:id/${action}`,
    async (c) => c.json(await act(c, action, [pathId(c, "That notification does not exist or is not yours.")])),
  );
}

app.post("/:id/snooze", async (c) => {
  const { db, claims, team, services } = apiCaller(c);
  const body = await jsonBody(c, snoozeBody);
  const now = new Date();
  const until = body.until ? new Date(body.until) : new Date(now.getTime() + body.minutes! * 60_000);
  const result = await snooze(
    db,
    claims,
    team.id,
    pathId(c, "That notification does not exist or is not yours."),
    until,
    now,
  );
  announceChange(services, claims.sub, {
    team_id: team.id,
    action: "snooze",
    ids: [result.data.id],
    unread_count: result.unread_count,
  });
  return c.json(result);
});

// OpenAPI --------------------------------------------------------------------------------------------------
const error = (description: string) => ({
  description,
  content: { "application/json": { schema: { $ref: "#/components/schemas/Error" } } },
});
const idParam = { name: "id", in: "path", required: true, schema: { type: "string", format: "uuid" } };
const idsSchema = {
  required: true,
  content: {
    "application/json": {
      schema: {
        type: "object",
        required: ["ids"],
        properties: { ids: { type: "array", items: { type: "string", format: "uuid" }, maxItems: 100 } },
      },
    },
  },
};
const tags = ["notifications"];
registerPath("/api/v1/notifications", {
  get: {
    tags,
    summary: "Your notifications in this workspace, newest first",
    parameters: [
      {
        name: "filter",
        in: "query",
        schema: { type: "string", enum: ["unread", "all", "snoozed", "archived"], default: "all" },
      },
      { name: "cursor", in: "query", schema: { type: "string" } },
      { name: "limit", in: "query", schema: { type: "integer", minimum: 1, maximum: 100, default: 20 } },
    ],
    responses: {
      "200": { description: "`{data, next_cursor, unread_count}`." },
      "422": error("Unknown filter or bad limit."),
    },
  },
});
registerPath("/api/v1/notifications/unread-count", {
  get: { tags, summary: "How many unread notifications you have", responses: { "200": { description: "Count." } } },
});
registerPath("/api/v1/notifications/read-all", {
  post: { tags, summary: "Mark every notification read", responses: { "200": { description: "Done." } } },
});
for (const action of ACTIONS) {
  registerPath(`/api/v1/notifications/${action}`, {
    post: {
      tags,
      summary: `${action[0].toUpperCase()}${action.slice(1)} several notifications`,
      requestBody: idsSchema,
      responses: { "200": { description: "The changed notifications." }, "404": error("None of them is yours.") },
    },
  });
  registerPath(`/api/v1/notifications/{id}/${action}`, {
    parameters: [idParam],
    post: {
      tags,
      summary: `${action[0].toUpperCase()}${action.slice(1)} a notification`,
      responses: { "200": { description: "The changed notification." }, "404": error("Not yours.") },
    },
  });
}
registerPath("/api/v1/notifications/{id}/snooze", {
  parameters: [idParam],
  post: {
    tags,
    summary: "Hide a notification until a time (then it comes back unread)",
    requestBody: {
      required: true,
      content: {
        "application/json": {
          schema: {
            type: "object",
            properties: {
              until: { type: "string", format: "date-time" },
              minutes: { type: "integer", minimum: 1, maximum: 129600 },
            },
          },
        },
      },
    },
    responses: { "200": { description: "Snoozed." }, "422": error("Not in the future, or too far.") },
  },
});
registerPath("/api/v1/notifications/preferences", {
  get: { tags, summary: "Channels per notification type", responses: { "200": { description: "Preferences." } } },
  put: {
    tags,
    summary: "Change channels per notification type",
    requestBody: {
      required: true,
      content: {
        "application/json": {
          schema: {
            type: "object",
            required: ["preferences"],
            properties: {
              preferences: {
                type: "array",
                items: {
                  type: "object",
                  required: ["type"],
                  properties: {
                    type: { type: "string" },
                    in_app: { type: "boolean" },
                    email: { type: "boolean" },
                    push: { type: "boolean" },
                    sms: { type: "boolean" },
                  },
                },
              },
            },
          },
        },
      },
    },
    responses: { "200": { description: "Saved." }, "422": error("Unknown type.") },
  },
});
registerPath("/api/v1/notifications/settings", {
  get: { tags, summary: "Quiet hours and email digest", responses: { "200": { description: "Settings." } } },
  put: {
    tags,
    summary: "Change quiet hours and email digest",
    requestBody: {
      required: true,
      content: {
        "application/json": {
          schema: {
            type: "object",
            properties: {
              dnd_enabled: { type: "boolean" },
              dnd_start: { type: "string", example: "22:00" },
              dnd_end: { type: "string", example: "07:00" },
              time_zone: { type: "string", example: "Europe/Berlin" },
              digest_frequency: { type: "string", enum: ["off", "hourly", "daily"] },
            },
          },
        },
      },
    },
    responses: { "200": { description: "Saved." }, "422": error("Bad time or time zone.") },
  },
});
registerPath("/api/v1/notifications/push/key", {
  get: { tags, summary: "The VAPID public key browsers subscribe with", responses: { "200": { description: "Key." } } },
});
registerPath("/api/v1/notifications/push/subscriptions", {
  post: {
    tags,
    summary: "Store this browser's push subscription",
    responses: { "201": { description: "Stored." }, "422": error("Not a push subscription.") },
  },
  delete: {
    tags,
    summary: "Remove a push subscription by endpoint",
    responses: { "200": { description: "Removed." }, "404": error("Not subscribed.") },
  },
});
registerPath("/api/v1/notifications/watch/deals/{id}", {
  parameters: [idParam],
  put: { tags, summary: "Watch a deal (hear about its stage changes)", responses: { "200": { description: "On." } } },
  delete: { tags, summary: "Stop watching a deal", responses: { "200": { description: "Off." } } },
});
