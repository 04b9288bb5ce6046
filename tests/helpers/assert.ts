// The few assertions the suite uses (JSR's @std/assert is not reachable from these machines).
import * as node from "node:assert/strict";

export const AssertionError = node.AssertionError;

export function assert(value: unknown, message = "expected a truthy value"): asserts value {
  node.ok(value, message);
}

export function assertEquals<T>(actual: unknown, expected: T, message = "values differ"): asserts actual is T {
  node.deepStrictEqual(actual, expected, message);
}

export function assertNotEquals(actual: unknown, expected: unknown, message = "values are equal") {
  node.notDeepStrictEqual(actual, expected, message);
}

export function assertMatch(
  actual: string,
  pattern: RegExp,
  message = `${JSON.stringify(actual.slice(0, 300))} does not match ${pattern}`,
) {
  node.match(actual, pattern, message);
}

/** Resolves to the error the promise rejected with, so tests can look at it. */
export async function assertRejects(fn: () => Promise<unknown>, message = "expected a rejection"): Promise<Error> {
  try {
    await fn();
  } catch (error) {
    return error as Error;
  }
  throw new node.AssertionError({ message });
}

export function assertStrictEquals(actual: unknown, expected: unknown, message?: string): void {
  if (!Object.is(actual, expected)) {
    throw new node.AssertionError({ message: message ?? `expected ${String(expected)}, got ${String(actual)}` });
  }
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
      throw new node.AssertionError({ message: `expected ${ErrorClass.name}, got ${error}` });
    }
    return error as E;
  }
  throw new node.AssertionError({ message: "expected the function to throw" });
}
