// Gesprekskit: a "copy link" button. Without JavaScript the link stays selectable in its field.
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
})();
