// createDefine only carries types; these checks fail `deno check` if the inference breaks.
import { assertEquals, assertStrictEquals } from "../../helpers/assert.ts";
import { createDefine } from "../../../lib/web/define.ts";
import type { PageData } from "../../../lib/web/types.ts";

interface State {
  nonce: string;
  userId: string | null;
}
const define = createDefine<State>();

type Equal<A, B> = (<T>() => T extends A ? 1 : 2) extends (<T>() => T extends B ? 1 : 2) ? true : false;
const expectType = <T extends true>(_proof?: T) => {};

Deno.test("define: handlers, page and middleware are returned unchanged, with types", () => {
  const handler = define.handlers({
    GET: (ctx) => ctx.render({ teams: ["a"], user: ctx.state.userId }),
    async POST(ctx) {
      await Promise.resolve();
      return ctx.redirect("/");
    },
  });
  expectType<Equal<PageData<typeof handler>, { teams: string[]; user: string | null }>>(true);

  const single = define.handlers((ctx) => ctx.render(ctx.params.id));
  expectType<Equal<PageData<typeof single>, string>>(true);
  expectType<Equal<PageData<unknown>, undefined>>(true);

  const page = define.page<typeof handler>(({ data, state }) => `${data.teams.length}:${state.nonce}`);
  const middleware = define.middleware(async (ctx) => await ctx.next());
  const chain = define.middleware([middleware, middleware]);
  assertStrictEquals(define.middleware(middleware), middleware);
  assertEquals(chain.length, 2);
  assertStrictEquals(define.page<typeof handler>(page), page);
});
