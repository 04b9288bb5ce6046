// `createDefine<State>()` gives route files typed helpers, as Fresh's `createDefine` does:
//   export const handler = define.handlers({ GET(ctx) { return ctx.render({ n: 1 }); } });
//   export default define.page<typeof handler>(function Page({ data }) { ... data.n ... });
// They return their argument unchanged; their only job is to carry the types.
import type { VNode } from "preact";
import type { HandlerByMethod, HandlerFn, Middleware, PageData, PageProps } from "./types.ts";

export interface Define<State> {
  // deno-lint-ignore no-explicit-any
  handlers<H extends HandlerFn<any, State> | HandlerByMethod<any, State>>(handlers: H): H;
  page<Handler = unknown>(
    page: (props: PageProps<PageData<Handler>, State>) => VNode | string | null,
  ): (props: PageProps<PageData<Handler>, State>) => VNode | string | null;
  middleware<M extends Middleware<State> | Middleware<State>[]>(middleware: M): M;
}

export function createDefine<State>(): Define<State> {
  return {
    handlers: (handlers) => handlers,
    page: (page) => page,
    middleware: (middleware) => middleware,
  };
}
