import { assert, assertEquals, assertStrictEquals, assertThrows } from "../../helpers/assert.ts";
import { computed, type ReadonlySignal, type Signal, signal } from "@preact/signals";
import { deserialize, serialize } from "../../../lib/web/serialize.ts";

const roundTrip = <T>(value: T): T => deserialize(serialize(value)) as T;

Deno.test("serialize: primitives survive at the root and nested", () => {
  const values: unknown[] = ["", "héllo ✓", 0, 42, -3.5, 1e300, true, false, null, Number.MAX_SAFE_INTEGER];
  for (const value of values) {
    assertStrictEquals(roundTrip(value), value);
    assertStrictEquals(roundTrip([value])[0], value);
    assertStrictEquals(roundTrip({ value }).value, value);
  }
});

Deno.test("serialize: values JSON cannot hold (undefined, NaN, ±Infinity, -0)", () => {
  for (const value of [undefined, NaN, Infinity, -Infinity, -0]) {
    assert(Object.is(roundTrip(value), value), `root ${String(value)}`);
    assert(Object.is(roundTrip([value])[0], value), `in array ${String(value)}`);
  }
  const object = roundTrip({ a: undefined, b: 1 });
  assert("a" in object, "an undefined property stays present");
  assertStrictEquals(object.a, undefined);
});

Deno.test("serialize: BigInt", () => {
  const big = 2n ** 100n + 1n;
  assertStrictEquals(roundTrip(big), big);
  assertStrictEquals(roundTrip({ n: -5n }).n, -5n);
});

Deno.test("serialize: arrays keep holes and nesting", () => {
  const sparse = [1, , 3]; // deliberately sparse
  const result = roundTrip(sparse);
  assertEquals(result.length, 3);
  assert(!(1 in result), "the hole stays a hole");
  assertEquals(roundTrip([[1, [2, [3]]], []]), [[1, [2, [3]]], []]);
});

Deno.test("serialize: Date, Map, Set, URL, RegExp", () => {
  const date = new Date("2024-02-29T12:34:56.789Z");
  assertEquals(roundTrip(date).toISOString(), date.toISOString());
  assert(Number.isNaN(roundTrip(new Date("nope")).getTime()), "an invalid date stays invalid");

  const key = { id: 1 };
  const map = roundTrip(new Map<unknown, unknown>([[key, "object key"], ["k", new Set([1, "a"])], [2n, null]]));
  const [[mapKey, mapValue]] = map;
  assertEquals(mapKey, { id: 1 });
  assertEquals(mapValue, "object key");
  assertEquals(map.get("k"), new Set([1, "a"]));
  assertStrictEquals(map.get(2n), null);

  const url = roundTrip(new URL("https://example.com/a?b=1#c"));
  assert(url instanceof URL);
  assertEquals(url.href, "https://example.com/a?b=1#c");

  const regexp = roundTrip(/a+b\/c/gi);
  assert(regexp instanceof RegExp);
  assertEquals([regexp.source, regexp.flags], ["a+b\\/c", "gi"]);
});

Deno.test("serialize: repeated references stay one object", () => {
  const shared = { name: "shared" };
  const result = roundTrip({ a: shared, b: [shared], c: new Map([["x", shared]]) });
  assertStrictEquals(result.a, result.b[0]);
  assertStrictEquals(result.a, result.c.get("x"));
});

Deno.test("serialize: circular references", () => {
  type Node = { name: string; self?: Node; list: unknown[] };
  const node: Node = { name: "n", list: [] };
  node.self = node;
  node.list.push(node, node.list);
  const result = roundTrip(node);
  assertStrictEquals(result.self, result);
  assertStrictEquals(result.list[0], result);
  assertStrictEquals(result.list[1], result.list);

  const map = new Map<string, unknown>();
  map.set("me", map);
  const mapResult = roundTrip(map);
  assertStrictEquals(mapResult.get("me"), mapResult);

  const set = new Set<unknown>();
  set.add(set);
  const setResult = roundTrip(set);
  assert(setResult.has(setResult));
});

Deno.test("serialize: a signal comes back as a signal with its value", () => {
  const count = signal(3);
  const result = roundTrip({ count });
  assertEquals(result.count.value, 3);
  result.count.value = 4; // writable
  assertEquals(result.count.value, 4);
  assertEquals(count.value, 3, "the original is untouched");
});

Deno.test("serialize: one signal shared by two islands is one signal after decoding", () => {
  const shared = signal({ n: 1 });
  const islandsProps = [{ value: shared }, { other: shared, again: [shared] }];
  const [first, second] = roundTrip(islandsProps) as [{ value: Signal }, { other: Signal; again: Signal[] }];
  assertStrictEquals(first.value, second.other);
  assertStrictEquals(first.value, second.again[0]);
  first.value.value = { n: 2 };
  assertEquals(second.other.value, { n: 2 });
});

Deno.test("serialize: a signal holding a cycle back to itself", () => {
  const holder: { sig?: Signal<unknown> } = {};
  holder.sig = signal(holder);
  const result = roundTrip(holder);
  assertStrictEquals(result.sig!.value, result);
});

Deno.test("serialize: a computed becomes a read-only signal of its current value", () => {
  const base = signal(2);
  const double = computed(() => base.value * 2);
  const result = roundTrip({ double }) as { double: ReadonlySignal<number> };
  assertEquals(result.double.value, 4);
  assertThrows(() => {
    (result.double as Signal<number>).value = 1;
  });
});

Deno.test("serialize: output is safe inside a <script> element", () => {
  const nasty = "</script><script>alert(1)</script><!-- \u2028\u2029 & >";
  const text = serialize({ nasty, [nasty]: 1 });
  assert(!text.includes("<"), "no < at all");
  assert(!text.includes(">"), "no > at all");
  assert(!text.includes("\u2028") && !text.includes("\u2029"), "no JS line terminators");
  JSON.parse(text); // still JSON
  const result = deserialize(text) as Record<string, unknown>;
  assertEquals(result.nasty, nasty);
  assertEquals(result[nasty], 1);
});

Deno.test("serialize: a __proto__ key stays data and does not change the prototype", () => {
  const input = JSON.parse('{"__proto__": {"polluted": true}, "ok": 1}');
  const result = roundTrip(input) as Record<string, unknown>;
  assertEquals(Object.getPrototypeOf(result), Object.prototype);
  assertEquals(({} as Record<string, unknown>).polluted, undefined);
  assertEquals(Object.getOwnPropertyDescriptor(result, "__proto__")?.value, { polluted: true });
});

Deno.test("serialize: refuses what cannot travel and says where", () => {
  const error = assertThrows(() => serialize({ a: [1, { onClick() {} }] }), TypeError);
  assert(error.message.includes("value.a[1].onClick"), error.message);
  assertThrows(() => serialize({ s: Symbol("x") }), TypeError);
  class Contact {}
  const classError = assertThrows(() => serialize({ c: new Contact() }), TypeError);
  assert(classError.message.includes("Contact"), classError.message);
  assertThrows(() => serialize(() => 1), TypeError);
});

Deno.test("deserialize: rejects text that was not made by serialize", () => {
  assertThrows(() => deserialize("{}"), SyntaxError);
  assertThrows(() => deserialize("[]"), SyntaxError);
  assertThrows(() => deserialize('[["Nope", 1]]'), SyntaxError);
});
