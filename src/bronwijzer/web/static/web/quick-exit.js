/* "Snel weg": the GOV.UK "Exit this page" pattern, progressively enhanced.
 * Without JavaScript the button is a plain link to a neutral site.
 * With it: the page is blanked at once, the history entry is replaced
 * (location.replace), and pressing Shift three times in quick succession exits too.
 *
 * Only Shift pressed and released on its own counts, as in GOV.UK Frontend: any other
 * key, or Shift used as a modifier (a capital letter, Shift+Tab, Shift+click, Ctrl+Shift),
 * resets the count. So typing text with capitals never exits, however it is typed
 * (Shift released before or after the letter). Inside an iframe (/embed/) the exit
 * leaves the partner's page as a whole when the browser allows it, else the frame. */
(function () {
  "use strict";
  var root = document.querySelector("[data-quick-exit]");
  if (!root) return;
  var button = root.querySelector("[data-quick-exit-button]");
  var hint = root.querySelector("[data-quick-exit-hint]");
  var status = root.querySelector("[data-quick-exit-status]");
  var target = button.getAttribute("href");
  // The words come from the page, in its language (gettext in web/partials/_quick_exit.html).
  var leaving = root.getAttribute("data-quick-exit-leaving") || "";
  var counted = root.getAttribute("data-quick-exit-count") || "";
  var PRESSES_TO_EXIT = 3;
  var WINDOW_MS = 5000;

  function leave() {
    if (window.top !== window.self) {
      try {
        window.top.location.replace(target);
        return;
      } catch (error) {
        // A partner page on another origin may refuse; then at least this frame goes.
      }
    }
    window.location.replace(target);
  }

  function exit(event) {
    if (event) event.preventDefault();
    var overlay = document.createElement("div");
    overlay.className = "quick-exit-overlay";
    overlay.setAttribute("role", "alert");
    overlay.textContent = leaving;
    document.body.appendChild(overlay);
    document.documentElement.classList.add("quick-exit-active");
    document.title = ".";
    leave();
  }

  button.addEventListener("click", exit);
  button.addEventListener("keydown", function (event) {
    // A link with role="button" must also work with Space, as a real button does.
    if (event.key === " ") exit(event);
  });
  if (hint) hint.hidden = false;

  var presses = 0;
  var timer = null;
  var shiftAlone = false; // Shift is down and nothing else has happened since

  function say(text) {
    if (status) status.textContent = text;
  }

  function reset() {
    presses = 0;
    shiftAlone = false;
    if (timer) clearTimeout(timer);
    timer = null;
    say("");
  }

  function count() {
    presses += 1;
    if (timer) clearTimeout(timer);
    timer = setTimeout(reset, WINDOW_MS);
    if (presses >= PRESSES_TO_EXIT) {
      reset();
      exit();
      return;
    }
    say(counted.replace("{n}", presses).replace("{total}", PRESSES_TO_EXIT));
  }

  document.addEventListener("keydown", function (event) {
    if (event.key === "Shift") {
      if (!event.repeat) shiftAlone = !(event.ctrlKey || event.altKey || event.metaKey);
      return;
    }
    // Any other key, with or without Shift: the count starts again.
    reset();
  }, true);

  document.addEventListener("keyup", function (event) {
    if (event.key !== "Shift") return;
    var alone = shiftAlone;
    shiftAlone = false;
    if (alone) count();
  }, true);

  function modifierUse(event) {
    // Shift+click, Shift+wheel and the like use Shift as a modifier.
    if (event.shiftKey) shiftAlone = false;
  }
  document.addEventListener("pointerdown", modifierUse, true);
  document.addEventListener("wheel", modifierUse, {capture: true, passive: true});
  window.addEventListener("blur", reset);

  window.addEventListener("pageshow", function (event) {
    // Back from the bfcache after an exit: the page is still blanked; leave again.
    if (event.persisted && document.documentElement.classList.contains("quick-exit-active")) leave();
  });
})();
