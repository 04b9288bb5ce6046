// PGlite in a worker thread (lib/db/worker.ts), seen from the app's thread as a PgEngine. Measured on the
// 100k-row import benchmark: with PGlite on the app's thread each 1,000-row batch held HTTP and sockets for
// up to ~100 ms; in the worker the app's thread only waits for answers. A round trip to the worker costs
// ~0.05 ms, and a transaction's messages are pipelined (see worker-protocol.ts), so a transaction costs no
// more round trips than statements; a short transaction run whole (`wholeTransaction`) costs exactly one.
import type { CreateOptions, Enter, PgEngine, QueryResult } from "./engine.ts";
import { errorFromWire, type Reply, type Request } from "./worker-protocol.ts";
import type { QueueSqlResult, Row, Tx } from "./types.ts";
import type { Statement } from "./transaction.ts";

type Pending = { resolve: (value: unknown) => void; reject: (error: unknown) => void };
// deno-lint-ignore no-explicit-any
type Unsent<R> = R extends any ? Omit<R, "id"> : never;

export class WorkerEngine implements PgEngine {
  #worker: Worker;
  #pending = new Map<number, Pending>();
  #listeners = new Map<number, (payload: string) => void>();
  #next = 1;
  #nextTx = 1;
  #closed = false;
  /** Set when the worker died (PGlite aborted): every call fails with it from then on. */
  #dead: Error | null = null;

  private constructor() {
    this.#worker = new Worker(new URL("./worker.ts", import.meta.url), { type: "module", name: "leadly-database" });
    this.#worker.onmessage = (event: MessageEvent<Reply>) => this.#receive(event.data);
    this.#worker.onerror = (event) => {
      event.preventDefault();
      this.#die(new Error(`The database worker stopped: ${event.message}`));
    };
    this.#worker.onmessageerror = () =>
      this.#die(new Error("The database worker sent a message that could not be read."));
  }

  static async open(options: CreateOptions): Promise<WorkerEngine> {
    const engine = new WorkerEngine();
    try {
      const loadDataDir = options.loadDataDir ? await options.loadDataDir.arrayBuffer() : undefined;
      await engine.#call({ op: "open", dataDir: options.dataDir, loadDataDir }, loadDataDir ? [loadDataDir] : []);
      return engine;
    } catch (error) {
      engine.#worker.terminate();
      engine.#closed = true;
      throw error;
    }
  }

  get closed() {
    return this.#closed;
  }

  #receive(reply: Reply) {
    if ("notify" in reply) {
      this.#listeners.get(reply.notify)?.(reply.payload);
      return;
    }
    const pending = this.#pending.get(reply.id);
    if (!pending) return;
    this.#pending.delete(reply.id);
    if (reply.ok) pending.resolve(reply.value);
    else pending.reject(errorFromWire(reply.error));
  }

  #die(error: Error) {
    if (this.#dead) return;
    this.#dead = error;
    this.#closed = true;
    console.error(error.message);
    for (const pending of this.#pending.values()) pending.reject(error);
    this.#pending.clear();
    this.#worker.terminate();
  }

  #call<T = unknown>(request: Unsent<Request>, transfer: Transferable[] = []): Promise<T> {
    if (this.#dead) return Promise.reject(this.#dead);
    const id = this.#next++;
    return new Promise<T>((resolve, reject) => {
      try {
        this.#worker.postMessage({ ...request, id }, transfer);
      } catch (error) {
        // e.g. a parameter that cannot be copied to another thread (a function)
        reject(error);
        return;
      }
      this.#pending.set(id, { resolve: resolve as (value: unknown) => void, reject });
    });
  }

  query<T = Row>(sql: string, params?: unknown[]): Promise<QueryResult<T>> {
    return this.#call<QueryResult<T>>({ op: "query", sql, params });
  }

  exec(sql: string): Promise<QueueSqlResult[]> {
    return this.#call<QueueSqlResult[]>({ op: "exec", sql });
  }

  async transaction<T>(enter: Enter, fn: (tx: Tx & { exec(sql: string): Promise<unknown> }) => Promise<T>): Promise<T> {
    const tx = this.#nextTx++;
    // Not awaited before the first statement: the worker runs them in order, and when entering fails every
    // statement answers with that error.
    const begun = this.#call({ op: "begin", tx, enter });
    begun.catch(() => {});
    const handle = {
      query: async <R>(sql: string, params?: unknown[]) =>
        (await this.#call<QueryResult<R>>({ op: "query", tx, sql, params })).rows,
      exec: (sql: string) => this.#call({ op: "exec", tx, sql }),
    };
    let result: T;
    try {
      result = await fn(handle);
    } catch (error) {
      await this.#call({ op: "end", tx, commit: false }).catch(() => {});
      // When entering failed, that is the error (fn only saw its echo).
      await begun;
      throw error;
    }
    await this.#call({ op: "end", tx, commit: true });
    await begun;
    return result;
  }

  /** One message to the worker and one reply, however many steps the transaction has. */
  wholeTransaction(enter: Enter, statements: Statement[]): Promise<QueryResult[]> {
    return this.#call<QueryResult[]>({ op: "whole", enter, statements });
  }

  async listen(channel: string, onPayload: (payload: string) => void): Promise<() => Promise<void>> {
    const listener = this.#next++;
    this.#listeners.set(listener, onPayload);
    try {
      await this.#call({ op: "listen", channel, listener });
    } catch (error) {
      this.#listeners.delete(listener);
      throw error;
    }
    return async () => {
      this.#listeners.delete(listener);
      if (!this.#closed) await this.#call({ op: "unlisten", listener });
    };
  }

  async dumpDataDir(): Promise<Blob> {
    const bytes = await this.#call<ArrayBuffer>({ op: "dump" });
    return new Blob([bytes], { type: "application/x-gzip" });
  }

  async close(exclusive: boolean): Promise<void> {
    if (this.#closed) return;
    try {
      await this.#call({ op: "close", exclusive });
    } finally {
      this.#closed = true;
      this.#worker.terminate();
      for (const pending of this.#pending.values()) pending.reject(new Error("The database is closed."));
      this.#pending.clear();
    }
  }
}
