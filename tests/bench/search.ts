// search: full-text prefix search over the large workspace, under RLS.
import { listRecords } from "../../lib/records/records.ts";
import { contactsSpec } from "../../lib/records/contacts.ts";
import { largeWorkspace, sample } from "./large.ts";
import { type BenchResult, percentile, result } from "./results.ts";

const QUERIES = ["ada", "turing 12", "hopper", "person99", "grace lov", "ken", "radia perl", "analyst"];

export async function search(): Promise<BenchResult[]> {
  const { db, claims, teamId } = await largeWorkspace();
  const times = await sample(
    200,
    (i) =>
      listRecords(db, claims, teamId, contactsSpec, {
        q: QUERIES[i % QUERIES.length],
        limit: "10",
        sort: "-created_at",
      }),
  );
  return [
    result("search", "p50_ms", percentile(times, 50), "ms", 30),
    result("search", "p99_ms", percentile(times, 99), "ms", 100),
  ];
}
