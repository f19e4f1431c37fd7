// Legal center behaviour. Served as an external file: the site's
// Content-Security-Policy allows no inline script.
(function () {
  "use strict";

  // The page's script runs (the browser tests wait for this mark).
  document.documentElement.classList.add("js");

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

  // Table of contents: closed in the HTML. In the wide layout site.css
  // shows its list beside the document all the same; marking it open there
  // tells screen readers so, and moves nothing. It follows the width as it
  // changes (a window resized, a tablet turned) until the reader opens or
  // closes it themselves: then it stays as they left it.
  var toc = document.querySelector(".toc > details");
  if (toc && window.matchMedia) {
    var wide = window.matchMedia("(min-width: 80rem)");
    var fitToc = function () { toc.open = wide.matches; };
    fitToc();
    if (wide.addEventListener) {
      wide.addEventListener("change", fitToc);
      var summary = toc.querySelector("summary");
      if (summary) {
        summary.addEventListener("click", function () {
          wide.removeEventListener("change", fitToc);
        });
      }
    }
  }

  // The header's menus (the language menu, the partner panel, the phone's
  // menu) are <details>: they open and close without script. With it,
  // Escape closes the menu that holds the focus (the innermost), and puts
  // the focus back on its button, or else every open menu; a click
  // outside an open menu closes it.
  var menus = document.querySelectorAll(".langmenu, .site-header .panel, .site-menu");
  document.addEventListener("keydown", function (e) {
    if (e.key !== "Escape" && e.key !== "Esc") return;
    var open = [];
    for (var i = 0; i < menus.length; i++) {
      if (menus[i].open) open.push(menus[i]);
    }
    var focused = null;
    for (var k = open.length - 1; k >= 0 && !focused; k--) {
      if (open[k].contains(document.activeElement)) focused = open[k];
    }
    if (focused) {
      focused.open = false;
      focused.querySelector("summary").focus();
      return;
    }
    for (var m = 0; m < open.length; m++) open[m].open = false;
  });
  document.addEventListener("click", function (e) {
    for (var i = 0; i < menus.length; i++) {
      if (menus[i].open && !menus[i].contains(e.target)) menus[i].open = false;
    }
  });

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
