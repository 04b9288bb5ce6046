// Pages used when the project has no _error or _404 of its own.
import type { AnyProps } from "./types.ts";
import { describeError } from "./errors.ts";

export function DefaultErrorPage({ error, status }: AnyProps) {
  const { message } = describeError(error);
  return (
    <main>
      <h1>{status}</h1>
      <p>{message}</p>
    </main>
  );
}

export function DefaultNotFoundPage() {
  return (
    <main>
      <h1>404</h1>
      <p>This page does not exist.</p>
    </main>
  );
}
