// The OpenAPI document is built from the routes themselves: every /api/v1 route is in it, with an operationId,
// its path parameters declared, OpenAPI 3.1 schemas (no 3.0 `nullable`), and Redocly's recommended rules find
// no error in it. Built in-process (no server): the same function /api/v1/openapi.json answers with.
import { assert, assertEquals } from "../helpers/assert.ts";
import manifest from "../../routes.gen.ts";
import { apiModules, openApiDocument } from "../../utils/api/openapi.ts";
import { apiOperations, pathParams } from "./everything_helpers.ts";

/** Pinned: a new Redocly release must not turn the suite red on its own. */
const REDOCLY_CLI = "@redocly/cli@2.77.0";

const doc = openApiDocument(apiModules(manifest.routes));
type Op = { operationId?: string; parameters?: { name: string; in: string }[]; requestBody?: unknown };
const operationOf = (method: string, path: string) =>
  (doc.paths[path] as Record<string, Op> | undefined)?.[method.toLowerCase()];

Deno.test("every /api/v1 route is in the document, with an operationId and its path parameters", () => {
  const routes = apiOperations();
  assert(routes.length > 150, `only ${routes.length} routes found`);
  const missing = routes.filter((r) => !operationOf(r.method, r.path)).map((r) => `${r.method} ${r.path}`);
  assertEquals(missing, [], "routes missing from the document");
  for (const path of ["/api/v1/pipelines", "/api/v1/pipelines/{id}/stages/{stageId}", "/api/v1/exchange-rates"]) {
    assert(doc.paths[path], `${path} is documented`);
  }
  const ids = new Set<string>();
  for (const [path, item] of Object.entries(doc.paths)) {
    for (const [method, op] of Object.entries(item as Record<string, Op>)) {
      assert(op.operationId, `${method} ${path} has an operationId`);
      assert(!ids.has(op.operationId), `operationId ${op.operationId} is unique`);
      ids.add(op.operationId);
      const declared = (op.parameters ?? []).filter((p) => p.in === "path").map((p) => p.name).sort();
      assertEquals(declared, pathParams(path).sort(), `${method} ${path} declares its path parameters`);
    }
  }
});

Deno.test("the document is OpenAPI 3.1: request bodies come from the validators' zod schemas, no `nullable`", () => {
  assertEquals(doc.openapi, "3.1.0");
  assert(!JSON.stringify(doc).includes('"nullable"'), "no OpenAPI 3.0 nullable");
  // jsonInput(schema) of a route is its request body: a named schema, and an inline one.
  assert(operationOf("POST", "/api/v1/contacts")?.requestBody, "POST /contacts has a body");
  const move = operationOf("POST", "/api/v1/deals/{id}/move")?.requestBody as {
    content: { "application/json": { schema: { properties: Record<string, unknown>; required: string[] } } };
  };
  assertEquals(move.content["application/json"].schema.required, ["stage_id"]);
  assert(move.content["application/json"].schema.properties.win_reason);
});

Deno.test(`Redocly (${REDOCLY_CLI}) finds no error in the document`, async () => {
  const dir = await Deno.makeTempDir();
  try {
    const file = `${dir}/openapi.json`;
    await Deno.writeTextFile(file, JSON.stringify(doc));
    const { stdout, stderr } = await new Deno.Command("npx", {
      args: ["--yes", REDOCLY_CLI, "lint", file, "--format=json"],
      stdout: "piped",
      stderr: "piped",
      env: { NO_COLOR: "1", REDOCLY_TELEMETRY: "off", REDOCLY_SUPPRESS_UPDATE_NOTICE: "true" },
    }).output();
    const text = new TextDecoder().decode(stdout);
    const start = text.indexOf("{");
    assert(start >= 0, `no lint report: ${text.slice(0, 500)} ${new TextDecoder().decode(stderr).slice(-500)}`);
    const report = JSON.parse(text.slice(start)) as {
      totals: { errors: number; warnings: number };
      problems: { ruleId: string; severity: string; message: string; location: { pointer: string }[] }[];
    };
    const errors = report.problems.filter((p) => p.severity === "error");
    console.log(`redocly: ${report.totals.errors} errors, ${report.totals.warnings} warnings`);
    assertEquals(
      errors.map((p) => `${p.ruleId}: ${p.message} at ${p.location[0]?.pointer}`),
      [],
      "Redocly errors",
    );
    assertEquals(report.totals.errors, 0);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
