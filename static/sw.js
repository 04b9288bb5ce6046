// Leadly service worker.
// - Precaches the app shell (offline page, stylesheet, icons) on install.
// - Pages: network first; a copy of each successful page is kept so recently viewed
//   records open offline; with no network and no copy, /offline is shown.
// - Island bundles and static assets: stale-while-revalidate (fast, refreshed behind).
// - Everything else (API, auth, realtime, form posts) goes straight to the network.
// Bump VERSION when the precached files change; old caches are deleted on activate.

const VERSION = "v3";
const SHELL_CACHE = `leadly-shell-${VERSION}`;
const PAGE_CACHE = `leadly-pages-${VERSION}`;
const ASSET_CACHE = `leadly-assets-${VERSION}`;
const CURRENT_CACHES = [SHELL_CACHE, PAGE_CACHE, ASSET_CACHE];

const OFFLINE_URL = "/offline";
const PRECACHE_URLS = [
  OFFLINE_URL,
  "/styles.css",
  "/styles/auth.css",
  "/styles/settings.css",
  "/styles/errors.css",
  "/styles/records.css",
  "/styles/lists.css",
  "/styles/search.css",
  "/styles/lead-pages.css",
  "/styles/activity.css",
  "/styles/deals.css",
  "/styles/task-pages.css",
  "/styles/import.css",
  "/styles/dashboard.css",
  "/styles/chat.css",
  "/styles/notifications.css",
  "/styles/presence.css",
  "/styles/notes.css",
  "/styles/files.css",
  "/styles/mobile.css",
  "/styles/money.css",
  "/styles/leads.css",
  "/styles/tasks.css",
  "/styles/credits.css",
  "/styles/scoring.css",
  "/styles/proposals.css",
  "/styles/semantic.css",
  "/styles/reports.css",
  "/styles/ai-writer.css",
  "/styles/reply.css",
  "/styles/enrich.css",
  "/manifest.webmanifest",
  "/icons/favicon.svg",
  "/icons/icon-192.png",
  "/icons/icon-512.png",
];

/** How many pages to keep for offline reading; the oldest go first. */
const MAX_PAGES = 60;

/** Never intercepted: live data, auth and tooling. */
const BYPASS_PREFIXES = ["/socket.io", "/auth/", "/functions/", "/api/", "/dev/", "/sw.js"];

/** After these, whoever used the device is signed out: drop their cached pages. */
const SIGNED_OUT_PATHS = ["/login", "/logout", "/signup"];

const STATIC_EXTENSIONS = /\.(?:css|js|mjs|png|jpe?g|gif|svg|ico|webp|avif|woff2?|webmanifest)$/;

self.addEventListener("install", (event) => {
  event.waitUntil(
    caches.open(SHELL_CACHE)
      .then((cache) => cache.addAll(PRECACHE_URLS.map((url) => new Request(url, { cache: "reload" }))))
      .then(() => self.skipWaiting()),
  );
});

self.addEventListener("activate", (event) => {
  event.waitUntil((async () => {
    const names = await caches.keys();
    await Promise.all(
      names.filter((name) => name.startsWith("leadly-") && !CURRENT_CACHES.includes(name))
        .map((name) => caches.delete(name)),
    );
    if (self.registration.navigationPreload) await self.registration.navigationPreload.enable();
    await self.clients.claim();
  })());
});

// Pages can ask us to forget cached pages (e.g. right before signing out).
self.addEventListener("message", (event) => {
  if (event.data && event.data.type === "leadly:clear-pages") event.waitUntil(caches.delete(PAGE_CACHE));
});

self.addEventListener("fetch", (event) => {
  const request = event.request;
  if (request.method !== "GET") return;
  const url = new URL(request.url);
  if (url.origin !== self.location.origin) return;
  if (BYPASS_PREFIXES.some((prefix) => url.pathname.startsWith(prefix))) return;

  if (request.mode === "navigate") {
    event.respondWith(networkFirstPage(event));
  } else if (url.pathname.startsWith("/_islands/") || STATIC_EXTENSIONS.test(url.pathname)) {
    event.respondWith(staleWhileRevalidate(event, request));
  }
});

async function networkFirstPage(event) {
  const request = event.request;
  try {
    const response = (await event.preloadResponse) || (await fetch(request));
    const finalPath = new URL(response.url || request.url).pathname;
    if (SIGNED_OUT_PATHS.includes(finalPath)) {
      event.waitUntil(caches.delete(PAGE_CACHE));
    } else if (isCacheablePage(response)) {
      event.waitUntil(rememberPage(request, response.clone()));
    }
    return response;
  } catch {
    const cached = await caches.match(request, { cacheName: PAGE_CACHE });
    if (cached) return cached;
    const offline = await caches.match(OFFLINE_URL, { cacheName: SHELL_CACHE });
    return offline || new Response("You are offline.", { status: 503, headers: { "Content-Type": "text/plain" } });
  }
}

// Only plain successful HTML that the server allows to be stored.
function isCacheablePage(response) {
  if (!response.ok || response.redirected || response.type !== "basic") return false;
  const cacheControl = response.headers.get("Cache-Control") || "";
  const contentType = response.headers.get("Content-Type") || "";
  return contentType.includes("text/html") && !cacheControl.includes("no-store");
}

async function rememberPage(request, response) {
  const cache = await caches.open(PAGE_CACHE);
  await cache.put(request, response);
  const keys = await cache.keys();
  // Cache keys come back in insertion order; re-putting a page moves it to the end.
  await Promise.all(keys.slice(0, Math.max(0, keys.length - MAX_PAGES)).map((key) => cache.delete(key)));
}

async function staleWhileRevalidate(event, request) {
  const cache = await caches.open(ASSET_CACHE);
  const cached = await cache.match(request) ||
    await caches.match(request, { cacheName: SHELL_CACHE, ignoreSearch: true });
  const refresh = fetch(request)
    .then((response) => {
      if (response.ok && response.type === "basic") return cache.put(request, response.clone()).then(() => response);
      return response;
    });
  if (cached) {
    event.waitUntil(refresh.catch(() => undefined));
    return cached;
  }
  return refresh;
}

// Web push (notifications helper): show what the server sent; a click focuses an open Leadly tab on the
// notification's page, or opens one. Payload: {id, type, title, body, url}.
self.addEventListener("push", (event) => {
  let data = {};
  try {
    data = event.data ? event.data.json() : {};
  } catch {
    data = { title: event.data ? event.data.text() : "" };
  }
  const title = data.title || "Leadly";
  const url = typeof data.url === "string" && data.url.startsWith("/") && !data.url.startsWith("//")
    ? data.url
    : "/notifications";
  event.waitUntil(self.registration.showNotification(title, {
    body: data.body || "",
    icon: "/icons/icon-192.png",
    badge: "/icons/icon-192.png",
    tag: data.id ? `leadly-${data.id}` : undefined,
    data: { url: data.id ? `/notifications/${data.id}` : url },
  }));
});

self.addEventListener("notificationclick", (event) => {
  event.notification.close();
  const target = new URL(
    (event.notification.data && event.notification.data.url) || "/notifications",
    self.location.origin,
  );
  event.waitUntil((async () => {
    const windows = await self.clients.matchAll({ type: "window", includeUncontrolled: true });
    const open = windows.find((client) => new URL(client.url).origin === target.origin);
    if (open) {
      await open.focus();
      if ("navigate" in open) return open.navigate(target.href);
      return;
    }
    return self.clients.openWindow(target.href);
  })());
});
