// The OpenAPI 3.1 document, generated from the same zod schemas the API validates with.
import { z } from "zod";
import type { ResourceSpec } from "./resource-spec.ts";

const resources = new Map<string, ResourceSpec>();
const extraPaths: Record<string, unknown> = {};

export function registerResource(spec: ResourceSpec) {
  resources.set(spec.name, spec);
}

/** For endpoints beyond CRUD (e.g. lead transitions), described next to their handlers. */
export function registerPath(path: string, item: unknown) {
  extraPaths[path] = item;
}

const schema = (s: z.ZodType) => z.toJSONSchema(s, { target: "openapi-3.0", io: "input", unrepresentable: "any" });
const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` });
const errorResponse = (description: string) => ({
  description,
  content: { "application/json": { schema: ref("Error") } },
});

function listParameters(spec: ResourceSpec) {
  return [
    ...Object.entries(spec.filters).map(([name, filter]) => ({
      name,
      in: "query",
      required: false,
      schema: { type: "string" },
      description: filter.kind === "search"
        ? "Full-text search with prefix matching."
        : filter.kind === "in" || filter.kind === "tags"
        ? "Comma-separated values."
        : `Filter (${filter.kind}).`,
    })),
    {
      name: "sort",
      in: "query",
      schema: { type: "string", enum: Object.keys(spec.sorts).flatMap((k) => [k, `-${k}`]) },
      description: `Default ${spec.defaultSort}.`,
    },
    { name: "cursor", in: "query", schema: { type: "string" }, description: "next_cursor of the previous page." },
    { name: "limit", in: "query", schema: { type: "integer", minimum: 1, maximum: 200, default: 50 } },
  ];
}

function resourcePaths(spec: ResourceSpec) {
  const name = spec.singular.replace(/\s/g, "");
  const one = { content: { "application/json": { schema: { type: "object", properties: { data: ref(name) } } } } };
  const idParam = { name: "id", in: "path", required: true, schema: { type: "string", format: "uuid" } };
  const common = {
    "401": errorResponse("Not signed in."),
    "404": errorResponse(`${spec.singular} not found (also for other workspaces' records).`),
  };
  return {
    [`/api/v1/${spec.name}`]: {
      get: {
        tags: [spec.name],
        summary: `List ${spec.name}`,
        parameters: listParameters(spec),
        responses: {
          "200": {
            description: "A page of records.",
            content: {
              "application/json": {
                schema: {
                  type: "object",
                  properties: { data: { type: "array", items: ref(name) }, next_cursor: { type: ["string", "null"] } },
                },
              },
            },
          },
          "422": errorResponse("A filter or sort is not valid."),
          ...common,
        },
      },
      post: {
        tags: [spec.name],
        summary: `Create a ${spec.singular.toLowerCase()}`,
        requestBody: { required: true, content: { "application/json": { schema: ref(`${name}Create`) } } },
        responses: { "201": { description: "Created.", ...one }, "422": errorResponse("Invalid fields."), ...common },
      },
    },
    [`/api/v1/${spec.name}/{id}`]: {
      parameters: [idParam],
      get: {
        tags: [spec.name],
        summary: `Get a ${spec.singular.toLowerCase()}`,
        responses: { "200": { description: "The record.", ...one }, ...common },
      },
      patch: {
        tags: [spec.name],
        summary: `Update a ${spec.singular.toLowerCase()}`,
        requestBody: { required: true, content: { "application/json": { schema: ref(`${name}Update`) } } },
        responses: { "200": { description: "Updated.", ...one }, "422": errorResponse("Invalid fields."), ...common },
      },
      delete: {
        tags: [spec.name],
        summary: `Delete a ${spec.singular.toLowerCase()} (restorable)`,
        responses: { "200": { description: "Deleted." }, ...common },
      },
    },
    [`/api/v1/${spec.name}/{id}/restore`]: {
      parameters: [idParam],
      post: {
        tags: [spec.name],
        summary: "Undo a delete",
        responses: { "200": { description: "Restored.", ...one }, ...common },
      },
    },
  };
}

export function openApiDocument() {
  const schemas: Record<string, unknown> = {
    Error: {
      type: "object",
      properties: {
        error: { type: "object", properties: { code: { type: "string" }, message: { type: "string" } } },
      },
    },
  };
  let paths: Record<string, unknown> = {};
  for (const spec of resources.values()) {
    const name = spec.singular.replace(/\s/g, "");
    schemas[name] = schema(spec.record);
    schemas[`${name}Create`] = schema(spec.create);
    schemas[`${name}Update`] = schema(spec.update);
    paths = { ...paths, ...resourcePaths(spec) };
  }
  return {
    openapi: "3.1.0",
    info: {
      title: "Leadly API",
      version: "1.0.0",
      description:
        "Authenticate with the session cookie or Authorization: Bearer <access token from /auth/v1/token>. " +
        "Cookie-authenticated writes need the x-csrf-token header.",
    },
    servers: [{ url: "/" }],
    components: {
      schemas,
      securitySchemes: { bearer: { type: "http", scheme: "bearer", bearerFormat: "JWT" } },
    },
    security: [{ bearer: [] }],
    paths: { ...paths, ...extraPaths },
  };
}
