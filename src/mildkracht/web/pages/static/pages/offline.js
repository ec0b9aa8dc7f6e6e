// Mildkracht on a phone: installed, and usable without a connection.
//
// - Registers the service worker (templates/pages/sw.js) and, for a signed-in person, asks it
//   to keep the practice pages in the page's language.
// - Keeps a practice or a moment logged offline in an outbox on the phone (IndexedDB), each
//   with an id made here, and sends it to the API when the connection returns. The server
//   keeps one row per id, so a practice sent twice is still logged once.
// - Shows that the phone is offline, what is waiting, and when it has been sent.
// - Logging out deletes what was kept: the pages and the outbox.
(function () {
  "use strict";

  var body = document.body;
  var DATABASE = "mildkracht";
  var STORE = "outbox";
  var CACHE_PREFIX = "mildkracht-";
  var api = body.dataset.api || "/api/";
  var offlineNote = document.querySelector(".offline-note");
  var outboxStatus = document.querySelector(".outbox-status");
  var sending = null;

  function newId() {
    if (window.crypto && window.crypto.randomUUID) {
      return window.crypto.randomUUID();
    }
    // Plain HTTP on a home network has no randomUUID; a version 4 UUID by hand.
    var bytes = window.crypto.getRandomValues(new Uint8Array(16));
    bytes[6] = (bytes[6] & 0x0f) | 0x40;
    bytes[8] = (bytes[8] & 0x3f) | 0x80;
    var hex = Array.prototype.map
      .call(bytes, function (byte) {
        return (byte + 0x100).toString(16).slice(1);
      })
      .join("");
    return [hex.slice(0, 8), hex.slice(8, 12), hex.slice(12, 16), hex.slice(16, 20), hex.slice(20)].join("-");
  }

  // --- The outbox -------------------------------------------------------------------------

  function openOutbox() {
    return new Promise(function (resolve, reject) {
      var request = window.indexedDB.open(DATABASE, 1);
      request.onupgradeneeded = function () {
        request.result.createObjectStore(STORE, { keyPath: "body.client_id" });
      };
      request.onsuccess = function () {
        resolve(request.result);
      };
      request.onerror = function () {
        reject(request.error);
      };
    });
  }

  function inOutbox(mode, work) {
    return openOutbox().then(function (database) {
      return new Promise(function (resolve, reject) {
        var transaction = database.transaction(STORE, mode);
        var result = work(transaction.objectStore(STORE));
        transaction.oncomplete = function () {
          database.close();
          resolve(result && "result" in result ? result.result : undefined);
        };
        transaction.onerror = function () {
          database.close();
          reject(transaction.error);
        };
      });
    });
  }

  function waiting() {
    if (!window.indexedDB) {
      return Promise.resolve([]);
    }
    return inOutbox("readonly", function (store) {
      return store.getAll();
    });
  }

  // Keep a practice or a moment until it can be sent; `what` is "sessions" or "moments".
  function keep(what, fields) {
    var item = { path: "practice/" + what, body: Object.assign({ client_id: newId() }, fields) };
    return inOutbox("readwrite", function (store) {
      store.put(item);
    }).then(function () {
      showWaiting();
      if (navigator.onLine) {
        send();
      }
    });
  }

  function csrfToken() {
    var cookie = document.cookie.match(/(?:^|;\s*)csrftoken=([^;]+)/);
    if (cookie) {
      return decodeURIComponent(cookie[1]);
    }
    var field = document.querySelector("input[name=csrfmiddlewaretoken]");
    return field ? field.value : "";
  }

  function post(item) {
    return window.fetch(api + item.path, {
      method: "POST",
      credentials: "same-origin",
      headers: {
        Accept: "application/json",
        "Content-Type": "application/json",
        "X-CSRFToken": csrfToken(),
      },
      body: JSON.stringify(item.body),
    });
  }

  function forget(item) {
    return inOutbox("readwrite", function (store) {
      store.delete(item.body.client_id);
    });
  }

  // Send what waits, one at a time; each at most once on the server (its client_id).
  function sendEach(items, sent) {
    if (!items.length) {
      return Promise.resolve(sent);
    }
    return post(items[0]).then(function (response) {
      // Signed out, or the token has changed: keep it for the next page.
      if (response.status === 401 || response.status === 403 || response.status >= 500) {
        return sent;
      }
      // Sent (201), or sent before (200); anything else the server will never take.
      return forget(items[0]).then(function () {
        return sendEach(items.slice(1), sent + (response.ok ? 1 : 0));
      });
    });
  }

  function send() {
    if (sending || !window.indexedDB || body.dataset.signedIn !== "true") {
      return sending || Promise.resolve(0);
    }
    sending = waiting()
      .then(function (items) {
        return sendEach(items, 0);
      })
      .catch(function () {
        return 0; // no connection after all: it waits for the next chance
      })
      .then(function (sent) {
        sending = null;
        return showWaiting().then(function (left) {
          if (sent && !left) {
            say(outboxStatus.dataset.textSent);
          }
          return sent;
        });
      });
    return sending;
  }

  // --- What the person sees -----------------------------------------------------------------

  function say(text) {
    if (outboxStatus) {
      outboxStatus.textContent = text;
      outboxStatus.hidden = !text;
    }
  }

  function showWaiting() {
    return waiting().then(
      function (items) {
        if (items.length && outboxStatus) {
          var template =
            items.length === 1 ? outboxStatus.dataset.textWaitingOne : outboxStatus.dataset.textWaitingOther;
          say(template.replace("{count}", String(items.length)));
        }
        return items.length;
      },
      function () {
        return 0;
      }
    );
  }

  function showConnection() {
    if (offlineNote) {
      offlineNote.hidden = navigator.onLine;
    }
  }

  // --- Moments noted offline ----------------------------------------------------------------

  function noteMomentOffline(event) {
    var form = event.target;
    var kind = event.submitter && event.submitter.value;
    if (!form.matches(".moment-form") || navigator.onLine || !kind || !window.indexedDB) {
      return;
    }
    event.preventDefault();
    var area = form.querySelector("input[name=area]:checked");
    keep("moments", { kind: kind, area: area ? area.value : "self", at: new Date().toISOString() });
  }

  // --- Logging out ----------------------------------------------------------------------------

  function forgetEverything() {
    var work = [];
    if (window.caches) {
      work.push(
        window.caches.keys().then(function (names) {
          return Promise.all(
            names
              .filter(function (name) {
                return name.indexOf(CACHE_PREFIX) === 0;
              })
              .map(function (name) {
                return window.caches.delete(name);
              })
          );
        })
      );
    }
    if (window.indexedDB) {
      work.push(
        new Promise(function (resolve) {
          var request = window.indexedDB.deleteDatabase(DATABASE);
          request.onsuccess = request.onerror = request.onblocked = resolve;
        })
      );
    }
    return Promise.all(work);
  }

  function logOut(event) {
    var form = event.target;
    if (!form.matches("form.logout")) {
      return;
    }
    event.preventDefault();
    // What is still waiting gets one chance to be sent, then everything is deleted.
    var sendFirst = navigator.onLine ? send() : Promise.resolve();
    var atMost = new Promise(function (resolve) {
      window.setTimeout(resolve, 3000);
    });
    Promise.race([sendFirst, atMost])
      .then(forgetEverything, forgetEverything)
      .then(function () {
        form.submit();
      });
  }

  // --- The service worker ---------------------------------------------------------------------

  function keepPages(registration) {
    var worker = registration.active;
    if (worker && body.dataset.signedIn === "true") {
      worker.postMessage({ type: "keep-pages", language: document.documentElement.lang });
    }
  }

  function registerWorker() {
    if (!("serviceWorker" in navigator) || !body.dataset.serviceWorker) {
      return;
    }
    navigator.serviceWorker.addEventListener("message", function (event) {
      if (event.data && event.data.type === "pages-kept") {
        document.documentElement.dataset.offlineReady = String(event.data.complete);
      }
    });
    navigator.serviceWorker.register(body.dataset.serviceWorker, { scope: "/" }).catch(function () {
      return null; // no worker: the site works as before, online only
    });
    navigator.serviceWorker.ready.then(keepPages);
  }

  // On a phone the menu scrolls sideways: show where the person is.
  function showCurrentPlace() {
    var current = document.querySelector(".main-nav [aria-current]");
    var strip = current && current.closest(".header-row");
    if (strip && strip.scrollWidth > strip.clientWidth) {
      var place = current.getBoundingClientRect();
      var box = strip.getBoundingClientRect();
      strip.scrollLeft += place.left - box.left - (box.width - place.width) / 2;
    }
  }

  window.Mildkracht = { keep: keep, newId: newId };
  showCurrentPlace();
  document.addEventListener("submit", noteMomentOffline);
  document.addEventListener("submit", logOut);
  window.addEventListener("online", function () {
    showConnection();
    send();
  });
  window.addEventListener("offline", showConnection);
  showConnection();
  registerWorker();
  if (navigator.onLine) {
    send();
  } else {
    showWaiting();
  }
})();
