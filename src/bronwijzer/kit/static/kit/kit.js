// Gesprekskit: a "copy link" button (without JavaScript the link stays selectable in its field),
// and on "Stuur naar ouder" the device's share sheet where there is one (without it, the links).
(function () {
  "use strict";
  document.querySelectorAll("[data-copy]").forEach(function (button) {
    var field = document.querySelector(button.getAttribute("data-copy"));
    var status = button.parentElement.querySelector(".kit-share__status");
    if (!field || !navigator.clipboard) return;
    button.hidden = false;
    button.addEventListener("click", function () {
      navigator.clipboard.writeText(field.value).then(function () {
        if (status) status.textContent = status.getAttribute("data-copied");
      }, function () {
        field.select();
      });
    });
  });
  document.querySelectorAll("[data-share]").forEach(function (button) {
    if (typeof navigator.share !== "function") return;
    button.parentElement.hidden = false;
    button.addEventListener("click", function () {
      navigator.share({
        title: button.getAttribute("data-share-title"),
        text: button.getAttribute("data-share-text"),
        url: button.getAttribute("data-share-url")
      }).catch(function () {});  // closed without sharing: nothing to do
    });
  });
})();
