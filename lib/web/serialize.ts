// Island props travel from server to browser as text. JSON alone loses too much (undefined, Date,
// Map, BigInt, shared references, signals), so we encode a value graph as a flat JSON table:
//
//   table[0] is the root; every other value is referred to by its index in the table.
//   - string / number / boolean / null are stored as themselves,
//   - an array is stored as an array of indices,
//   - a plain object is stored as an object of key -> index,
//   - anything else is a tagged array whose first item is a string: ["Date", iso], ["Map", k, v, ...].
//   Negative indices stand for values JSON cannot hold (undefined, NaN, ±Infinity, -0, array holes).
//
// Because every object gets one index, repeated and circular references survive, and the same
// signal passed to two islands becomes ONE signal in the browser (islands share state through it).
// This module runs on both sides: the server serializes, the hydration runtime deserializes.
import { computed, type ReadonlySignal, type Signal, signal } from "@preact/signals";

const UNDEFINED = -1;
const NAN = -2;
const POSITIVE_INFINITY = -3;
const NEGATIVE_INFINITY = -4;
const NEGATIVE_ZERO = -5;
const HOLE = -6;

type Entry = null | boolean | number | string | Entry[] | { [key: string]: number };

/** Brand that @preact/signals puts on every Signal (also on copies from another bundle). */
const SIGNAL_BRAND = Symbol.for("preact-signals");

function isSignal(value: object): value is Signal {
  return (value as { brand?: unknown }).brand === SIGNAL_BRAND;
}

/** A computed is a Signal whose prototype is not Signal.prototype itself. */
function isComputed(value: Signal): boolean {
  const proto = Object.getPrototypeOf(value);
  return Object.getPrototypeOf(proto)?.brand === SIGNAL_BRAND;
}

