// /api/v1/notifications: the signed-in person's own notifications in the current workspace (list, unread count,
// read/unread, archive, snooze), their preferences and settings, web push subscriptions, and deal watching.
import { Hono } from "hono";
import type { Context } from "hono";
import { AppError } from "../../../lib/errors.ts";
import { z } from "zod";
import { apiCaller, type ApiEnv } from "../../../utils/api/auth.ts";
import { jsonInput, pathId, queryInput } from "../../../utils/api/validate.ts";
import { describe } from "../../../utils/api/describe.ts";
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

const ACTIONS: NotificationAction[] = ["read", "unread", "archive", "unarchive"];
const unsubscribeBody = z.object({ endpoint: z.string().min(1, "Send the endpoint to remove.") });

const tags = ["notifications"];
const capitalized = (action: string) => `${action[0].toUpperCase()}${action.slice(1)}`;
const docs = {
  list: describe({
    tags,
    summary: "Your notifications in this workspace, newest first",
    responses: { 200: "`{data, next_cursor, unread_count}`.", 422: "Unknown filter or bad limit." },
  }),
  unreadCount: describe({ tags, summary: "How many unread notifications you have", responses: { 200: "Count." } }),
  readAll: describe({ tags, summary: "Mark every notification read" }),
  many: (action: string) =>
    describe({
      tags,
      summary: `${capitalized(action)} several notifications`,
      responses: { 200: "The changed notifications.", 404: "None of them is yours." },
    }),
  one: (action: string) =>
    describe({
      tags,
      summary: `${capitalized(action)} a notification`,
      responses: { 200: "The changed notification.", 404: "Not yours." },
    }),
  snooze: describe({
    tags,
    summary: "Hide a notification until a time (then it comes back unread)",
    responses: { 200: "Snoozed.", 422: "Not in the future, or too far." },
  }),
  preferences: describe({ tags, summary: "Channels per notification type", responses: { 200: "Preferences." } }),
  savePreferences: describe({
    tags,
    summary: "Change channels per notification type",
    responses: { 200: "Saved.", 422: "Unknown type." },
  }),
  settings: describe({ tags, summary: "Quiet hours and email digest", responses: { 200: "Settings." } }),
  saveSettings: describe({
    tags,
    summary: "Change quiet hours and email digest",
    responses: { 200: "Saved.", 422: "Bad time or time zone." },
  }),
  pushKey: describe({ tags, summary: "The VAPID public key browsers subscribe with", responses: { 200: "Key." } }),
  subscribe: describe({
    tags,
    summary: "Store this browser's push subscription",
    responses: { 201: "Stored.", 422: "Not a push subscription." },
  }),
  unsubscribe: describe({
    tags,
    summary: "Remove a push subscription by endpoint",
    responses: { 200: "Removed.", 404: "Not subscribed." },
  }),
  watch: describe({ tags, summary: "Watch a deal (hear about its stage changes)", responses: { 200: "On." } }),
  unwatch: describe({ tags, summary: "Stop watching a deal", responses: { 200: "Off." } }),
};

app.get("/", docs.list, queryInput(listQuery), async (c) => {
  const { db, claims, team } = apiCaller(c);
  const query = c.req.valid("query");
  return c.json(await listNotifications(db, claims, team.id, query));
});

app.get("/unread-count", docs.unreadCount, async (c) => {
  const { db, claims, team } = apiCaller(c);
  return c.json({ data: { unread_count: await unreadCount(db, claims, team.id) } });
});

app.post("/read-all", docs.readAll, async (c) => {
  const { db, claims, team, services } = apiCaller(c);
  const result = await readAll(db, claims, team.id);
  announceChange(services, claims.sub, { team_id: team.id, action: "read_all", ids: [], unread_count: 0 });
  return c.json({ data: { ...result, unread_count: 0 } });
});

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
  app.post(`/${action}`, docs.many(action), jsonInput(idsBody), async (c) => {
    const { ids } = c.req.valid("json");
    return c.json(await act(c, action, ids));
  });
}

// Preferences, settings, push and watches come before the /:id routes.
app.get("/preferences", docs.preferences, async (c) => {
  const { db, claims, team } = apiCaller(c);
  return c.json({ data: await getPreferences(db, claims, team.id) });
});

app.put("/preferences", docs.savePreferences, jsonInput(preferencesBody), async (c) => {
  const { db, claims, team } = apiCaller(c);
  const { preferences } = c.req.valid("json");
  return c.json({ data: await savePreferences(db, claims, team.id, preferences) });
});

app.get("/settings", docs.settings, async (c) => {
  const { db, claims } = apiCaller(c);
  return c.json({ data: await getSettings(db, claims) });
});

app.on(["PUT", "PATCH"], "/settings", docs.saveSettings, jsonInput(settingsBody), async (c) => {
  const { db, claims } = apiCaller(c);
  const input = c.req.valid("json");
  return c.json({ data: await saveSettings(db, claims, input) });
});

app.get("/push/key", docs.pushKey, async (c) => {
  const { db } = apiCaller(c);
  const keys = await ensureVapidKeys(db);
  return c.json({ data: { public_key: keys.publicKey } });
});

app.post("/push/subscriptions", docs.subscribe, jsonInput(subscriptionBody), async (c) => {
  const { db, claims } = apiCaller(c);
  const input = c.req.valid("json");
  return c.json({ data: await addPushSubscription(db, claims, input, c.req.header("user-agent")) }, 201);
});

app.delete("/push/subscriptions", docs.unsubscribe, jsonInput(unsubscribeBody), async (c) => {
  const { db, claims } = apiCaller(c);
  const { endpoint } = c.req.valid("json");
  const removed = await removePushSubscription(db, claims, endpoint);
  if (removed === 0) throw new AppError("not_found", "That browser is not subscribed.");
  return c.json({ data: { removed } });
});

app.put("/watch/deals/:id", docs.watch, async (c) => {
  const { db, claims, team } = apiCaller(c);
  return c.json({ data: await watchDeal(db, claims, team.id, pathId(c, "That deal does not exist."), true) });
});

app.delete("/watch/deals/:id", docs.unwatch, async (c) => {
  const { db, claims, team } = apiCaller(c);
  return c.json({ data: await watchDeal(db, claims, team.id, pathId(c, "That deal does not exist."), false) });
});

for (const action of ACTIONS) {
  app.post(
    `/:id/${action}`,
    docs.one(action),
    async (c) => c.json(await act(c, action, [pathId(c, "That notification does not exist or is not yours.")])),
  );
}

app.post("/:id/snooze", docs.snooze, jsonInput(snoozeBody), async (c) => {
  const { db, claims, team, services } = apiCaller(c);
  const body = c.req.valid("json");
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
