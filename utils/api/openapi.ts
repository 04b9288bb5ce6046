// The OpenAPI 3.1 document, built from the API's own routes: every route of every /api/v1 sub-app is listed
// (a route nobody described still appears, with a generic summary), with the zod schemas its validators use
// (utils/api/validate.ts) and what its describe() says (utils/api/describe.ts).
import { z } from "zod";
import type { Hono } from "hono";
import { noteOf, type OperationDoc, type ResponseDoc } from "./describe.ts";

/** A routes/api file: a Hono sub-app, or handlers by method (with their docs). */
export interface ApiModule {
  /** Where it is mounted: /api/v1/contacts. */
  prefix: string;
  // deno-lint-ignore no-explicit-any
  app?: Hono<any>;
  operations?: Partial<Record<string, OperationDoc>>;
}

type JsonSchema = Record<string, unknown>;
type Operation = Record<string, unknown>;

const METHODS = ["get", "put", "post", "delete", "patch", "head", "options"];
/** One line per section of the document (its tags: the sub-apps' names, or what describe() says). */
const TAG_DESCRIPTIONS: Record<string, string> = {
  activities: "Timelines of records: calls, emails, meetings, notes and the comments under them.",
  chat: "Channels, direct messages, messages, reactions, pins and read positions.",
  companies: "Companies: the organisations contacts and deals belong to.",
  contacts: "Contacts: the people you sell to.",
  credits: "The team's credits: balance, ledger, monthly usage and per-member limits.",
  deals: "Deals, their boards and their stage history.",
  "exchange-rates": "The workspace's base currency and dated exchange rates.",
  files: "Files attached to records, notes and messages, with versions.",
  imports: "CSV imports of contacts and companies.",
  leads: "Leads and their status flow, up to converting into a deal.",
  meta: "This document and its reference page.",
  notes: "Notes, their folders, shares and versions.",
  notifications: "Your notifications, their preferences, push subscriptions and deal watches.",
  pipelines: "Pipelines and their stages.",
  presence: "Who in the team is online, away or busy.",
  products: "The product catalogue proposals price from.",
  scoring: "Lead scoring rules, the learned model's status and each lead's or contact's score.",
  search: "Search across the workspace's records.",
  tasks: "Tasks with due dates, repeats, dependencies and subtasks.",
  views: "Saved list views.",
};
const UUID_PARAM: JsonSchema = { type: "string", format: "uuid" };
const ERROR_REF = { $ref: "#/components/schemas/Error" };
const DEFAULT_ERRORS: Record<number, string> = {
  401: "Not signed in (no session cookie and no Bearer token, or an expired one).",
  404: "Not found (also for other workspaces' records).",
  422: "A value is not valid: the message names the field.",
};

/**
 * A JSON Schema (2020-12, as OpenAPI 3.1 uses) for a zod schema, as a request sends it (input) or a response
 * carries it (output). Named schemas (nameSchema) come back in `defs`, referred to as components.
 */
function jsonSchema(schema: z.ZodType, io: "input" | "output" = "input"): { schema: JsonSchema; defs: JsonSchema } {
  const options = { target: "draft-2020-12" as const, io, unrepresentable: "any" as const };
  const { $schema: _, $defs = {}, ...rest } = z.toJSONSchema(schema, options);
  const toComponents = (value: JsonSchema) =>
    JSON.parse(JSON.stringify(value).replaceAll('"#/$defs/', '"#/components/schemas/')) as JsonSchema;
  return { schema: toComponents(rest), defs: toComponents($defs as JsonSchema) };
}

/** /:id/stages/:stageId{[0-9]+} → /{id}/stages/{stageId} */
function openApiPath(prefix: string, path: string): string {
  const full = (prefix + (path === "/" ? "" : path)).replace(/\/$/, "") || "/";
  return full.replace(/:(\w+)(\{[^}]*\})?\??/g, "{$1}");
}

const pathParams = (path: string) => [...path.matchAll(/\{(\w+)\}/g)].map((m) => m[1]);

