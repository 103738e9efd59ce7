// storyline dashboard: the page's only script, served from /static (CSP: script-src 'self').
// Progressive enhancement only: every page works without it.
"use strict";
document.addEventListener("DOMContentLoaded", function () {
  // Bring the cited sentence into view when the link carried no #anchor.
  var target = document.querySelector(".s.hl");
  if (target && !window.location.hash) {
    target.scrollIntoView({ block: "center" });
  }
  // Filter drop-downs apply at once.
  document.querySelectorAll("form.filters select").forEach(function (el) {
    el.addEventListener("change", function () { el.form.submit(); });
  });
});
