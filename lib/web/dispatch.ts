// Turns route table entries into Hono handlers: picks the handler for the method, runs the
// middleware chain, renders `ctx.render()` results with _app and layouts, and turns thrown errors
// and unmatched URLs into _error / _404 pages (HTML) or `{ error: { code, message } }` (JSON).
import type { Context as HonoContext, ErrorHandler, Handler, MiddlewareHandler } from "hono";
import { HTTPException } from "hono/http-exception";
import { type Ctx, isPageResponse, isResponse } from "./context.ts";
import { runChain } from "./chain.ts";
import { describeError, type ErrorInfo, errorJson, notFoundInfo, wantsJson } from "./errors.ts";
import { renderHtml } from "./render.tsx";
import type { RouteEntry, RouteTable } from "./route-table.ts";
import type { IslandBundle } from "./bundle.ts";
import type { HandlerFn, Method, PageComponent, RouteModule } from "./types.ts";
import { DefaultErrorPage, DefaultNotFoundPage } from "./builtin-pages.tsx";

const METHODS: Method[] = ["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"];

export interface DispatchDeps {
  table: RouteTable;
  /** Resolves once islands are bundled (null when the project has none). */
  bundle: () => Promise<IslandBundle | null>;
  logError: (error: unknown, request: Request) => void;
}

/** The per-request state, which the first middleware of the web app puts on the Hono context. */
// deno-lint-ignore no-explicit-any
export function stateOf<State = any>(c: HonoContext): State & { nonce: string } {
  return c.get("state" as never);
}

export class Dispatcher {
  constructor(private readonly deps: DispatchDeps) {}

