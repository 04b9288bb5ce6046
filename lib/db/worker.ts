// The database worker: PGlite on a thread of its own, so an import batch, a checkpoint or a slow query never
// holds up the app's thread (HTTP, sockets, timers). It serves the requests of worker-engine.ts one
// PGlite call at a time; PGlite's own locks order transactions exactly as they do on the app's thread.
// Typed by hand rather than with `/// <reference lib="deno.worker" />`, which would leak into the whole
// project's type check.
import type { PGlite } from "@electric-sql/pglite";
import { closePglite, createPglite, execAll, runTransaction } from "./engine.ts";
import { errorToWire, type Reply, type Request } from "./worker-protocol.ts";
import { runWholeTransaction } from "./whole-transaction.ts";
import type { Tx } from "./types.ts";

const port = self as unknown as {
  onmessage: ((event: MessageEvent<Request>) => void) | null;
  postMessage(message: Reply, transfer?: Transferable[]): void;
};

let pg: PGlite | null = null;
const stops = new Map<number, () => Promise<void>>();

const ok = (id: number, value?: unknown, transfer?: Transferable[]) =>
  port.postMessage({ id, ok: true, value }, transfer);
const fail = (id: number, error: unknown) => port.postMessage({ id, ok: false, error: errorToWire(error) });

function database(): PGlite {
  if (!pg) throw new Error("The database is not open.");
  return pg;
}

type TxStep = Extract<Request, { op: "query" | "exec" | "end" }>;

/** A transaction's messages, waiting for it to reach them (it may still be queued behind another). */
class Steps {
  #queue: TxStep[] = [];
  #wake: (() => void) | null = null;
  push(step: TxStep) {
    this.#queue.push(step);
    this.#wake?.();
  }
  async next(): Promise<TxStep> {
    while (this.#queue.length === 0) await new Promise<void>((resolve) => this.#wake = resolve);
    this.#wake = null;
    return this.#queue.shift()!;
  }
}

const transactions = new Map<number, Steps>();
class RolledBack extends Error {}

async function runStep(tx: Tx & { exec(sql: string): Promise<unknown> }, step: TxStep) {
  if (step.op === "query") return { rows: await tx.query(step.sql, step.params) };
  if (step.op === "exec") return await tx.exec(step.sql);
}

function begin(request: Extract<Request, { op: "begin" }>) {
  const steps = new Steps();
  transactions.set(request.tx, steps);
  let end: TxStep | null = null;
  let begun = false;
  runTransaction(database(), request.enter, async (tx) => {
    begun = true;
    ok(request.id);
    for (;;) {
      const step = await steps.next();
      if (step.op === "end") {
        end = step;
        if (!step.commit) throw new RolledBack();
        return;
      }
      // A failed statement is the caller's to handle, as on the app's thread; the transaction stays open.
      await runStep(tx, step).then((value) => ok(step.id, value), (error) => fail(step.id, error));
    }
  }).then(
    () => ok(end!.id),
    async (error) => {
      if (!begun) {
        // Entering the transaction failed: every message sent for it gets that error, the end included.
        fail(request.id, error);
        for (;;) {
          const step = await steps.next();
          if (step.op === "end") {
            ok(step.id);
            break;
          }
          fail(step.id, error);
        }
      } else if (error instanceof RolledBack) ok(end!.id);
      else fail(end?.id ?? request.id, error);
    },
  ).finally(() => transactions.delete(request.tx));
}

async function serve(request: Request) {
  switch (request.op) {
    case "open": {
      const loadDataDir = request.loadDataDir
        ? new Blob([request.loadDataDir], { type: "application/x-gzip" })
        : undefined;
      pg = await createPglite({ dataDir: request.dataDir, loadDataDir });
      return ok(request.id);
    }
    case "query": {
      const result = await database().query(request.sql, request.params);
      return ok(request.id, { rows: result.rows, affectedRows: result.affectedRows });
    }
    case "exec":
      return ok(request.id, await execAll(database(), request.sql));
    case "whole":
      return ok(request.id, await runWholeTransaction(database(), request.enter, request.statements));
    case "listen": {
      const stop = await database().listen(
        request.channel,
        (payload) => port.postMessage({ notify: request.listener, payload }),
      );
      stops.set(request.listener, stop);
      return ok(request.id);
    }
    case "unlisten": {
      const stop = stops.get(request.listener);
      stops.delete(request.listener);
      if (stop && pg && !pg.closed) await stop();
      return ok(request.id);
    }
    case "dump": {
      const bytes = await (await database().dumpDataDir("gzip")).arrayBuffer();
      return ok(request.id, bytes, [bytes]);
    }
    case "close":
      if (pg) await closePglite(pg, request.exclusive);
      return ok(request.id);
  }
}

port.onmessage = (event) => {
  const request = event.data;
  if (request.op === "begin") return begin(request);
  if ((request.op === "query" || request.op === "exec" || request.op === "end") && request.tx !== undefined) {
    const steps = transactions.get(request.tx);
    if (steps) return steps.push(request);
    return fail(request.id, new Error("That transaction has already ended."));
  }
  serve(request).catch((error) => fail(request.id, error));
};
