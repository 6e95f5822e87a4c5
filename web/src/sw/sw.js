// Homestudio's service worker (plain JS, copied to dist/sw.js by build.mjs, which fills in the
// version and the list of files to precache).
// - App shell: "/" (index.html; the gateway serves it for client routes) and every moviegoer chunk precached; navigations are network-first with
//   the cached index.html as the offline fallback; /assets/* (immutable, hashed) cache-first.
// - The user's upcoming tickets are stored by the app itself in the "hs-offline-tickets" cache.
// - Web Push: shows the notification; a click opens its link.
const VERSION = "__VERSION__";
const PRECACHE = [] /*__PRECACHE__*/;
const SHELL = "hs-shell-" + VERSION;

self.addEventListener("install", (event) => {
  event.waitUntil(caches.open(SHELL).then((cache) => cache.addAll(PRECACHE)).then(() => self.skipWaiting()));
});

self.addEventListener("activate", (event) => {
  event.waitUntil(
    caches.keys()
      .then((keys) => Promise.all(keys.filter((k) => k.startsWith("hs-shell-") && k !== SHELL).map((k) => caches.delete(k))))
      .then(() => self.clients.claim()),
  );
});

const apiPath = /^\/(api|docs|\.well-known)(\/|$)/;

self.addEventListener("fetch", (event) => {
  const request = event.request;
  if (request.method !== "GET") return;
  const url = new URL(request.url);
  if (url.origin !== self.location.origin || apiPath.test(url.pathname)) return;
  if (request.mode === "navigate") {
    event.respondWith(networkFirstShell(request));
  } else if (url.pathname.startsWith("/assets/") || PRECACHE.includes(url.pathname)) {
    event.respondWith(cacheFirst(request));
  }
});

async function networkFirstShell(request) {
  try {
    return await fetch(request);
  } catch (e) {
    const cached = await caches.match("/", { ignoreSearch: true });
    if (cached) return cached;
    throw e;
  }
}

async function cacheFirst(request) {
  // ignoreVary: the gateway varies on Origin (module scripts are CORS requests, the precache was not).
  const cached = await caches.match(request, { ignoreVary: true });
  if (cached) return cached;
  const response = await fetch(request);
  if (response.ok) {
    const cache = await caches.open(SHELL);
    cache.put(request, response.clone());
  }
  return response;
}

self.addEventListener("push", (event) => {
  let data = {};
  try {
    data = event.data ? event.data.json() : {};
  } catch {
    data = { title: "Homestudio", body: event.data ? event.data.text() : "" };
  }
  const title = data.title || "Homestudio";
  event.waitUntil(self.registration.showNotification(title, {
    body: data.body || "",
    icon: "/favicon.svg",
    data: { link: data.link || data.url || "/notifications" },
  }));
});

self.addEventListener("notificationclick", (event) => {
  event.notification.close();
  const link = (event.notification.data && event.notification.data.link) || "/";
  event.waitUntil(self.clients.openWindow(link));
});
