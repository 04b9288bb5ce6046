// Shared by hostile_input.test.ts and tenancy_subresources.test.ts: one of every kind of record a team can
// have (made over the API as a signed-in member), every JSON API route there is (from the route modules
// themselves, so a new route is swept without anyone adding it here), and a real id for every path parameter.
import manifest from "../../routes.gen.ts";
import type { Hono } from "hono";
import type { ApiClient } from "../helpers/api-client.ts";
import type { TestServer } from "../helpers/server.ts";
import { userIdOf } from "./realtime_helpers.ts";

export interface Operation {
  method: string;
  /** OpenAPI style: /api/v1/tasks/{id}/dependencies/{blockedById} */
  path: string;
}

/** Every route of every sub-app under routes/api/ (method + path), plus what openapi.json lists. */
export function apiOperations(openapi?: { paths: Record<string, Record<string, unknown>> }): Operation[] {
  const seen = new Map<string, Operation>();
  const add = (method: string, path: string) => {
    const op = { method: method.toUpperCase(), path: path.replace(/\/$/, "") || "/" };
    seen.set(`${op.method} ${op.path}`, op);
  };
  for (const [key, module] of Object.entries(manifest.routes)) {
    const app = (module as { app?: Hono }).app;
    const match = key.match(/^\.\/routes(\/api\/.+)\.tsx?$/);
    if (!app || !match) continue;
    for (const route of app.routes) {
      if (route.method === "ALL") continue; // app.use middlewares
      add(route.method, match[1] + route.path.replace(/:(\w+)/g, "{$1}"));
    }
  }
  for (const [path, item] of Object.entries(openapi?.paths ?? {})) {
    for (const method of Object.keys(item)) {
      if (["get", "post", "put", "patch", "delete"].includes(method)) add(method, path);
    }
  }
  const order = ["GET", "POST", "PUT", "PATCH", "DELETE"];
  return [...seen.values()].sort((a, b) =>
    order.indexOf(a.method) - order.indexOf(b.method) || (a.path < b.path ? -1 : a.path > b.path ? 1 : 0)
  );
}

export const pathParams = (path: string) => [...path.matchAll(/\{(\w+)\}/g)].map((m) => m[1]);

/** The ids of one of everything in a team. */
export interface Everything {
  contact: string;
  company: string;
  deal: string;
  lead: string;
  task: string;
  /** A second task, blocking `task`. */
  blocker: string;
  subtask: string;
  activity: string;
  comment: string;
  channel: string;
  message: string;
  note: string;
  noteVersion: string;
  folder: string;
  view: string;
  pipeline: string;
  stage: string;
  file: string;
  import: string;
  /** A notification of `member` (someone else in the team than the creator). */
  notification: string;
  /** The creator and another member of the team. */
  creator: string;
  member: string;
}

async function ok(res: Promise<{ status: number; json: { data?: { id?: string } } }>, what: string): Promise<string> {
  const { status, json } = await res;
  if (status >= 300 || !json?.data?.id) throw new Error(`creating ${what} failed: ${status} ${JSON.stringify(json)}`);
  return json.data.id;
}

