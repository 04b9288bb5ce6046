// What "Write with AI" on a list selection accepts (lib/ai/bulk/input.ts): one form for all, contacts or leads,
// 1 to 200 ids, and the names shown in the review list.
import { assertEquals, assertMatch } from "../helpers/assert.ts";
import { bulkWriteInput, MAX_BULK_RECORDS, recordName, settingsOf } from "../../lib/ai/bulk/input.ts";

const id = () => crypto.randomUUID();
const base = { recordType: "contact", channel: "email", goal: "introduce" };

Deno.test("a selection with the writer's form: defaults filled, settings kept apart from the ids", () => {
  const parsed = bulkWriteInput.parse({ ...base, ids: [id(), id()] });
  assertEquals([parsed.variants, parsed.tone, parsed.length, parsed.language], [2, "friendly", "medium", "en"]);
  const settings = settingsOf(parsed);
  assertEquals("ids" in settings || "recordType" in settings, false);
  assertEquals(settings.channel, "email");
});

Deno.test("refused: deals, no ids, too many, bad ids, a bad choice", () => {
  const message = (input: unknown) => bulkWriteInput.safeParse(input).error?.issues[0].message ?? "";
  assertMatch(message({ ...base, recordType: "deal", ids: [id()] }), /contacts or leads/);
  assertMatch(message({ ...base, ids: [] }), /at least one/);
  assertMatch(message({ ...base, ids: Array.from({ length: MAX_BULK_RECORDS + 1 }, id) }), /at most 200/);
  assertMatch(message({ ...base, ids: ["nope"] }), /not valid/);
  assertMatch(message({ ...base, ids: [id()], channel: "fax" }), /Choose a channel/);
  assertMatch(message({ ...base, ids: [id()], variants: 5 }), /2 or 3/);
});

Deno.test("names in the review list", () => {
  assertEquals(recordName("contact", { first_name: "Anna", last_name: "Berg" }), "Anna Berg");
  assertEquals(recordName("contact", { first_name: "Anna", last_name: null }), "Anna");
  assertEquals(recordName("contact", {}), "Unnamed contact");
  assertEquals(recordName("lead", { business_name: " Nordwind GmbH " }), "Nordwind GmbH");
  assertEquals(recordName("lead", { business_name: "" }), "Unnamed lead");
});