function isPlainObject(value: object): boolean {
  const proto = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

/** Encodes `value`; throws a TypeError naming the path of anything that cannot be sent. */
export function serialize(value: unknown): string {
  const table: Entry[] = [];
  const seen = new Map<object, number>();

  function add(entry: Entry): number {
    table.push(entry);
    return table.length - 1;
  }

  function encode(input: unknown, path: string): number {
    switch (typeof input) {
      case "undefined":
        return UNDEFINED;
      case "number":
        if (Number.isNaN(input)) return NAN;
        if (input === Infinity) return POSITIVE_INFINITY;
        if (input === -Infinity) return NEGATIVE_INFINITY;
        if (Object.is(input, -0)) return NEGATIVE_ZERO;
        return add(input);
      case "string":
      case "boolean":
        return add(input);
      case "bigint":
        return add(["BigInt", input.toString()]);
      case "object":
        if (input === null) return add(null);
        return encodeObject(input, path);
      default:
        throw new TypeError(`Cannot serialize ${typeof input} at ${path}`);
    }
  }

  function encodeObject(input: object, path: string): number {
    const known = seen.get(input);
    if (known !== undefined) return known;
    // Reserve the slot first so cycles back to `input` find its index.
    const index = add(null);
    seen.set(input, index);
    table[index] = encodeContainer(input, path);
    return index;
  }

  function encodeContainer(input: object, path: string): Entry {
    if (Array.isArray(input)) {
      const items: number[] = [];
      for (let i = 0; i < input.length; i++) {
        items.push(i in input ? encode(input[i], `${path}[${i}]`) : HOLE);
      }
      return items;
    }
    if (isSignal(input)) {
      const tag = isComputed(input) ? "Computed" : "Signal";
      return [tag, encode(input.peek(), `${path}.value`)];
    }
    if (input instanceof Date) {
      return ["Date", Number.isNaN(input.getTime()) ? null : input.toISOString()];
    }
    if (input instanceof Map) {
      const entry: Entry = ["Map"];
      let i = 0;
      for (const [key, item] of input) {
        entry.push(encode(key, `${path}<key ${i}>`), encode(item, `${path}<value ${i}>`));
        i++;
      }
      return entry;
    }
    if (input instanceof Set) {
      const entry: Entry = ["Set"];
      let i = 0;
      for (const item of input) entry.push(encode(item, `${path}<item ${i++}>`));
      return entry;
    }
    if (input instanceof URL) return ["URL", input.href];
    if (input instanceof RegExp) return ["RegExp", input.source, input.flags];
    if (!isPlainObject(input)) {
      const name = input.constructor?.name ?? "object";
      throw new TypeError(`Cannot serialize ${name} at ${path}: only plain data can be sent`);
    }
    const fields: Record<string, number> = {};
    for (const [key, item] of Object.entries(input)) {
      fields[key] = encode(item, `${path}.${key}`);
    }
    return fields;
  }

  // The first value added sits at index 0, so a non-negative root index is always 0.
  const root = encode(value, "value");
  const encoded: Entry[] = root < 0 ? [["Special", root]] : table;
  return escapeForHtml(JSON.stringify(encoded));
}

/**
 * The output goes inside a <script> element, so nothing may close it (`</script>`, `<!--`) and
 * U+2028/U+2029 must not end a JS line. `<`, `>` and `&` only occur inside JSON strings here, where
 * their \u escapes mean the same thing.
 */
function escapeForHtml(json: string): string {
  return json.replace(/[<>&\u2028\u2029]/g, (char) => {
    return `\\u${char.charCodeAt(0).toString(16).padStart(4, "0")}`;
  });
}

function decodeSpecial(index: number): unknown {
  switch (index) {
    case UNDEFINED:
    case HOLE:
      return undefined;
    case NAN:
      return NaN;
    case POSITIVE_INFINITY:
      return Infinity;
    case NEGATIVE_INFINITY:
      return -Infinity;
    case NEGATIVE_ZERO:
      return -0;
    default:
      throw new SyntaxError(`Unknown special value ${index}`);
  }
}

/** Decodes text made by `serialize`, rebuilding shared and circular references. */
export function deserialize(text: string): unknown {
  const table = JSON.parse(text) as Entry[];
  if (!Array.isArray(table) || table.length === 0) throw new SyntaxError("Not serialized data");
  const done = new Map<number, unknown>();

  function decode(index: number): unknown {
    if (index < 0) return decodeSpecial(index);
    if (done.has(index)) return done.get(index);
    const entry = table[index];
    if (entry === null || typeof entry !== "object") return entry;
    if (Array.isArray(entry)) {
      return typeof entry[0] === "string" ? decodeTagged(index, entry) : decodeArray(index, entry as number[]);
    }
    return decodeObject(index, entry);
  }

  function decodeArray(index: number, items: number[]): unknown[] {
    const result: unknown[] = new Array(items.length);
    done.set(index, result);
    items.forEach((item, i) => {
      if (item !== HOLE) result[i] = decode(item);
    });
    return result;
  }

  function decodeObject(index: number, fields: Record<string, number>): object {
    const result: Record<string, unknown> = {};
    done.set(index, result);
    for (const [key, item] of Object.entries(fields)) {
      // defineProperty, so a "__proto__" key stays data and cannot swap the prototype.
      Object.defineProperty(result, key, { value: decode(item), enumerable: true, writable: true, configurable: true });
    }
    return result;
  }

  function decodeTagged(index: number, entry: Entry[]): unknown {
    const [tag, ...rest] = entry as [string, ...number[]];
    switch (tag) {
      case "Special":
        return decodeSpecial(rest[0]);
      case "BigInt":
        return BigInt(rest[0] as unknown as string);
      case "Date":
        return new Date((rest[0] as unknown as string | null) ?? NaN);
      case "URL":
        return new URL(rest[0] as unknown as string);
      case "RegExp":
        return new RegExp(rest[0] as unknown as string, rest[1] as unknown as string);
      case "Map": {
        const map = new Map();
        done.set(index, map);
        for (let i = 0; i < rest.length; i += 2) map.set(decode(rest[i]), decode(rest[i + 1]));
        return map;
      }
      case "Set": {
        const set = new Set();
        done.set(index, set);
        for (const item of rest) set.add(decode(item));
        return set;
      }
      case "Signal": {
        const result = signal<unknown>(undefined);
        done.set(index, result);
        result.value = decode(rest[0]);
        return result;
      }
      case "Computed": {
        // The function cannot travel; the browser gets a read-only signal of the last value.
        // The value is filled in after registering `result`, so cycles back to it resolve.
        const last: { value?: unknown } = {};
        const result: ReadonlySignal<unknown> = computed(() => last.value);
        done.set(index, result);
        last.value = decode(rest[0]);
        return result;
      }
      default:
        throw new SyntaxError(`Unknown serialized type ${tag}`);
    }
  }

  return decode(0);
}
