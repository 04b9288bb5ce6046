// Runs middlewares outer to inner, then the route: each gets its own ctx whose next() calls the
// one after it, so a middleware can work both before and after the rest of the chain. The route's
// own ctx.next() means "not mine": it falls through to `fallthrough` (the 404 page).
import type { Context as HonoContext } from "hono";
import { createCtx, type Ctx, isResponse } from "./context.ts";
import type { Middleware } from "./types.ts";

export function runChain<State>(
  hono: HonoContext,
  state: State,
  params: Record<string, string>,
  middlewares: Middleware<State>[],
  last: (ctx: Ctx<State>) => Promise<Response>,
  fallthrough: () => Promise<Response>,
): Promise<Response> {
  const step = (index: number): Promise<Response> => {
    if (index > middlewares.length) return fallthrough();
    let called = false;
    const next = () => {
      if (called) throw new Error("ctx.next() was called twice in one middleware");
      called = true;
      return step(index + 1);
    };
    const ctx = createCtx({ hono, state, params, next });
    const run = index < middlewares.length ? middlewares[index] : last;
    return Promise.resolve(run(ctx)).then((response) => {
      if (!isResponse(response)) {
        throw new TypeError("A middleware must return a Response (usually `return await ctx.next()`)");
      }
      return response;
    });
  };
  return step(0);
}
