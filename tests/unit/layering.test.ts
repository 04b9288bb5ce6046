// The layers of the code base, checked over the real module graph (`deno info --json`), so a stray import
// fails here instead of quietly tangling the code:
//  - lib/ is the domain, the database layer and the glue: it never imports the edges that use it
//    (routes/, islands/, components/, realtime/, app/);
//  - no import cycle between folders of lib/ (each file directly in lib/ counts as its own folder);
//  - an island's browser bundle never reaches the database layer or server-only packages.
import { assertEquals } from "../helpers/assert.ts";

const ROOT = new URL("../../", import.meta.url).href;
const EDGES = ["routes/", "islands/", "components/", "realtime/", "app/"];
const SERVER_ONLY = [/^lib\/db\//, /^npm:\/?hono@/, /^npm:\/?postgres@/, /^npm:\/?@electric-sql\/pglite@/, /^node:/];

interface Dependency {
  code?: { specifier: string };
  type?: { specifier: string };
}
interface Graph {
  modules: { specifier: string; dependencies?: Dependency[] }[];
  redirects: Record<string, string>;
}

async function moduleGraph(): Promise<Graph> {
  const output = await new Deno.Command(Deno.execPath(), {
    args: ["info", "--json", "main.ts"],
    cwd: new URL(ROOT).pathname,
    stdout: "piped",
    stderr: "inherit",
  }).output();
  return JSON.parse(new TextDecoder().decode(output.stdout));
}

const graph = await moduleGraph();
const local = (specifier: string) => specifier.startsWith(ROOT) ? specifier.slice(ROOT.length) : specifier;

/** path -> [imported path, type-only?] for every module of the project and its packages. */
const imports = new Map<string, { target: string; typeOnly: boolean }[]>();
for (const module of graph.modules) {
  const list = (module.dependencies ?? []).flatMap((dependency) => {
    const target = dependency.code?.specifier ?? dependency.type?.specifier;
    if (!target) return [];
    const resolved = graph.redirects[target] ?? target;
    return [{ target: local(resolved), typeOnly: !dependency.code }];
  });
  imports.set(local(module.specifier), list);
}
const projectFiles = [...imports.keys()].filter((path) => !path.includes(":"));

Deno.test("lib/ imports none of the edges that use it", () => {
  const offending = projectFiles.filter((path) => path.startsWith("lib/")).flatMap((path) =>
    imports.get(path)!.filter(({ target }) => EDGES.some((edge) => target.startsWith(edge)))
      .map(({ target }) => `${path} -> ${target}`)
  );
  assertEquals(offending, []);
});

Deno.test("no import cycle between folders of lib/", () => {
  const folderOf = (path: string) => {
    const parts = path.split("/");
    return parts.length > 2 ? `${parts[0]}/${parts[1]}` : path;
  };
  const edges = new Map<string, Set<string>>();
  for (const path of projectFiles.filter((p) => p.startsWith("lib/"))) {
    for (const { target } of imports.get(path)!) {
      if (!target.startsWith("lib/") || folderOf(target) === folderOf(path)) continue;
      const from = edges.get(folderOf(path)) ?? new Set();
      from.add(folderOf(target));
      edges.set(folderOf(path), from);
    }
  }
  assertEquals(findCycles(edges), []);
});

Deno.test("islands' bundles never reach the database layer or server-only packages", () => {
  const offending: string[] = [];
  for (const island of projectFiles.filter((path) => path.startsWith("islands/"))) {
    const seen = new Set<string>();
    const stack = [{ path: island, via: island }];
    while (stack.length > 0) {
      const { path, via } = stack.pop()!;
      if (seen.has(path)) continue;
      seen.add(path);
      if (SERVER_ONLY.some((pattern) => pattern.test(path))) {
        offending.push(`${island} reaches ${path} (through ${via})`);
        continue;
      }
      // Type-only imports are erased from the bundle; npm packages' own graphs are not walked here.
      if (path.startsWith("npm:")) continue;
      for (const { target, typeOnly } of imports.get(path) ?? []) {
        if (!typeOnly) stack.push({ path: target, via: path });
      }
    }
  }
  assertEquals(offending, []);
});

/** Every strongly connected group of more than one folder, as "a -> b -> ... " lists. */
function findCycles(edges: Map<string, Set<string>>): string[][] {
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const groups: string[][] = [];
  let counter = 0;
  const visit = (node: string) => {
    index.set(node, counter);
    low.set(node, counter++);
    stack.push(node);
    onStack.add(node);
    for (const next of edges.get(node) ?? []) {
      if (!index.has(next)) {
        visit(next);
        low.set(node, Math.min(low.get(node)!, low.get(next)!));
      } else if (onStack.has(next)) low.set(node, Math.min(low.get(node)!, index.get(next)!));
    }
    if (low.get(node) === index.get(node)) {
      const group: string[] = [];
      let member: string;
      do {
        member = stack.pop()!;
        onStack.delete(member);
        group.push(member);
      } while (member !== node);
      if (group.length > 1) groups.push(group.sort());
    }
  };
  for (const node of edges.keys()) if (!index.has(node)) visit(node);
  return groups;
}
