// A worker that GETs a URL every 20 ms (one request at a time) until told to stop, then posts the round trip
// times. It runs on a thread of its own, so it measures the server the way an outside client sees it.
// Typed by hand rather than with `/// <reference lib="deno.worker" />`, which would leak into the whole
// project's type check and take the DOM's event types away from the browser helpers.
const worker = self as unknown as {
  onmessage: (event: MessageEvent<{ url?: string; stop?: boolean }>) => void;
  postMessage(message: unknown): void;
};
let stopped = false;
worker.onmessage = async (event: MessageEvent<{ url?: string; stop?: boolean }>) => {
  if (event.data.stop) {
    stopped = true;
    return;
  }
  const times: number[] = [];
  while (!stopped) {
    const sent = performance.now();
    try {
      const res = await fetch(event.data.url!);
      await res.body?.cancel();
      times.push(performance.now() - sent);
    } catch {
      // a keep-alive connection the server closed as it was reused: ask again on a new one
      continue;
    }
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  worker.postMessage(times);
};
