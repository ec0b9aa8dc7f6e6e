// Mildkracht's guided player and practice timer.
//
// Progressive enhancement: without JavaScript the page shows every step as a list and a form
// to save the minutes by hand. With it, the steps come one at a time with a calm timer, an
// optional bell (made here with the Web Audio API: no sound files), an optional breathing
// guide (CSS classes, see practice.css) and optional reading aloud. When the practice ends or
// is ended, the minutes really practised are saved through that same form.
(function () {
  "use strict";

  var root = document.getElementById("player");
  if (!root) {
    return;
  }

  var MIN_LOG_SECONDS = 10;
  var TICK_MS = 250;
  var BREATH_MS = { in: 4000, out: 6000 };
  var STORAGE_PREFIX = "mildkracht.player.";

  var steps = Array.prototype.slice.call(root.querySelectorAll(".player-step"));
  var progress = root.querySelector(".player-progress");
  var clock = root.querySelector(".player-clock");
  var status = root.querySelector(".player-status");
  var pacer = root.querySelector(".pacer");
  var pacerLabel = root.querySelector(".pacer-label");
  var controls = root.querySelector(".player-controls");
  var options = root.querySelector(".player-options");
  var stepButtons = root.querySelector(".step-buttons");
  var form = root.querySelector(".player-log");
  var isTimer = root.dataset.mode === "timer";

  var state = {
    index: -1,
    started: false,
    running: false,
    finished: false,
    activeMs: 0,
    stepLeftMs: null,
    lastTick: 0,
    ticker: null,
    breathTimer: null,
    audio: null,
    wakeLock: null,
  };

  function text(name) {
    return root.dataset["text" + name] || "";
  }

  function fill(template, values) {
    return template.replace(/\{(\w+)\}/g, function (match, key) {
      return Object.prototype.hasOwnProperty.call(values, key) ? String(values[key]) : match;
    });
  }

  function button(action) {
    return root.querySelector('[data-action="' + action + '"]');
  }

  function optionBox(name) {
    return root.querySelector('[data-option="' + name + '"]');
  }

  function option(name) {
    var box = optionBox(name);
    return Boolean(box && box.checked);
  }

  function show(element, visible) {
    if (element) {
      element.hidden = !visible;
    }
  }

  // Options are remembered on this device only.
  function restoreOptions() {
    ["bell", "pacer", "voice"].forEach(function (name) {
      var box = optionBox(name);
      if (!box) {
        return;
      }
      try {
        var saved = window.localStorage.getItem(STORAGE_PREFIX + name);
        if (saved !== null) {
          box.checked = saved === "1";
        }
      } catch (error) {
        // Storage may be switched off; the defaults in the page then apply.
      }
      box.addEventListener("change", function () {
        try {
          window.localStorage.setItem(STORAGE_PREFIX + name, box.checked ? "1" : "0");
        } catch (error) {
          // Not remembered, which is fine.
        }
        optionChanged(name);
      });
    });
  }

  // The bell: two soft sine tones that fade out slowly.
  function unlockAudio() {
    var AudioContext = window.AudioContext || window.webkitAudioContext;
    if (!state.audio && AudioContext) {
      try {
        state.audio = new AudioContext();
      } catch (error) {
        state.audio = null;
      }
    }
    if (state.audio && state.audio.state === "suspended") {
      state.audio.resume();
    }
  }

  function bell() {
    if (!option("bell") || !state.audio) {
      return;
    }
    var context = state.audio;
    var now = context.currentTime;
    var master = context.createGain();
    master.gain.setValueAtTime(0.0001, now);
    master.gain.exponentialRampToValueAtTime(0.22, now + 0.03);
    master.gain.exponentialRampToValueAtTime(0.0001, now + 5);
    master.connect(context.destination);
    [
      [528, 1],
      [528 * 2.4, 0.18],
    ].forEach(function (partial) {
      var oscillator = context.createOscillator();
      var gain = context.createGain();
      oscillator.type = "sine";
      oscillator.frequency.value = partial[0];
      gain.gain.value = partial[1];
      oscillator.connect(gain);
      gain.connect(master);
      oscillator.start(now);
      oscillator.stop(now + 5.2);
    });
  }

  // Reading aloud in the page's language, with a voice for it where the device has one.
  function canSpeak() {
    return "speechSynthesis" in window && "SpeechSynthesisUtterance" in window;
  }

  function speechLanguage() {
    return root.dataset.speechLang || document.documentElement.lang || "nl-NL";
  }

  // A voice for the page's language: the exact one (nl-NL) if there is one, else any of the
  // language (nl-BE). Without one, reading aloud is not offered.
  function voiceForPage() {
    if (!canSpeak()) {
      return null;
    }
    var wanted = speechLanguage().toLowerCase();
    var voices = window.speechSynthesis.getVoices().filter(function (candidate) {
      return candidate.lang.replace("_", "-").toLowerCase().indexOf(wanted.slice(0, 2)) === 0;
    });
    var exact = voices.filter(function (candidate) {
      return candidate.lang.replace("_", "-").toLowerCase() === wanted;
    });
    return exact[0] || voices[0] || null;
  }

  function offerReadingAloud() {
    var voiceOption = root.querySelector('[data-needs="speech"]');
    if (voiceOption) {
      show(voiceOption, voiceForPage() !== null);
    }
  }

  function speak(words) {
    var voice = voiceForPage();
    if (!option("voice") || !voice) {
      return;
    }
    var utterance = new window.SpeechSynthesisUtterance(words);
    utterance.lang = speechLanguage();
    utterance.voice = voice;
    utterance.rate = 0.9;
    window.speechSynthesis.cancel();
    window.speechSynthesis.speak(utterance);
  }

  function stopSpeaking() {
    if (canSpeak()) {
      window.speechSynthesis.cancel();
    }
  }

  // The breathing guide: a circle that grows on the in-breath and shrinks on the longer
  // out-breath (or, with reduced motion, only changes colour).
  function breathingWanted() {
    var step = steps[state.index];
    return Boolean(
      pacer && option("pacer") && state.running && step && step.dataset.breathing === "1"
    );
  }

  function breathe(phase) {
    pacer.classList.toggle("is-in", phase === "in");
    pacer.classList.toggle("is-out", phase === "out");
    pacerLabel.textContent = phase === "in" ? text("BreatheIn") : text("BreatheOut");
    state.breathTimer = window.setTimeout(function () {
      breathe(phase === "in" ? "out" : "in");
    }, BREATH_MS[phase]);
  }

  function updatePacer() {
    if (!pacer) {
      return;
    }
    if (breathingWanted()) {
      if (state.breathTimer === null) {
        show(pacer, true);
        breathe("in");
      }
      return;
    }
    window.clearTimeout(state.breathTimer);
    state.breathTimer = null;
    pacer.classList.remove("is-in", "is-out");
    show(pacer, false);
  }

  function formatTime(milliseconds) {
    var total = Math.max(0, Math.ceil(milliseconds / 1000));
    var minutes = Math.floor(total / 60);
    var seconds = total % 60;
    return minutes + ":" + (seconds < 10 ? "0" : "") + seconds;
  }

  function renderClock() {
    if (state.started && !state.running) {
      clock.textContent = text("Paused");
    } else if (state.stepLeftMs === null) {
      clock.textContent = text("Untimed");
    } else {
      clock.textContent = fill(text("Left"), { time: formatTime(state.stepLeftMs) });
    }
  }

  function calmMotion() {
    return Boolean(
      window.matchMedia && window.matchMedia("(prefers-reduced-motion: reduce)").matches
    );
  }

  // The player's top (the step's number, then the step) into view, without animation for a
  // person who asked for less motion.
  function scrollToPlayer() {
    root.scrollIntoView({ block: "start", behavior: calmMotion() ? "auto" : "smooth" });
  }

  // On a phone a long step is read by scrolling down to the buttons below it; the next step
  // then starts above the screen. Bring its beginning back into view, and only then.
  function showStepStart() {
    var top = steps[state.index].getBoundingClientRect().top;
    if (top < 0 || top > window.innerHeight) {
      scrollToPlayer();
    }
  }

  function goTo(index) {
    var moving = state.index >= 0;
    state.index = index;
    steps.forEach(function (step, position) {
      step.classList.toggle("is-current", position === index);
    });
    var seconds = parseInt(steps[index].dataset.seconds, 10);
    state.stepLeftMs = seconds > 0 ? seconds * 1000 : null;
    if (!isTimer) {
      progress.textContent = fill(text("Step"), { number: index + 1, total: steps.length });
      button("previous").disabled = index === 0;
    }
    window.clearTimeout(state.breathTimer);
    state.breathTimer = null;
    updatePacer();
    renderClock();
    if (!isTimer && state.running) {
      speak(steps[index].textContent.trim());
    }
    if (moving && !isTimer) {
      showStepStart();
    }
  }

  // Count the time since the last tick as practice, unless paused.
  function account() {
    var now = Date.now();
    var elapsed = now - state.lastTick;
    state.lastTick = now;
    if (state.running) {
      state.activeMs += elapsed;
      if (state.stepLeftMs !== null) {
        state.stepLeftMs -= elapsed;
      }
    }
  }

  function tick() {
    account();
    if (!state.running) {
      return;
    }
    if (state.stepLeftMs !== null && state.stepLeftMs <= 0) {
      advance();
      return;
    }
    renderClock();
  }

  function advance() {
    if (state.index < steps.length - 1) {
      bell();
      goTo(state.index + 1);
    } else {
      finish();
    }
  }

  function keepScreenOn() {
    if (navigator.wakeLock && navigator.wakeLock.request) {
      navigator.wakeLock.request("screen").then(
        function (lock) {
          state.wakeLock = lock;
        },
        function () {
          state.wakeLock = null;
        }
      );
    }
  }

  function releaseScreen() {
    if (state.wakeLock) {
      state.wakeLock.release();
      state.wakeLock = null;
    }
  }

  function start() {
    unlockAudio();
    state.started = true;
    state.running = true;
    state.finished = false;
    state.activeMs = 0;
    state.lastTick = Date.now();
    status.textContent = "";
    root.classList.add("is-playing");
    show(button("start"), false);
    show(button("pause"), true);
    show(button("finish"), true);
    show(stepButtons, true);
    show(progress, !isTimer);
    show(clock, true);
    bell();
    goTo(0);
    state.ticker = window.setInterval(tick, TICK_MS);
    keepScreenOn();
    button("pause").focus({ preventScroll: true });
    scrollToPlayer();
  }

  function togglePause() {
    account();
    state.running = !state.running;
    state.lastTick = Date.now();
    button("pause").textContent = state.running ? text("Pause") : text("Resume");
    root.classList.toggle("is-paused", !state.running);
    if (state.running) {
      keepScreenOn();
    } else {
      stopSpeaking();
      releaseScreen();
    }
    updatePacer();
    renderClock();
  }

  function step(offset) {
    account();
    var target = state.index + offset;
    if (target >= steps.length) {
      finish();
    } else if (target >= 0) {
      goTo(target);
    }
  }

  function stopPlaying() {
    account();
    window.clearInterval(state.ticker);
    state.running = false;
    state.finished = true;
    stopSpeaking();
    releaseScreen();
    updatePacer();
    root.classList.remove("is-playing", "is-paused");
    show(button("pause"), false);
    show(button("finish"), false);
    show(stepButtons, false);
    show(clock, false);
    return Math.round(state.activeMs / 1000);
  }

  function reset() {
    state.started = false;
    state.index = -1;
    steps.forEach(function (item, position) {
      item.classList.toggle("is-current", isTimer && position === 0);
    });
    show(progress, false);
    show(button("start"), true);
    button("pause").textContent = text("Pause");
    if (isTimer) {
      clock.textContent = formatTime(parseInt(steps[0].dataset.seconds, 10) * 1000);
      show(clock, true);
    }
  }

  function finish() {
    if (state.finished) {
      return;
    }
    var seconds = stopPlaying();
    bell();
    if (seconds < MIN_LOG_SECONDS) {
      status.textContent = text("TooShort");
      reset();
      return;
    }
    status.textContent = text("Saving");
    save(seconds);
  }

  function formData(seconds) {
    form.elements.seconds.value = String(seconds);
    return new FormData(form);
  }

  function save(seconds) {
    window
      .fetch(form.action, {
        method: "POST",
        body: formData(seconds),
        headers: { Accept: "application/json" },
        credentials: "same-origin",
      })
      .then(function (response) {
        if (!response.ok) {
          throw new Error("HTTP " + response.status);
        }
        return response.json();
      })
      .then(function (data) {
        state.saved = true;
        window.location.assign(data.next);
      })
      .catch(function (error) {
        if (error instanceof TypeError && keepOnPhone(seconds)) {
          return; // no connection: kept, and sent when it returns
        }
        status.textContent = text("Failed");
        form.elements.seconds.value = "";
        form.elements.minutes.value = String(Math.max(1, Math.round(seconds / 60)));
        root.classList.add("show-log-form");
      });
  }

  // Offline (static/pages/offline.js): the practice waits on the phone, with an id of its own.
  function keepOnPhone(seconds) {
    if (!window.Mildkracht) {
      return false;
    }
    var exercise = form.elements.exercise.value;
    window.Mildkracht.keep("sessions", {
      exercise_id: exercise,
      kind: root.dataset.practiceKind || "formal",
      source: exercise ? "player" : "timer",
      started_at: new Date(Date.now() - seconds * 1000).toISOString(),
      seconds: seconds,
    });
    state.saved = true;
    status.textContent = text("Kept");
    reset();
    return true;
  }

  // Leaving the page in the middle of a practice counts as ending it.
  function saveOnLeave() {
    if (!state.started || state.finished) {
      return;
    }
    var seconds = stopPlaying();
    if (seconds < MIN_LOG_SECONDS) {
      return;
    }
    if (!navigator.onLine) {
      keepOnPhone(seconds);
    } else if (navigator.sendBeacon) {
      navigator.sendBeacon(form.action, formData(seconds));
    }
  }

  function optionChanged(name) {
    if (name === "pacer") {
      updatePacer();
    } else if (name === "voice") {
      if (option("voice") && state.running && !isTimer) {
        speak(steps[state.index].textContent.trim());
      } else {
        stopSpeaking();
      }
    }
  }

  function enhance() {
    if (!steps.length || !form || !window.fetch || !window.FormData) {
      return;
    }
    if (canSpeak()) {
      // Browsers may load their voices only after the page: offer reading aloud once the
      // page's language has a voice.
      offerReadingAloud();
      window.speechSynthesis.addEventListener("voiceschanged", offerReadingAloud);
    }
    restoreOptions();
    root.classList.add("is-enhanced");
    if (isTimer) {
      // The timer shows its text and its full length before it starts.
      steps[0].classList.add("is-current");
      clock.textContent = formatTime(parseInt(steps[0].dataset.seconds, 10) * 1000);
      show(clock, true);
    }
    show(options, true);
    show(controls, true);
    button("start").addEventListener("click", start);
    button("pause").addEventListener("click", togglePause);
    button("finish").addEventListener("click", finish);
    if (!isTimer) {
      button("previous").addEventListener("click", function () {
        step(-1);
      });
      button("next").addEventListener("click", function () {
        step(1);
      });
    }
    window.addEventListener("pagehide", saveOnLeave);
    document.addEventListener("visibilitychange", function () {
      if (document.visibilityState === "visible" && state.running) {
        keepScreenOn();
      }
    });
  }

  enhance();
})();
