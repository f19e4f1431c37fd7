// Legal center behaviour. Served as an external file: the site's
// Content-Security-Policy allows no inline script.
(function () {
  "use strict";

  // Language menu: keep the reader's current section (#fragment) when
  // switching language. Anchors are identical in every language.
  function syncLanguageLinks() {
    var hash = window.location.hash;
    var links = document.querySelectorAll("a[data-keep-fragment]");
    for (var i = 0; i < links.length; i++) {
      var a = links[i];
      var base = a.getAttribute("href").split("#")[0];
      a.setAttribute("href", base + hash);
    }
  }
  syncLanguageLinks();
  window.addEventListener("hashchange", syncLanguageLinks);

  // Legal navigation: collapsible on narrow screens. Without script the
  // navigation simply stays open.
  var nav = document.getElementById("legal-nav");
  var toggle = nav && nav.querySelector(".nav-toggle");
  if (toggle) {
    toggle.hidden = false;
    nav.classList.add("collapsible");
    toggle.addEventListener("click", function () {
      var open = toggle.getAttribute("aria-expanded") === "true";
      toggle.setAttribute("aria-expanded", String(!open));
      nav.classList.toggle("open", !open);
    });
  }

  // Table of contents: closed on narrow screens (the breakpoint of
  // site.css), open on wide ones, following the width as it changes (a
  // phone turned, a window resized) until the reader opens or closes it
  // themselves: then it stays as they left it. The HTML has it open:
  // without script it stays open.
  var toc = document.querySelector(".toc > details");
  if (toc && window.matchMedia) {
    var narrow = window.matchMedia("(max-width: 48rem)");
    var fitToc = function () { toc.open = !narrow.matches; };
    fitToc();
    if (narrow.addEventListener) {
      narrow.addEventListener("change", fitToc);
      var summary = toc.querySelector("summary");
      if (summary) {
        summary.addEventListener("click", function () {
          narrow.removeEventListener("change", fitToc);
        });
      }
    }
  }

  // "Was this page helpful?": acknowledge the answer.
  var buttons = document.querySelectorAll("[data-helpful]");
  for (var j = 0; j < buttons.length; j++) {
    buttons[j].addEventListener("click", function (e) {
      var box = e.target.closest(".helpful");
      box.querySelector(".helpful-answer").hidden = true;
      box.querySelector(".helpful-thanks").hidden = false;
    });
  }
})();