/** getContactsByIdRestore: stable, unique per method and path. */
function operationIdFor(method: string, path: string): string {
  const words = path.replace(/^\/api\/v1\/?/, "").split("/").filter(Boolean).map((part) => {
    const param = part.match(/^\{(\w+)\}$/);
    const word = (param ? `by-${param[1]}` : part).replace(/[^A-Za-z0-9]+(.)?/g, (_, ch) => (ch ?? "").toUpperCase());
    return word.charAt(0).toUpperCase() + word.slice(1);
  });
  return method + words.join("");
}

class DocumentBuilder {
  readonly paths: Record<string, Record<string, unknown>> = {};
  readonly schemas: Record<string, JsonSchema> = {
    Error: {
      type: "object",
      required: ["error"],
      properties: {
        error: {
          type: "object",
          required: ["code", "message"],
          properties: {
            code: { type: "string", description: "Stable, snake_case: not_found, validation_failed..." },
            message: { type: "string", description: "A sentence for the person using the client." },
          },
        },
      },
    },
  };

  /** The schema inline, with the named schemas in it listed once under components. */
  schemaRef(schema: z.ZodType, io: "input" | "output" = "input"): JsonSchema {
    const { schema: json, defs } = jsonSchema(schema, io);
    for (const [name, def] of Object.entries(defs)) this.schemas[name] ??= def as JsonSchema;
    return json;
  }

  add(method: string, path: string, tag: string, doc: OperationDoc | undefined, inputs: Map<string, z.ZodType>) {
    const item = (this.paths[path] ??= {});
    const op: Operation = {
      operationId: doc?.operationId ?? operationIdFor(method, path),
      tags: doc?.tags ?? [tag],
      summary: doc?.summary ?? `${method.toUpperCase()} ${path}`,
    };
    if (doc?.description) op.description = doc.description;
    const parameters = [...this.pathParameters(path, doc), ...this.queryParameters(inputs.get("query") ?? doc?.query)];
    if (parameters.length) op.parameters = parameters;
    const body = inputs.get("json") ?? doc?.body;
    if (body) op.requestBody = { required: true, content: { "application/json": { schema: this.schemaRef(body) } } };
    else if (doc?.bodyContent) {
      op.requestBody = {
        required: true,
        content: Object.fromEntries(Object.entries(doc.bodyContent).map(([type, schema]) => [type, { schema }])),
      };
    }
    op.responses = this.responses(method, path, doc, inputs.size > 0 || !!op.requestBody);
    if (doc?.public) op.security = [];
    item[method] = op;
  }

  pathParameters(path: string, doc?: OperationDoc) {
    return pathParams(path).map((name) => {
      const given = doc?.params?.[name];
      return {
        name,
        in: "path",
        required: true,
        schema: given ? this.schemaRef(given) : UUID_PARAM,
        ...(given?.description ? { description: given.description } : {}),
      };
    });
  }

  queryParameters(schema: z.ZodType | undefined) {
    if (!schema) return [];
    const object = this.schemaRef(schema);
    const properties = (object.properties ?? {}) as Record<string, JsonSchema>;
    const required = new Set((object.required ?? []) as string[]);
    return Object.entries(properties).map(([name, { description, ...property }]) => ({
      name,
      in: "query",
      required: required.has(name),
      schema: property,
      ...(description ? { description } : {}),
    }));
  }

  responses(method: string, path: string, doc: OperationDoc | undefined, hasInput: boolean) {
    const given: Record<number, ResponseDoc> = { ...doc?.responses };
    if (!Object.keys(given).some((status) => status.startsWith("2"))) given[200] = "Done.";
    if (!doc?.public) given[401] ??= DEFAULT_ERRORS[401];
    if (pathParams(path).length) given[404] ??= DEFAULT_ERRORS[404];
    if (hasInput && method !== "get") given[422] ??= DEFAULT_ERRORS[422];
    if (hasInput && method === "get") given[422] ??= "A query parameter is not valid.";
    return Object.fromEntries(
      Object.entries(given).map(([status, response]) => {
        const { description, schema } = typeof response === "string"
          ? { description: response, schema: undefined }
          : response;
        const content = Number(status) >= 400
          ? { "application/json": { schema: ERROR_REF } }
          : schema
          ? { "application/json": { schema: this.schemaRef(schema, "output") } }
          : undefined;
        return [status, content ? { description, content } : { description }];
      }),
    );
  }
}

