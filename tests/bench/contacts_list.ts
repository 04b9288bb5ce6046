// contacts_list: a page of 50 contacts, one filter and one sort, under RLS, on 100,000 contacts.
import { listRecords } from "../../lib/records/records.ts";
import { contactsSpec } from "../../lib/records/contacts.ts";
import { largeWorkspace, sample } from "./large.ts";
import { type BenchResult, percentile, result } from "./results.ts";

export async function contactsList(): Promise<BenchResult[]> {
  const { db, claims, teamId } = await largeWorkspace();
  const industries = ["Software", "Retail", "Healthcare", "Finance"];
  const cursors = new Map<string, string | null>();
  // Walks forward through each industry's pages so the query is not always the cached first page.
  const times = await sample(200, async (i) => {
    const industry = industries[i % industries.length];
    const page = await listRecords(db, claims, teamId, contactsSpec, {
      industry,
      sort: "last_name",
      limit: "50",
      cursor: cursors.get(industry) ?? undefined,
    });
    if (page.data.length !== 50) throw new Error(`expected 50 rows, got ${page.data.length}`);
    cursors.set(industry, page.next_cursor);
  });
  return [
    result("contacts_list", "p50_ms", percentile(times, 50), "ms", 30),
    result("contacts_list", "p99_ms", percentile(times, 99), "ms", 100),
  ];
}