  /** Handler for a route file (page and/or `handler`). */
  route(entry: RouteEntry): Handler {
    return async (c) => {
      const state = stateOf(c);
      const params = c.req.param() as Record<string, string>;
      try {
        const notFound = () => this.renderNotFound(c, entry.file.folder);
        return await runChain(c, state, params, entry.middlewares, (ctx) => this.#handle(entry, ctx), notFound);
      } catch (error) {
        return await this.renderError(error, entry.file.folder, c, params);
      }
    };
  }

  /** Runs a mounted sub-app's folder middlewares around it; the sub-app itself answers. */
  mount(entry: RouteEntry): MiddlewareHandler {
    return async (c, next) => {
      const params = c.req.param() as Record<string, string>;
      const passOn = async () => {
        await next();
        return c.res;
      };
      return await runChain(c, stateOf(c), params, entry.middlewares, passOn, passOn);
    };
  }

  /** Last handler of the app: no route matched. Runs the middlewares of the URL's folders first. */
  notFound(): Handler {
    return async (c) => {
      const redirect = trailingSlashRedirect(c.req.raw);
      if (redirect) return redirect;
      const folder = this.deps.table.folderForPath(new URL(c.req.url).pathname);
      const middlewares = this.deps.table.middlewaresFor(folder);
      try {
        const render = () => this.renderNotFound(c, folder);
        return await runChain(c, stateOf(c), {}, middlewares, render, render);
      } catch (error) {
        return await this.renderError(error, folder, c, {});
      }
    };
  }

  /** For errors escaping everything else (e.g. from mounted sub-apps). */
  onError(): ErrorHandler {
    return (error, c) => this.renderError(error, [], c, {});
  }

  async #handle(entry: RouteEntry, ctx: Ctx<unknown>): Promise<Response> {
    const handler = pickHandler(entry.module, ctx.req.method);
    if (!handler) return this.#methodNotAllowed(entry, ctx);
    const result = await handler(ctx);
    if (isResponse(result)) return result;
    if (!isPageResponse(result)) {
      throw new TypeError(`${entry.file.key}: a handler must return a Response or ctx.render()`);
    }
    if (typeof entry.module.default !== "function") {
      throw new TypeError(`${entry.file.key} called ctx.render() but has no page (default export)`);
    }
    const components = [
      ...this.deps.table.wrappersFor(entry.file.folder, entry.module.config),
      entry.module.default as PageComponent,
    ];
    return this.#renderHtml(ctx.hono, components, {
      data: result.data,
      params: ctx.params,
      status: result.status,
      headers: result.headers,
    });
  }

  #methodNotAllowed(entry: RouteEntry, ctx: Ctx<unknown>): Response {
    const allowed = METHODS.filter((method) => pickHandler(entry.module, method));
    throw new HTTPException(405, {
      message: `${ctx.req.method} is not allowed here`,
      cause: { allow: allowed.join(", ") },
    });
  }

  async renderError(error: unknown, folder: string[], c: HonoContext, params: Record<string, string>) {
    const info = describeError(error);
    if (!info.expected) this.deps.logError(error, c.req.raw);
    if (info.response) return info.response;
    const headers = allowHeader(error);
    if (wantsJson(c.req.raw)) return errorJson(info, headers);
    const errorPage = this.deps.table.nearest("error", folder);
    const scope = errorPage?.file.folder ?? [];
    const page = (errorPage?.module.default ?? DefaultErrorPage) as PageComponent;
    return await this.#renderFallback(c, info, scope, page, { params, error, headers });
  }

  async renderNotFound(c: HonoContext, folder: string[]): Promise<Response> {
    const info = notFoundInfo();
    if (wantsJson(c.req.raw)) return errorJson(info);
    const notFoundPage = this.deps.table.nearest("notFound", folder);
    const scope = notFoundPage?.file.folder ?? [];
    const page = (notFoundPage?.module.default ?? DefaultNotFoundPage) as PageComponent;
    return await this.#renderFallback(c, info, scope, page, { params: {} });
  }

  /** Renders an error or 404 page; if that fails too, a plain-text answer still goes out. */
  async #renderFallback(
    c: HonoContext,
    info: ErrorInfo,
    scope: string[],
    page: PageComponent,
    extra: { params: Record<string, string>; error?: unknown; headers?: HeadersInit },
  ): Promise<Response> {
    try {
      const components = [...this.deps.table.wrappersFor(scope), page];
      return await this.#renderHtml(c, components, { data: undefined, status: info.status, ...extra });
    } catch (renderError) {
      this.deps.logError(renderError, c.req.raw);
      return new Response(info.message, {
        status: info.status,
        headers: { "content-type": "text/plain; charset=utf-8" },
      });
    }
  }

  async #renderHtml(
    c: HonoContext,
    components: PageComponent[],
    page: { data: unknown; params: Record<string, string>; status: number; error?: unknown; headers?: HeadersInit },
  ): Promise<Response> {
    const state = stateOf(c);
    const bundle = await this.deps.bundle();
    return renderHtml({
      components,
      nonce: state.nonce,
      bundle,
      headers: page.headers,
      props: {
        data: page.data,
        url: new URL(c.req.url),
        params: page.params,
        state,
        status: page.status,
        error: page.error,
      },
    });
  }
}

// deno-lint-ignore no-explicit-any
type AnyHandler = HandlerFn<any, any>;

/** The function answering `method`, or null (405). A page without handler answers GET/HEAD. */
function pickHandler(module: RouteModule, method: string): AnyHandler | null {
  const handler = module.handler;
  if (typeof handler === "function") return handler as AnyHandler;
  if (handler && typeof handler === "object") {
    const byMethod = handler as Record<string, AnyHandler | undefined>;
    return byMethod[method] ?? (method === "HEAD" ? byMethod.GET : undefined) ?? null;
  }
  const isRead = method === "GET" || method === "HEAD";
  return module.default && isRead ? (ctx) => ctx.render() : null;
}

function allowHeader(error: unknown): HeadersInit | undefined {
  const allow = (error instanceof HTTPException ? error.cause : undefined) as { allow?: string } | undefined;
  return allow?.allow !== undefined ? { allow: allow.allow } : undefined;
}

/** "/teams/" has no route of its own: send GETs to "/teams" (308 keeps the method). */
function trailingSlashRedirect(request: Request): Response | null {
  const url = new URL(request.url);
  const isRead = request.method === "GET" || request.method === "HEAD";
  if (!isRead || url.pathname === "/" || !url.pathname.endsWith("/")) return null;
  const location = url.pathname.replace(/\/+$/, "") + url.search;
  // "//evil.com/" must not turn into a protocol-relative redirect to another site.
  if (location.startsWith("//") || location === "") return null;
  return new Response(null, { status: 308, headers: { location } });
}
