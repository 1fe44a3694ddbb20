/* "Snel weg": the GOV.UK "Exit this page" pattern, progressively enhanced.
 * Without JavaScript the button is a plain link to a neutral site.
 * With it: the page is blanked at once, the history entry is replaced
 * (location.replace), and pressing Shift three times within 5 seconds exits too. */
(function () {
  "use strict";
  var root = document.querySelector("[data-quick-exit]");
  if (!root) return;
  var button = root.querySelector("[data-quick-exit-button]");
  var hint = root.querySelector("[data-quick-exit-hint]");
  var status = root.querySelector("[data-quick-exit-status]");
  var target = button.getAttribute("href");

  function exit(event) {
    if (event) event.preventDefault();
    var overlay = document.createElement("div");
    overlay.className = "quick-exit-overlay";
    overlay.setAttribute("role", "alert");
    overlay.textContent = document.documentElement.lang === "en" ? "Leaving page" : "Pagina wordt verlaten";
    document.body.appendChild(overlay);
    document.documentElement.classList.add("quick-exit-active");
    document.title = ".";
    window.location.replace(target);
  }

  button.addEventListener("click", exit);
  button.addEventListener("keydown", function (event) {
    // A link with role="button" must also work with Space, as a real button does.
    if (event.key === " ") exit(event);
  });
  if (hint) hint.hidden = false;

  var presses = 0;
  var timer = null;
  document.addEventListener("keyup", function (event) {
    if (event.key !== "Shift") return;
    presses += 1;
    if (timer) clearTimeout(timer);
    timer = setTimeout(function () { presses = 0; if (status) status.textContent = ""; }, 5000);
    if (presses >= 3) { exit(); return; }
    if (status) {
      status.textContent = (document.documentElement.lang === "en")
        ? "Shift pressed " + presses + " of 3 times"
        : "Shift " + presses + " van 3 keer ingedrukt";
    }
  });
  window.addEventListener("pageshow", function (event) {
    // Coming back from the bfcache after an exit: blank rather than reveal the page.
    if (event.persisted && document.documentElement.classList.contains("quick-exit-active")) {
      document.documentElement.classList.add("quick-exit-active");
    }
  });
})();
