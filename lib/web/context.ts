// The `ctx` every middleware and handler receives, and the PageResponse `ctx.render()` returns.
import type { Context as HonoContext } from "hono";

const PAGE = Symbol("leadly.page");

/** "Render this route's page with `data`": returned by handlers, turned into HTML by the glue. */
export class PageResponse<Data> {
  readonly [PAGE] = true;
  constructor(
    readonly data: Data,
    readonly status: number = 200,
    readonly headers: HeadersInit | undefined = undefined,
  ) {}
}

export function isPageResponse(value: unknown): value is PageResponse<unknown> {
  return typeof value === "object" && value !== null && PAGE in value;
}

/**
 * Whether a handler or middleware returned a Response. @hono/node-server swaps `globalThis.Response` for a
 * lighter class whose prototype chain leads to the runtime's own, but `Response.json()`, `Response.redirect()`
 * and `fetch()` still make the runtime's: `instanceof Response` alone refused those (an unmatched API URL
 * answered 500 instead of 404), so both count.
 */
export function isResponse(value: unknown): value is Response {
  if (value instanceof Response) return true;
  let ctor: unknown = Object.getPrototypeOf(Response);
  while (typeof ctor === "function" && ctor !== Function.prototype) {
    if (typeof ctor.prototype === "object" && value instanceof ctor) return true;
    ctor = Object.getPrototypeOf(ctor);
  }
  return false;
}

export interface RenderInit {
  status?: number;
  headers?: HeadersInit;
}

export interface Ctx<State> {
  req: Request;
  url: URL;
  params: Record<string, string>;
  /** One object per request, shared by every middleware and the page (holds `nonce`). */
  state: State;
  /** Ask for the route's page to be rendered with `data`. */
  render<Data = undefined>(data?: Data, init?: RenderInit): PageResponse<Data>;
  /** A redirect; 303 by default so a POSTed form is followed by a GET. */
  redirect(location: string, status?: number): Response;
  /** Runs the rest of the chain (next middleware, then the route) and returns its Response. */
  next(): Promise<Response>;
  /** The underlying Hono context, for cookies, env and anything else Hono offers. */
  hono: HonoContext;
}

export interface CtxInit<State> {
  hono: HonoContext;
  state: State;
  params: Record<string, string>;
  next: () => Promise<Response>;
}

export function createCtx<State>(init: CtxInit<State>): Ctx<State> {
  const req = init.hono.req.raw;
  return {
    req,
    url: new URL(req.url),
    params: init.params,
    state: init.state,
    hono: init.hono,
    next: init.next,
    render: (data, options) => new PageResponse(data as never, options?.status, options?.headers),
    redirect: (location, status = 303) => new Response(null, { status, headers: { location } }),
  };
}
