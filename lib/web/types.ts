// The shapes route files, islands and the generated manifest share. Kept apart from the code that
// uses them so a route author can read what is expected of a module in one place.
import type { ComponentType, VNode } from "preact";
import type { Hono } from "hono";
import type { Ctx, PageResponse } from "./context.ts";

export type Method = "GET" | "HEAD" | "POST" | "PUT" | "PATCH" | "DELETE" | "OPTIONS";

export type HandlerResult<Data> = Response | PageResponse<Data>;

/** One request handler: a Response, or `ctx.render(data)` to render the route's page. */
export type HandlerFn<Data, State> = (
  ctx: Ctx<State>,
) => HandlerResult<Data> | Promise<HandlerResult<Data>>;

export type HandlerByMethod<Data, State> = Partial<Record<Method, HandlerFn<Data, State>>>;

/** What `export const handler` holds in a route file: one function for all methods, or per method. */
export type RouteHandler<Data, State> = HandlerFn<Data, State> | HandlerByMethod<Data, State>;

/** A `_middleware.ts` handler: usually does work around `await ctx.next()`. */
export type Middleware<State> = (ctx: Ctx<State>) => Response | Promise<Response>;

/** The data a page receives, taken from what its handler passes to `ctx.render()`. */
export type PageData<Handler> = unknown extends Handler ? undefined
  : Handler extends (...args: never[]) => infer Result ? RenderedData<Result>
  : Handler extends Record<string, unknown>
    ? { [M in keyof Handler]: Handler[M] extends (...args: never[]) => infer R ? RenderedData<R> : never }[
      keyof Handler
    ]
  : never;

type RenderedData<Result> = Awaited<Result> extends infer R ? R extends PageResponse<infer D> ? D : never
  : never;

export interface PageProps<Data = undefined, State = Record<string, unknown>> {
  data: Data;
  url: URL;
  params: Record<string, string>;
  state: State;
  /** In _app and _layout: the inner page (or inner layout) to render where the content goes. */
  Component: ComponentType;
  /** In _error: what was thrown. */
  error?: unknown;
  /** The HTTP status the response will have (useful in _error and _404). */
  status: number;
}

// deno-lint-ignore no-explicit-any
export type AnyProps = PageProps<any, any>;

export type PageComponent = (props: AnyProps) => VNode | string | null;

export interface RouteConfig {
  /** In a _layout or page: ignore layouts of enclosing folders. */
  skipInheritedLayouts?: boolean;
  /** In a page: do not wrap in _app (the page renders the whole document). */
  skipAppWrapper?: boolean;
}

/** Any module under routes/, as seen through the manifest (all exports optional). */
export interface RouteModule {
  default?: unknown;
  handler?: unknown;
  config?: RouteConfig;
  /** A Hono sub-app mounted at the route's path (JSON APIs). */
  // deno-lint-ignore no-explicit-any
  app?: Hono<any, any, any>;
}

export interface IslandModule {
  default?: unknown;
}

/** The default export of routes.gen.ts. */
export interface Manifest {
  routes: Record<string, RouteModule>;
  islands: Record<string, IslandModule>;
  /** import.meta.url of routes.gen.ts: the project directory is its folder. */
  baseUrl: string;
}
