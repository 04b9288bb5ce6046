// The API's OpenAPI document, built once per process from the route manifest (the routes do not change while
// it runs): served as JSON by openapi.json.ts and rendered as a page by docs.tsx.
import manifest from "../../../routes.gen.ts";
import { apiModules, type OpenApiDocument, openApiDocument } from "../../../utils/api/openapi.ts";

let built: OpenApiDocument | null = null;

export function apiDocument(): OpenApiDocument {
  built ??= openApiDocument(apiModules(manifest.routes));
  return built;
}
