// Minimal assertions: @std/assert lives on JSR, which these machines cannot reach.
import { deepStrictEqual } from "node:assert/strict";

export function assert(condition: unknown, message = "assertion failed"): asserts condition {
  if (!condition) throw new Error(message);
}

export function assertEquals(actual: unknown, expected: unknown, message?: string): void {
  deepStrictEqual(actual, expected, message);
}

export function assertStrictEquals(actual: unknown, expected: unknown, message?: string): void {
  if (!Object.is(actual, expected)) {
    throw new Error(message ?? `expected ${String(expected)} to be identical to ${String(actual)}`);
  }
}

export function assertMatch(actual: string, pattern: RegExp, message?: string): void {
  if (!pattern.test(actual)) throw new Error(message ?? `${JSON.stringify(actual.slice(0, 300))} does not match ${pattern}`);
}

export function assertThrows<E extends Error = Error>(
  run: () => unknown,
  // deno-lint-ignore no-explicit-any
  ErrorClass?: new (...args: any[]) => E,
): E {
  try {
    run();
  } catch (error) {
    if (ErrorClass && !(error instanceof ErrorClass)) {
      throw new Error(`expected ${ErrorClass.name}, got ${error}`);
    }
    return error as E;
  }
  throw new Error("expected the function to throw");
}
