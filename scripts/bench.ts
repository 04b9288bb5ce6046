// `deno task bench [name...]`: runs the benchmarks (all, or those named), prints a table and writes
// .bench/results.json as ARCHITECTURE.md §8 describes.
import { coldStart } from "../tests/bench/cold_start.ts";
import { pageJs } from "../tests/bench/page_js.ts";
import { contactsList } from "../tests/bench/contacts_list.ts";
import { search } from "../tests/bench/search.ts";
import { kanbanLoad } from "../tests/bench/kanban_load.ts";
import { csvImport } from "../tests/bench/csv_import.ts";
import { chatFanout } from "../tests/bench/chat_fanout.ts";
import { chatFanoutCluster } from "../tests/bench/chat_fanout_cluster.ts";
import { chatSend } from "../tests/bench/chat_send.ts";
import { coedit } from "../tests/bench/coedit.ts";
import { semanticSearchBench } from "../tests/bench/semantic_search.ts";
import { dashboards } from "../tests/bench/dashboards.ts";
import { replyClassifier } from "../tests/bench/reply_classifier.ts";
import { enrichList } from "../tests/bench/enrich_list.ts";
import { closeLargeWorkspace } from "../tests/bench/large.ts";
import type { BenchResult } from "../tests/bench/results.ts";

const BENCHES: Record<string, () => Promise<BenchResult[]>> = {
  cold_start: coldStart,
  page_js: pageJs,
  contacts_list: contactsList,
  search,
  kanban_load: kanbanLoad,
  csv_import: csvImport,
  chat_fanout: chatFanout,
  chat_fanout_cluster: chatFanoutCluster,
  chat_send: chatSend,
  coedit,
  dashboards,
  semantic_search: semanticSearchBench,
  reply_classifier: replyClassifier,
  enrich_list: enrichList,
};

const wanted = Deno.args.length > 0 ? Deno.args : Object.keys(BENCHES);
const unknown = wanted.filter((name) => !(name in BENCHES));
if (unknown.length > 0) {
  console.error(`Unknown benchmark(s): ${unknown.join(", ")}. Known: ${Object.keys(BENCHES).join(", ")}`);
  Deno.exit(2);
}

const file = new URL("../.bench/results.json", import.meta.url);
// Keep earlier figures of benchmarks not run this time, so one can re-run a single bench.
const previous: BenchResult[] = await Deno.readTextFile(file).then(JSON.parse).catch(() => []);
const fresh: BenchResult[] = [];
for (const name of wanted) {
  console.log(`running ${name}…`);
  fresh.push(...await BENCHES[name]());
}
await closeLargeWorkspace();
const all = [...previous.filter((r) => !wanted.includes(r.name)), ...fresh];
await Deno.mkdir(new URL("../.bench/", import.meta.url), { recursive: true });
await Deno.writeTextFile(file, JSON.stringify(all, null, 2) + "\n");

console.table(fresh.map((r) => ({ ...r, pass: r.pass === null ? "-" : r.pass ? "yes" : "NO" })));
console.log(`wrote ${file.pathname}`);
