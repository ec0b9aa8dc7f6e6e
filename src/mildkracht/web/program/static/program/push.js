// Notifications on this device (program/reminders.html): turn them on or off.
//
// The browser subscribes at its push service with the server's public key, through the
// service worker (templates/pages/sw.js), which shows what arrives. The subscription is then
// posted to the server, which keeps it for the person signed in. A subscription the browser
// still has but the server does not know for this person (after logging out, say) counts as
// off: it is only sent again when the person turns notifications on.
(function () {
  "use strict";

  var section = document.querySelector(".push-settings");
  if (!section) {
    return;
  }
  var status = section.querySelector(".push-status");
  var onButton = section.querySelector(".push-on");
  var offButton = section.querySelector(".push-off");

  function say(name) {
    status.textContent = status.dataset["text" + name];
    status.hidden = false;
  }

  function show(subscribed) {
    onButton.hidden = subscribed;
    offButton.hidden = !subscribed;
    say(subscribed ? "On" : "Off");
  }

  function csrfToken() {
    var field = document.querySelector("input[name=csrfmiddlewaretoken]");
    if (field) {
      return field.value;
    }
    var cookie = document.cookie.match(/(?:^|;\s*)csrftoken=([^;]+)/);
    return cookie ? decodeURIComponent(cookie[1]) : "";
  }

  function post(url, body) {
    return window
      .fetch(url, {
        method: "POST",
        credentials: "same-origin",
        headers: { "Content-Type": "application/json", "X-CSRFToken": csrfToken() },
        body: JSON.stringify(body),
      })
      .then(function (response) {
        if (!response.ok) {
          throw new Error("HTTP " + response.status);
        }
        return response.json();
      });
  }

  function keyBytes(base64url) {
    var base64 = base64url.replace(/-/g, "+").replace(/_/g, "/");
    var raw = window.atob(base64 + "===".slice((base64.length + 3) % 4));
    var bytes = new Uint8Array(raw.length);
    for (var index = 0; index < raw.length; index += 1) {
      bytes[index] = raw.charCodeAt(index);
    }
    return bytes;
  }

  function currentSubscription() {
    return navigator.serviceWorker.ready.then(function (registration) {
      return registration.pushManager.getSubscription();
    });
  }

  function turnOn() {
    onButton.disabled = true;
    window.Notification.requestPermission()
      .then(function (permission) {
        if (permission !== "granted") {
          say("Denied");
          return;
        }
        return navigator.serviceWorker.ready
          .then(function (registration) {
            // A subscription made before (perhaps with another key) is replaced by a new one.
            return registration.pushManager.getSubscription().then(function (old) {
              return (old ? old.unsubscribe() : Promise.resolve()).then(function () {
                return registration.pushManager.subscribe({
                  userVisibleOnly: true,
                  applicationServerKey: keyBytes(section.dataset.key),
                });
              });
            });
          })
          .then(function (subscription) {
            return post(section.dataset.subscribe, subscription.toJSON());
          })
          .then(function () {
            show(true);
          });
      })
      .catch(function () {
        say("Failed");
      })
      .then(function () {
        onButton.disabled = false;
      });
  }

  function turnOff() {
    offButton.disabled = true;
    currentSubscription()
      .then(function (subscription) {
        if (!subscription) {
          return;
        }
        return post(section.dataset.unsubscribe, { endpoint: subscription.endpoint }).then(function () {
          return subscription.unsubscribe();
        });
      })
      .then(function () {
        show(false);
      })
      .catch(function () {
        say("Failed");
      })
      .then(function () {
        offButton.disabled = false;
      });
  }

  function knownHere(subscription) {
    if (!subscription) {
      return Promise.resolve(false);
    }
    var known = (section.dataset.devices || "").split(" ");
    var endpoint = new TextEncoder().encode(subscription.endpoint);
    return window.crypto.subtle.digest("SHA-256", endpoint).then(function (digest) {
      var hex = Array.prototype.map
        .call(new Uint8Array(digest), function (byte) {
          return (byte + 0x100).toString(16).slice(1);
        })
        .join("");
      return known.indexOf(hex) >= 0;
    });
  }

  if (!window.isSecureContext) {
    say("Insecure");
    return;
  }
  if (!("serviceWorker" in navigator) || !("PushManager" in window) || !("Notification" in window)) {
    say("Unsupported");
    return;
  }
  onButton.addEventListener("click", turnOn);
  offButton.addEventListener("click", turnOff);
  if (window.Notification.permission === "denied") {
    say("Denied");
    return;
  }
  currentSubscription()
    .then(knownHere)
    .then(show, function () {
      show(false);
    });
})();
