// Mildkracht's service worker (served by pages/pwa.py at the root of the site).
//
// It keeps the app's shell, the exercise library, every exercise and the player on the phone,
// so that practice works without a connection. Pages are asked from the server first; only
// when there is no connection does it answer from what it kept, and a page it did not keep
// (everything personal) gets the offline page instead of the browser's error. It never keeps
// an answer of the API. Logging out deletes everything it kept (static/pages/offline.js).
"use strict";

const VERSION = {{ version|safe }};
const SHELL = {{ shell|safe }};
const PAGES = {{ pages|safe }};
const OFFLINE_PAGE = {{ offline_page|safe }};
const API = {{ api_prefix|safe }};
const STATIC = {{ static_prefix|safe }};
const ICON = {{ icon|safe }};
{% verbatim %}
const PREFIX = "mildkracht-";
const SHELL_CACHE = PREFIX + "shell-" + VERSION;
const PAGES_PREFIX = PREFIX + "pages-";
const PAGES_CACHE = PAGES_PREFIX + VERSION + "-";

self.addEventListener("install", (event) => {
  event.waitUntil(
    caches
      .open(SHELL_CACHE)
      .then((cache) => cache.addAll(SHELL))
      .then(() => self.skipWaiting())
  );
});

self.addEventListener("activate", (event) => {
  event.waitUntil(
    caches
      .keys()
      .then((names) =>
        Promise.all(
          names
            .filter((name) => name.startsWith(PREFIX) && name !== SHELL_CACHE)
            .filter((name) => !name.startsWith(PAGES_CACHE))
            .map((name) => caches.delete(name))
        )
      )
      .then(() => self.clients.claim())
  );
});

// A signed-in page asks for the practice pages to be kept, in the language it is in.
self.addEventListener("message", (event) => {
  const message = event.data || {};
  if (message.type === "keep-pages" && /^[a-z-]+$/.test(message.language || "")) {
    event.waitUntil(
      keepPages(message.language).then(
        (complete) => event.source && event.source.postMessage({ type: "pages-kept", complete }),
        () => event.source && event.source.postMessage({ type: "pages-kept", complete: false })
      )
    );
  }
});

async function keepPages(language) {
  const name = PAGES_CACHE + language;
  for (const other of await caches.keys()) {
    if (other.startsWith(PAGES_PREFIX) && other !== name) {
      await caches.delete(other);
    }
  }
  const cache = await caches.open(name);
  const kept = new Set((await cache.keys()).map((request) => pathOf(new URL(request.url))));
  // One at a time: the server is often a small computer at home.
  for (const page of PAGES) {
    if (!kept.has(page)) {
      const response = await fetch(page, { credentials: "same-origin" });
      if (!response.ok || response.redirected) {
        return false; // signed out, or the server is in trouble: try again on the next page
      }
      await cache.put(page, response);
    }
  }
  return true;
}

self.addEventListener("fetch", (event) => {
  const request = event.request;
  const url = new URL(request.url);
  if (request.method !== "GET" || url.origin !== self.location.origin) {
    return;
  }
  if (url.pathname.startsWith(API)) {
    return; // personal, and never kept
  }
  if (url.pathname.startsWith(STATIC)) {
    event.respondWith(staticFile(request));
  } else if (request.mode === "navigate") {
    event.respondWith(page(request, url));
  }
});

// Static files have the hash of their contents in their names: a kept one is never stale.
async function staticFile(request) {
  const kept = await caches.match(request, { ignoreVary: true });
  if (kept) {
    return kept;
  }
  const response = await fetch(request);
  if (response.ok) {
    const cache = await caches.open(SHELL_CACHE);
    await cache.put(request, response.clone());
  }
  return response;
}

function pathOf(url) {
  return url.pathname + url.search;
}

async function page(request, url) {
  try {
    const response = await fetch(request);
    if (response.ok && !response.redirected && PAGES.includes(pathOf(url))) {
      await refresh(pathOf(url), response.clone());
    }
    return response;
  } catch (error) {
    return (
      (await caches.match(request, { ignoreVary: true })) ||
      (await keptWithoutQuery(url)) ||
      (await offlinePage()) ||
      Response.error()
    );
  }
}

// A practice page seen online replaces the copy that was kept of it.
async function refresh(path, response) {
  for (const name of await caches.keys()) {
    if (name.startsWith(PAGES_CACHE)) {
      const cache = await caches.open(name);
      await cache.put(path, response);
      return;
    }
  }
}

// The copy kept while signed in (with the menu and the moment buttons) before the one kept
// when the worker was installed, perhaps signed out.
async function offlinePage() {
  for (const name of await caches.keys()) {
    if (name.startsWith(PAGES_CACHE)) {
      const kept = await (await caches.open(name)).match(OFFLINE_PAGE, { ignoreVary: true });
      if (kept) {
        return kept;
      }
    }
  }
  return caches.match(OFFLINE_PAGE, { ignoreVary: true });
}

// The library with a filter, or a player asked to start with a check-in, offline: the page
// itself, as kept.
async function keptWithoutQuery(url) {
  if (!PAGES.includes(url.pathname)) {
    return undefined;
  }
  return caches.match(url.pathname, { ignoreVary: true });
}
// A reminder from the server (program/reminders.py, Web Push): generic words only.
self.addEventListener("push", (event) => {
  let message = {};
  try {
    message = event.data ? event.data.json() : {};
  } catch (error) {
    message = {};
  }
  event.waitUntil(
    self.registration.showNotification(message.title || "Mildkracht", {
      body: message.body || "",
      tag: message.tag || "mildkracht",
      icon: ICON,
      badge: ICON,
    })
  );
});

// A tap opens the app: a window of it that is open already, else a new one.
self.addEventListener("notificationclick", (event) => {
  event.notification.close();
  event.waitUntil(openApp());
});

async function openApp() {
  const start = self.registration.scope;
  const windows = await self.clients.matchAll({ type: "window", includeUncontrolled: true });
  const open = windows.find((client) => client.url.startsWith(start));
  if (open) {
    return open.focus();
  }
  return self.clients.openWindow(start);
}
{% endverbatim %}