/** Creates one of everything as `creator`; `member` (same team) gets a task, so a notification. */
export async function createEverything(
  server: TestServer,
  creator: ApiClient,
  member: ApiClient,
  memberEmail: string,
  creatorEmail: string,
): Promise<Everything> {
  const memberId = await userIdOf(server, memberEmail);
  const creatorId = await userIdOf(server, creatorEmail);
  const company = await ok(creator.post("/api/v1/companies", { name: "Everything Co" }), "company");
  const contact = await ok(
    creator.post("/api/v1/contacts", { first_name: "Eve", last_name: "Rything", company_id: company }),
    "contact",
  );
  const deal = await ok(creator.post("/api/v1/deals", { name: "Everything deal", company_id: company }), "deal");
  const lead = await ok(
    creator.post("/api/v1/leads", { business_name: "Everything Lead", email: `lead-${crypto.randomUUID()}@x.test` }),
    "lead",
  );
  const task = await ok(creator.post("/api/v1/tasks", { title: "Everything task" }), "task");
  const blocker = await ok(creator.post("/api/v1/tasks", { title: "Blocking task" }), "blocker");
  const dependency = await creator.post(`/api/v1/tasks/${task}/dependencies`, { blocked_by_id: blocker });
  if (dependency.status !== 201) throw new Error(`dependency: ${dependency.status} ${JSON.stringify(dependency.json)}`);
  const subtask = await ok(creator.post(`/api/v1/tasks/${task}/subtasks`, { title: "Subtask" }), "subtask");
  await ok(creator.post("/api/v1/tasks", { title: "For the member", assignee_id: memberId }), "assigned task");
  const activity = await ok(
    creator.post("/api/v1/activities", { record_type: "deal", record_id: deal, type: "note", body: "A note" }),
    "activity",
  );
  const comment = await ok(creator.post(`/api/v1/activities/${activity}/comments`, { body: "A comment" }), "comment");
  const channel = await ok(
    creator.post("/api/v1/channels", {
      name: `everything-${crypto.randomUUID().slice(0, 8)}`,
      type: "public",
      member_ids: [memberId],
    }),
    "channel",
  );
  const message = await ok(
    creator.post(`/api/v1/channels/${channel}/messages`, { client_id: crypto.randomUUID(), body: "Hello" }),
    "message",
  );
  const pin = await creator.post(`/api/v1/messages/${message}/pin`, { pinned: true });
  if (pin.status !== 200) throw new Error(`pin: ${pin.status} ${JSON.stringify(pin.json)}`);
  const folder = await ok(creator.post("/api/v1/note-folders", { name: "Everything folder" }), "folder");
  const note = await ok(
    creator.post("/api/v1/notes", { title: "Everything note", folder_id: folder, visibility: "team" }),
    "note",
  );
  const noteVersion = await ok(creator.post(`/api/v1/notes/${note}/versions`, { label: "v1" }), "note version");
  const view = await ok(
    creator.post("/api/v1/views", { resource: "contacts", name: "Everything view", query: {}, is_shared: true }),
    "view",
  );
  const pipelineRes = await creator.post("/api/v1/pipelines", {
    name: "Everything pipeline",
    stages: [{ name: "One", kind: "open" }, { name: "Won", kind: "won" }],
  });
  const pipeline = await ok(Promise.resolve(pipelineRes), "pipeline");
  const stage = (pipelineRes.json.data.stages as { id: string }[])[0].id;
  const form = new FormData();
  form.set("file", new File([new TextEncoder().encode("hello, file")], "hello.txt", { type: "text/plain" }));
  form.set("target_type", "deal");
  form.set("target_id", deal);
  const upload = await fetch(`${creator.base}/api/v1/files`, {
    method: "POST",
    headers: { authorization: `Bearer ${creator.token}` },
    body: form,
  });
  const file = await ok(Promise.resolve({ status: upload.status, json: await upload.json() }), "file");
  const importJob = await ok(
    creator.post("/api/v1/imports", { resource: "contacts", filename: "people.csv", size: 20 }),
    "import",
  );
  const notifications = await member.get("/api/v1/notifications?limit=100");
  const notification = notifications.json?.data?.[0]?.id;
  if (!notification) throw new Error(`no notification for the member: ${JSON.stringify(notifications.json)}`);
  return {
    contact,
    company,
    deal,
    lead,
    task,
    blocker,
    subtask,
    activity,
    comment,
    channel,
    message,
    note,
    noteVersion,
    folder,
    view,
    pipeline,
    stage,
    file,
    import: importJob,
    notification,
    creator: creatorId,
    member: memberId,
  };
}

const RESOURCE_IDS: Record<string, keyof Everything> = {
  contacts: "contact",
  companies: "company",
  deals: "deal",
  leads: "lead",
  tasks: "task",
  activities: "activity",
  channels: "channel",
  messages: "message",
  notes: "note",
  "note-folders": "folder",
  views: "view",
  pipelines: "pipeline",
  files: "file",
  imports: "import",
  notifications: "notification",
};

/** A real value of `param` in `path` (OpenAPI style) from `ids`, or null when the route has no such thing. */
export function realParam(path: string, param: string, ids: Everything): string | null {
  const resource = path.split("/")[3];
  if (path.startsWith("/api/v1/activities/comments/")) return ids.comment;
  if (path.startsWith("/api/v1/notifications/watch/deals/")) return ids.deal;
  switch (param) {
    case "userId":
      return ids.member;
    case "blockedById":
      return ids.blocker;
    case "vid":
      return ids.noteVersion;
    case "stageId":
      return ids.stage;
    case "pipelineId":
      return ids.pipeline;
    case "targetType":
      return "deal";
    case "targetId":
      return ids.deal;
    case "part":
      return "0";
  }
  const key = RESOURCE_IDS[resource];
  return key ? ids[key] : null;
}

/** `path` with every parameter filled: `override` for one of them, real ids for the others. */
export function fillPath(path: string, ids: Everything, override: Record<string, string> = {}): string {
  return path.replace(/\{(\w+)\}/g, (_, name: string) => override[name] ?? realParam(path, name, ids) ?? "x");
}

/** Multipart body of an upload (POST /api/v1/files, POST /api/v1/files/{id}/versions). */
export function uploadForm(name = "hello.txt", text = "hello again"): FormData {
  const form = new FormData();
  form.set("file", new File([new TextEncoder().encode(text)], name, { type: "text/plain" }));
  return form;
}

/**
 * A body the operation accepts (for a member of the team that owns `ids`), or undefined for none. JSON
 * bodies as objects; uploads as FormData; import parts as bytes.
 */
