// Keeps the roll-call pages working without signal (decision 018). Registered by the roll-call
// page only, with scope /events/. Roll-call pages: network first, the stored copy when the network
// fails. /build/* assets: cache first (their names carry a content hash). POSTs are never touched.
// the same name as ROLL_CALL_PAGES_CACHE in app/features/events/roll-call-queue.ts (signing out deletes it)
const PAGES = "erdem-roll-call-pages-v1";
const ASSETS = "erdem-roll-call-assets-v1";
const ROLL_CALL = /^\/events\/[^/]+\/sessions\/[^/]+\/?$/;

self.addEventListener("install", () => self.skipWaiting());
self.addEventListener("activate", (event) => event.waitUntil(self.clients.claim()));

/** Stores a page and every /build/ file it names, so a reload with no signal can start the app. */
async function storePage(url, response) {
  const html = await response.clone().text();
  const pages = await caches.open(PAGES);
  await pages.put(url, response);
  const assets = await caches.open(ASSETS);
  const wanted = new Set([...html.matchAll(/["'](\/build\/[^"'?#\s]+)["']/g)].map((m) => m[1]));
  await Promise.all(
    [...wanted].map(async (path) => {
      if (await assets.match(path)) return;
      try {
        const r = await fetch(path, { credentials: "same-origin" });
        if (r.ok) await assets.put(path, r);
      } catch {
        // offline: it is stored the next time the page loads with signal
      }
    }),
  );
}

function cacheable(response) {
  return response.ok && response.type === "basic" && !response.redirected && (response.headers.get("Content-Type") || "").includes("text/html");
}

async function rollCallPage(request) {
  const url = new URL(request.url);
  const key = url.origin + url.pathname;
  try {
    const response = await fetch(request);
    if (cacheable(response) && !url.search) await storePage(key, response.clone());
    // signed out (sent to log in) or no longer allowed: the stored copy must not outlive the access
    else if (response.redirected || response.status === 401 || response.status === 403 || response.status === 404)
      await (await caches.open(PAGES)).delete(key);
    return response;
  } catch (error) {
    const stored = await (await caches.open(PAGES)).match(key);
    if (stored) return stored;
    throw error;
  }
}

async function asset(request) {
  const assets = await caches.open(ASSETS);
  const hit = await assets.match(request.url.replace(self.location.origin, ""));
  if (hit) return hit;
  const response = await fetch(request);
  if (response.ok) await assets.put(new URL(request.url).pathname, response.clone());
  return response;
}

self.addEventListener("fetch", (event) => {
  const request = event.request;
  if (request.method !== "GET") return;
  const url = new URL(request.url);
  if (url.origin !== self.location.origin) return;
  if (request.mode === "navigate" && ROLL_CALL.test(url.pathname)) event.respondWith(rollCallPage(request));
  else if (url.pathname.startsWith("/build/")) event.respondWith(asset(request));
});

// The page asks to be stored once the worker is ready (it may have been reached by an in-app link,
// which fetched data, not the page). It answers on the port it sent.
self.addEventListener("message", (event) => {
  const data = event.data || {};
  const port = event.ports && event.ports[0];
  if (data.type !== "store" || typeof data.url !== "string" || !ROLL_CALL.test(data.url)) return;
  const url = new URL(data.url, self.location.origin);
  event.waitUntil(
    fetch(url.pathname, { credentials: "same-origin", headers: { Accept: "text/html" } })
      .then(async (response) => {
        if (!cacheable(response)) return false;
        await storePage(url.origin + url.pathname, response);
        return true;
      })
      .catch(() => false)
      .then((stored) => port && port.postMessage({ stored })),
  );
});