/** Route lists of a sub-app, grouped by method and path, in the order they answer (first registered first). */
// deno-lint-ignore no-explicit-any
function routesOf(app: Hono<any>) {
  type Group = { method: string; path: string; doc?: OperationDoc; inputs: Map<string, z.ZodType> };
  const groups = new Map<string, Group>();
  for (const route of app.routes) {
    const method = route.method.toLowerCase();
    if (!METHODS.includes(method)) continue; // app.use middlewares (ALL)
    const key = `${method} ${route.path}`;
    const group: Group = groups.get(key) ?? { method, path: route.path, inputs: new Map() };
    groups.set(key, group);
    const note = noteOf(route.handler);
    if (note?.kind === "doc") group.doc ??= note.doc;
    if (note?.kind === "input" && !group.inputs.has(note.target)) group.inputs.set(note.target, note.schema);
  }
  return [...groups.values()];
}

export function openApiDocument(modules: ApiModule[]) {
  const builder = new DocumentBuilder();
  for (const module of [...modules].sort((a, b) => a.prefix.localeCompare(b.prefix))) {
    const tag = module.prefix.split("/").pop() || "api";
    for (const route of module.app ? routesOf(module.app) : []) {
      builder.add(route.method, openApiPath(module.prefix, route.path), tag, route.doc, route.inputs);
    }
    for (const [method, doc] of Object.entries(module.operations ?? {})) {
      builder.add(method.toLowerCase(), openApiPath(module.prefix, "/"), tag, doc, new Map());
    }
  }
  return {
    openapi: "3.1.0",
    info: {
      title: "Leadly API",
      version: "1.0.0",
      description: "The JSON API of a Leadly workspace. Authenticate with `Authorization: Bearer <access token>` " +
        "(from POST /auth/v1/token) or, from the browser, with the session cookie; cookie-authenticated writes " +
        "also need the `x-csrf-token` header. Every error is `{ error: { code, message } }`: the code is stable " +
        "for programs, the message is a sentence for people. A request works in the caller's current workspace.",
    },
    servers: [{ url: "/", description: "This Leadly server" }],
    security: [{ bearer: [] }, { cookie: [] }],
    tags: [
      ...new Set(
        Object.values(builder.paths).flatMap((item) =>
          Object.values(item).flatMap((op) => (op as { tags: string[] }).tags)
        ),
      ),
    ].sort().map((name) => TAG_DESCRIPTIONS[name] ? { name, description: TAG_DESCRIPTIONS[name] } : { name }),
    components: {
      schemas: builder.schemas,
      securitySchemes: {
        bearer: { type: "http", scheme: "bearer", bearerFormat: "JWT" },
        cookie: { type: "apiKey", in: "cookie", name: "leadly-access" },
      },
    },
    paths: Object.fromEntries(Object.entries(builder.paths).sort(([a], [b]) => a.localeCompare(b))),
  };
}

export type OpenApiDocument = ReturnType<typeof openApiDocument>;

/** The sub-apps and handler modules of routes/api/ in a route manifest (routes.gen.ts), with where they mount. */
export function apiModules(routes: Record<string, unknown>): ApiModule[] {
  const modules: ApiModule[] = [];
  for (const [key, module] of Object.entries(routes)) {
    const match = key.match(/^\.\/routes(\/api\/[^[\]()]+)\.tsx?$/);
    if (!match) continue;
    // deno-lint-ignore no-explicit-any
    const { app, operations } = module as { app?: Hono<any>; operations?: ApiModule["operations"] };
    if (app || operations) modules.push({ prefix: match[1].replace(/\/index$/, ""), app, operations });
  }
  return modules;
}
