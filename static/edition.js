// Progressive enhancement only: the page is complete without this script.
// 1. A "Copy" button beside each paragraph citation.  2. Escape closes a correction's explanation.
// 3. The chosen reading (corrected / as transcribed) is remembered while browsing the site.
(function () {
  "use strict";
  document.querySelectorAll(".ed-cite-box").forEach(function (box) {
    var text = box.querySelector(".ed-cite-text");
    if (!text || !navigator.clipboard) { return; }
    var button = document.createElement("button");
    button.type = "button";
    button.className = "ed-copy";
    button.textContent = "Copy";
    button.addEventListener("click", function () {
      navigator.clipboard.writeText(text.textContent).then(function () {
        button.textContent = "Copied";
      }, function () {
        button.textContent = "Select and copy the text";
      });
    });
    box.appendChild(button);
  });
  document.addEventListener("keydown", function (event) {
    if (event.key === "Escape" && document.activeElement && document.activeElement.classList.contains("ed-choice")) {
      document.activeElement.classList.add("ed-tip-dismissed");
    }
  });
  document.addEventListener("focusout", function (event) {
    if (event.target.classList && event.target.classList.contains("ed-choice")) {
      event.target.classList.remove("ed-tip-dismissed");
    }
  });
  // Keep a correction's explanation inside the window.
  function placeTip(choice) {
    var tip = choice.querySelector(".ed-tip");
    if (!tip) { return; }
    tip.classList.remove("ed-tip-right");
    if (tip.getBoundingClientRect().right > document.documentElement.clientWidth - 8) {
      tip.classList.add("ed-tip-right");
    }
  }
  document.querySelectorAll(".ed-choice").forEach(function (choice) {
    choice.addEventListener("mouseenter", function () { placeTip(choice); });
    choice.addEventListener("focus", function () { placeTip(choice); });
  });
  // On a narrow screen the contents start folded, so the text comes first.
  var toc = document.querySelector(".ed-toc details");
  if (toc && window.matchMedia("(max-width: 61.99rem)").matches) { toc.open = false; }
  var key = "ed-reading";
  var radios = document.querySelectorAll("input[name='ed-reading']");
  try {
    var saved = window.sessionStorage.getItem(key);
    radios.forEach(function (r) { if (r.value === saved) { r.checked = true; } });
    radios.forEach(function (r) {
      r.addEventListener("change", function () { window.sessionStorage.setItem(key, r.value); });
    });
  } catch (e) { /* storage unavailable (file:// in some browsers): the switch still works */ }
}());
