// Live preview (python build.py serve): served only by the preview server, never written into the site.
// Listens to the server's event stream; reloads this page when its file (or a static file) changed, and
// shows the problems of a broken save in an overlay until a build succeeds again.
(function () {
  "use strict";
  var me = document.currentScript.getAttribute("data-page");
  var served = Number(document.currentScript.getAttribute("data-generation"));  // the build this page shows
  var overlay = null;
  var style = document.createElement("link");
  style.rel = "stylesheet";
  style.href = "/__live__/live.css";
  document.head.appendChild(style);

  function showProblems(problems) {
    if (!overlay) {
      overlay = document.createElement("section");
      overlay.className = "ed-live-overlay";
      overlay.setAttribute("role", "alert");
      document.body.appendChild(overlay);
    }
    overlay.replaceChildren();
    var title = document.createElement("h2");
    title.textContent = "The last save does not build — this page shows the last good build";
    overlay.appendChild(title);
    var list = document.createElement("ul");
    problems.forEach(function (p) {
      var item = document.createElement("li");
      var where = document.createElement("code");
      where.textContent = p.where;
      item.appendChild(where);
      item.appendChild(document.createTextNode(" " + p.severity + ": " + p.message));
      list.appendChild(item);
    });
    overlay.appendChild(list);
  }

  var events = new EventSource("/__live__/events");
  events.onmessage = function (event) {
    var state = JSON.parse(event.data);
    if (state.problems.length) { showProblems(state.problems); return; }
    if (overlay) { overlay.remove(); overlay = null; }
    if (state.generation <= served) { return; }
    var changed = state.changed;
    var missed = state.generation > served + 1;  // builds published while this page loaded: reload to be sure
    served = state.generation;
    if (missed || changed === "*" || changed.indexOf(me) >= 0 ||
        changed.some(function (path) { return path.indexOf("static/") === 0; })) {
      location.reload();
    }
  };
}());