export function validBody(op: Operation, ids: Everything): unknown {
  const key = `${op.method} ${op.path.replace(/^\/api\/v1/, "")}`.replace(/^(PUT|PATCH) /, "PATCH ");
  const unique = crypto.randomUUID().slice(0, 8);
  const bodies: Record<string, unknown> = {
    "POST /activities": { record_type: "deal", record_id: ids.deal, type: "note", body: "Another note" },
    "PATCH /activities/comments/{id}": { body: "Edited comment" },
    "POST /activities/{id}/comments": { body: "Another comment" },
    "POST /channels": { name: `channel-${unique}`, type: "public" },
    "POST /channels/direct": { user_ids: [ids.member] },
    "PATCH /channels/{id}": { topic: "A new topic" },
    "POST /channels/{id}/members": { user_ids: [ids.member] },
    "POST /channels/{id}/messages": { client_id: crypto.randomUUID(), body: "Another message" },
    "POST /channels/{id}/read": { seq: 1 },
    "POST /companies": { name: `Company ${unique}` },
    "PATCH /companies/{id}": { name: "Renamed company" },
    "POST /contacts": { first_name: "Another", last_name: unique },
    "PATCH /contacts/{id}": { first_name: "Renamed" },
    "POST /deals": { name: `Deal ${unique}` },
    "PATCH /deals/{id}": { name: "Renamed deal" },
    "POST /deals/{id}/move": { stage_id: ids.stage, pipeline_id: ids.pipeline },
    "POST /leads": { business_name: `Lead ${unique}`, email: `lead-${unique}@x.test` },
    "PATCH /leads/{id}": { city: "Pune" },
    "POST /leads/{id}/transition": { to: "CONTACTED" },
    "POST /leads/{id}/override": { to: "PAID", reason: "Paid by bank transfer" },
    "POST /leads/{id}/lost": { reason: "Not interested" },
    "POST /files": uploadForm(),
    "PATCH /files/{id}": { name: "renamed.txt" },
    "POST /files/{id}/versions": uploadForm("hello.txt", "version two"),
    "POST /files/{id}/links": { target_type: "contact", target_id: ids.contact },
    "POST /imports": { resource: "contacts", filename: "people.csv", size: 20 },
    "POST /imports/preview": {
      resource: "contacts",
      mapping: [{ column: "First name", target: "first_name" }],
      rows: [["Ann"]],
    },
    "PATCH /imports/{id}/parts/{part}": new TextEncoder().encode("First name\nAnn\n"),
    "POST /imports/{id}/start": { mapping: [{ column: "First name", target: "first_name" }], duplicates: "skip" },
    "PATCH /messages/{id}": { body: "Edited message" },
    "POST /messages/{id}/reactions": { emoji: "👍", on: true },
    "POST /messages/{id}/pin": { pinned: true },
    "POST /note-folders": { name: `Folder ${unique}` },
    "PATCH /note-folders/{id}": { name: "Renamed folder" },
    "POST /notes": { title: `Note ${unique}` },
    "PATCH /notes/{id}": { title: "Renamed note" },
    "PATCH /notes/{id}/favorite": { favorite: true },
    "PATCH /notes/{id}/shares": { user_id: ids.member, permission: "edit" },
    "POST /notes/{id}/versions": { label: "Another version" },
    "POST /notifications/read": { ids: [ids.notification] },
    "POST /notifications/unread": { ids: [ids.notification] },
    "POST /notifications/archive": { ids: [ids.notification] },
    "POST /notifications/unarchive": { ids: [ids.notification] },
    "PATCH /notifications/preferences": { preferences: [{ type: "mention", email: false }] },
    "PATCH /notifications/settings": { dnd_enabled: true },
    "POST /notifications/push/subscriptions": {
      endpoint: `https://push.example/${unique}`,
      keys: { p256dh: "B".repeat(40), auth: "A".repeat(16) },
    },
    "DELETE /notifications/push/subscriptions": { endpoint: "https://push.example/none" },
    "POST /notifications/{id}/snooze": { minutes: 60 },
    "POST /pipelines": { name: `Pipeline ${unique}` },
    "PATCH /pipelines/{id}": { name: "Renamed pipeline" },
    "POST /pipelines/{id}/stages": { name: "Another stage" },
    "PATCH /pipelines/{id}/stages/order": { stage_ids: [ids.stage] },
    "PATCH /pipelines/{id}/stages/{stageId}": { name: "Renamed stage" },
    "PATCH /presence/me": { status: "away" },
    "PATCH /scoring/rules/{id}": { points: 5 },
    "POST /reports/{id}/share-links": { expiresInDays: 7 },
    "POST /reports/{id}/schedules": { rrule: "FREQ=WEEKLY;BYDAY=MO", timezone: "UTC", recipients: ["a@x.test"] },
    "POST /dashboards/{id}/schedules": { rrule: "FREQ=DAILY", timezone: "UTC", recipients: ["a@x.test"] },
    "POST /tasks": { title: `Task ${unique}` },
    "POST /tasks/bulk": { action: "assign", ids: [ids.task], assignee_id: ids.member },
    "PATCH /tasks/{id}": { title: "Renamed task" },
    "POST /tasks/{id}/dependencies": { blocked_by_id: ids.subtask },
    "POST /tasks/{id}/subtasks": { title: "Another subtask" },
    "POST /views": { resource: "contacts", name: `View ${unique}` },
    "PATCH /views/{id}": { name: "Renamed view" },
  };
  if (key in bodies) return bodies[key];
  return op.method === "POST" || op.method === "PUT" || op.method === "PATCH" ? {} : undefined;
}
