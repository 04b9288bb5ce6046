// GET /api/v1/docs: the API reference, rendered on the server from the same OpenAPI document as
// /api/v1/openapi.json (no scripts, nothing from a CDN). Public, like the document.
import { define } from "../../../utils.ts";
import { Head } from "../../../lib/web/head.tsx";
import { asset } from "../../../lib/web/static.ts";
import type { OperationDoc } from "../../../utils/api/describe.ts";
import { type ApiOperation, Operation } from "../../../components/api-docs/Operation.tsx";
import { inlineCode, type SchemaMap } from "../../../components/api-docs/SchemaView.tsx";
import { apiDocument } from "./_document.ts";

const METHODS = ["get", "post", "put", "patch", "delete"];

interface Entry {
  method: string;
  path: string;
  op: ApiOperation;
}

/** Operations by their first tag, in the document's tag order. */
function byTag(paths: Record<string, Record<string, unknown>>): [string, Entry[]][] {
  const groups = new Map<string, Entry[]>();
  for (const [path, item] of Object.entries(paths)) {
    for (const method of METHODS) {
      const op = item[method] as (ApiOperation & { tags?: string[] }) | undefined;
      if (!op) continue;
      const tag = op.tags?.[0] ?? "other";
      groups.set(tag, [...(groups.get(tag) ?? []), { method, path, op }]);
    }
  }
  return [...groups.entries()].sort(([a], [b]) => a.localeCompare(b));
}

export const handler = define.handlers({
  GET: (ctx) => ctx.render(),
});

export const operations: Record<string, OperationDoc> = {
  GET: {
    summary: "This reference, as a web page",
    tags: ["meta"],
    public: true,
    operationId: "getApiReference",
    responses: { 200: "text/html" },
  },
};

export default define.page(function ApiDocs() {
  const doc = apiDocument();
  const groups = byTag(doc.paths);
  const schemas = doc.components.schemas as SchemaMap;
  const count = groups.reduce((n, [, entries]) => n + entries.length, 0);
  return (
    <main class="api-docs" id="main">
      <Head>
        <title>API reference · Leadly</title>
        <link rel="stylesheet" href={asset("/styles/api-docs.css")} />
      </Head>
      <header class="api-docs__head">
        <a class="api-docs__back" href="/settings">← Back to Leadly</a>
        <h1>{doc.info.title} reference</h1>
        <p class="api-docs__intro">{inlineCode(doc.info.description)}</p>
        <p class="api-docs__meta">
          OpenAPI {doc.openapi} · {count} operations · <a href="/api/v1/openapi.json">Download openapi.json</a>
        </p>
      </header>
      <div class="api-docs__layout">
        <nav class="api-docs__nav" aria-label="API sections">
          <details open>
            <summary>Sections</summary>
            <ul>
              {groups.map(([tag, entries]) => (
                <li key={tag}>
                  <a href={`#tag-${tag}`}>{tag}</a> <span class="api-docs__count">{entries.length}</span>
                </li>
              ))}
            </ul>
          </details>
        </nav>
        <div class="api-docs__content">
          {groups.map(([tag, entries]) => (
            <section key={tag} id={`tag-${tag}`} class="api-docs__tag">
              <h2>{tag}</h2>
              {entries.map(({ method, path, op }) => (
                <Operation key={op.operationId} method={method} path={path} op={op} schemas={schemas} />
              ))}
            </section>
          ))}
        </div>
      </div>
    </main>
  );
});
