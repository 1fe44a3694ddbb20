// "Luister": the handout read aloud, sentence by sentence, by the phone's own voices.
//
// The server marks every sentence (data-sentence="own" in her language, "nl" in Dutch, "shared"
// for names read in both); this script only walks them. It uses only voices the browser marks
// as running on the device (localService === true), so no text is sent anywhere, and picks one
// whose language matches (ar-SA for ar). Voices load asynchronously (voiceschanged). Without a
// voice for her language it says so and offers the Dutch reading; without speechSynthesis at all
// it says listening is not possible here. Pause stops the sentence and Play starts it again:
// speechSynthesis.pause() does not work on every phone.
(function () {
  "use strict";
  var panel = document.querySelector("[data-listen]");
  if (!panel) return;
  var own = panel.getAttribute("data-listen-lang");
  var nojs = panel.querySelector("[data-listen-nojs]");
  if (nojs) nojs.hidden = true;
  var synth = window.speechSynthesis;
  if (!synth || typeof window.SpeechSynthesisUtterance !== "function") {
    panel.querySelector("[data-listen-no-speech]").hidden = false;
    return;
  }
  var bar = panel.querySelector("[data-listen-bar]");
  var status = panel.querySelector("[data-listen-status]");
  var noVoice = panel.querySelector("[data-listen-no-voice]");
  var playButton = panel.querySelector("[data-listen-play]");
  var dutchButton = panel.querySelector("[data-listen-dutch]");
  var reduceMotion = window.matchMedia && window.matchMedia("(prefers-reduced-motion: reduce)").matches;

  var voices = [];
  var reading = null;  // the language being read: her language or "nl"
  var sentences = [];
  var index = 0;
  var playing = false;
  var turn = 0;  // which utterance is current: a cancelled one's late events are ignored

  function localVoices() {
    var all = synth.getVoices() || [];
    return Array.prototype.filter.call(all, function (voice) { return voice.localService === true; });
  }

  function voiceFor(lang) {
    var wanted = String(lang).toLowerCase();
    var matches = voices.filter(function (voice) {
      var have = String(voice.lang || "").toLowerCase().replace("_", "-");
      return have === wanted || have.indexOf(wanted + "-") === 0;
    });
    return matches.filter(function (voice) { return voice.default; })[0] || matches[0] || null;
  }

  function sentencesOf(lang) {
    var kinds = lang === own ? '[data-sentence="shared"],[data-sentence="own"]' : '[data-sentence="shared"],[data-sentence="nl"]';
    return Array.prototype.slice.call(document.querySelectorAll(kinds));
  }

  function say(key) {
    var suffix = reading === "nl" && own !== "nl" ? "-nl" : "";
    status.textContent = panel.getAttribute("data-" + key + suffix) || panel.getAttribute("data-" + key) || "";
  }

  function mark(current) {
    sentences.forEach(function (el) {
      if (el !== current) {
        el.classList.remove("is-speaking");
        el.removeAttribute("aria-current");
      }
    });
    if (!current) return;
    current.classList.add("is-speaking");
    current.setAttribute("aria-current", "true");
    current.scrollIntoView({ block: "center", behavior: reduceMotion ? "auto" : "smooth" });
  }

  function speak() {
    var el = sentences[index];
    var mine = ++turn;
    if (!el) { stop(); return; }
    mark(el);
    var voice = voiceFor(el.getAttribute("lang") || reading) || voiceFor(reading);
    if (!voice) { stop(); return; }
    var utterance = new SpeechSynthesisUtterance(el.getAttribute("data-say") || el.textContent.trim());
    utterance.voice = voice;
    utterance.lang = voice.lang;
    utterance.onstart = function () { if (mine === turn) mark(el); };
    utterance.onend = function () {
      if (mine !== turn || !playing) return;
      index += 1;
      if (index < sentences.length) speak();
      else { stop(); }
    };
    utterance.onerror = function (event) {
      if (mine !== turn) return;
      if (event && (event.error === "interrupted" || event.error === "canceled")) return;
      pause();
    };
    synth.speak(utterance);
  }

  function start(lang) {
    if (!voiceFor(lang)) return;
    if (reading !== lang) {
      reading = lang;
      sentences = sentencesOf(lang);
      index = 0;
    }
    turn += 1;
    synth.cancel();
    playing = true;
    say("playing");
    speak();
  }

  function pause() {
    if (!playing) return;
    playing = false;
    turn += 1;
    synth.cancel();
    say("paused");
  }

  function stop() {
    playing = false;
    turn += 1;
    synth.cancel();
    index = 0;
    mark(null);
    say("stopped");
  }

  function step(delta) {
    if (!reading) {  // before anything was played: start where a reading would
      reading = voiceFor(own) || !dutchButton ? own : "nl";
      sentences = sentencesOf(reading);
      index = delta > 0 ? -1 : 1;
    }
    index = Math.max(0, Math.min(sentences.length - 1, index + delta));
    if (playing) {
      turn += 1;
      synth.cancel();
      speak();
    } else {
      mark(sentences[index]);
    }
  }

  function update() {
    voices = localVoices();
    var hasOwn = !!voiceFor(own);
    var hasDutch = !!voiceFor("nl");
    if (!voices.length && !update.waited) return;  // still loading: voiceschanged or the timer comes
    bar.hidden = false;
    noVoice.hidden = hasOwn || own === "nl";
    playButton.hidden = !hasOwn;
    if (dutchButton) dutchButton.hidden = !hasDutch;
    if (!hasOwn && !hasDutch) {
      bar.hidden = true;
      panel.querySelector("[data-listen-no-speech]").hidden = false;
      noVoice.hidden = true;
    }
  }

  playButton.addEventListener("click", function () { start(own); });
  if (dutchButton) dutchButton.addEventListener("click", function () { start("nl"); });
  panel.querySelector("[data-listen-pause]").addEventListener("click", pause);
  panel.querySelector("[data-listen-stop]").addEventListener("click", stop);
  panel.querySelector("[data-listen-previous]").addEventListener("click", function () { step(-1); });
  panel.querySelector("[data-listen-next]").addEventListener("click", function () { step(1); });
  if (typeof synth.addEventListener === "function") synth.addEventListener("voiceschanged", update);
  else synth.onvoiceschanged = update;
  window.addEventListener("pagehide", function () { synth.cancel(); });
  update();
  // Some browsers never fire voiceschanged when they have no voices: decide after a moment.
  window.setTimeout(function () { update.waited = true; update(); }, 1500);
})();
