// Search, as progressive enhancement: every page's header holds a note that search needs the site served,
// with links to the contents and the indexes of names; when the page is served (http or https) this script
// shows the search field instead. On the search page it runs the query against the site's Pagefind index
// (pagefind/<group>/ for each group of texts, listed in pagefind/groups.json: edition/search.py) and lists
// each text with its passages, each linked to its paragraph. A site built without the index has a search
// page that says so (data-index="absent"): nothing is loaded there.
(function () {
  "use strict";
  if (location.protocol !== "http:" && location.protocol !== "https:") { return; }  // file://: the note stays
  var page = document.getElementById("ed-search-page");
  document.querySelectorAll(".ed-search-box .ed-search-off").forEach(function (note) { note.hidden = true; });
  if (!page) {  // the search page has its own field
    document.querySelectorAll(".ed-search-form").forEach(function (form) { form.hidden = false; });
  }

  if (!page || page.getAttribute("data-index") === "absent") { return; }
  var form = document.getElementById("ed-search-main");
  var input = document.getElementById("ed-search-q");
  var status = document.getElementById("ed-search-status");
  var list = document.getElementById("ed-search-results");
  var filterBox = document.getElementById("ed-search-filters");
  var root = new URL(".", location.href);  // the search page lives at the site's root
  var PASSAGE_ELEMENTS = /^(p|h[1-6]|li|blockquote|aside|dd|td|div|section)$/i;
  var BLOCK_ELEMENTS = /^(p|h[1-6]|li|blockquote|aside|dd|dt|td|section|div|ol|ul|dl|header|footer)$/i;
  var PASSAGES_SHOWN = 3;
  var RESULTS_SHOWN = 25;
  var EXCERPT_WORDS = 28;
  var pagefind = null;
  var filters = {};
  var searchNumber = 0;

  function say(text) { status.textContent = text; }

  function fail(what) {
    say("Search is not available: " + what + " Browse the contents or the indexes of names instead.");
    page.querySelector(".ed-search-off").hidden = false;
    form.hidden = true;
  }

  // The language Pagefind loads of a bundle for this page (its own rule): the page's language, else its
  // primary subtag, else the language with the most pages.
  function loadedLanguage(languages, own) {
    if (languages[own]) { return own; }
    if (languages[own.split("-")[0]]) { return own.split("-")[0]; }
    return Object.keys(languages).sort().sort(function (a, b) { return languages[b] - languages[a]; })[0];
  }

  function showPartial(list) {
    if (!list.missing) { return; }
    var note = document.getElementById("ed-search-partial");
    note.textContent = list.missing + " of the " + list.texts + " texts are left out of this search: the " +
      "search index was made before some of them changed (python build.py search makes it again).";
    note.hidden = false;
  }

  // The first group's bundle is loaded; every other group, and every other language, joins it (Pagefind
  // keeps one index per language and reads only the one of this page's language).
  function load() {
    var folder = new URL("pagefind/", root);
    var groups = [];
    var own = (document.documentElement.lang || "unknown").toLowerCase();
    return fetch(new URL("groups.json", folder).href).then(function (r) {
      if (!r.ok) { throw new Error("no list of groups"); }
      return r.json();
    }).then(function (list) {
      groups = list.groups;
      showPartial(list);
      return import(new URL(groups[0].name + "/pagefind.js", folder).href);
    }).then(function (module) {
      pagefind = module;
      return pagefind.options({ baseUrl: root.pathname, excerptLength: EXCERPT_WORDS });
    }).then(function () {
      var joins = [];
      groups.forEach(function (group, n) {
        var bundle = folder.pathname + group.name + "/";
        var loaded = n === 0 ? loadedLanguage(group.languages, own) : null;
        Object.keys(group.languages).forEach(function (language) {
          if (language === loaded) { return; }
          // the first bundle under another name ("./"): Pagefind would take it for the one already loaded
          joins.push(pagefind.mergeIndex(n === 0 ? bundle + "./" : bundle, { language: language }));
        });
      });
      return Promise.all(joins);
    }).then(function () { return pagefind.filters(); });
  }

  function showFilters(available) {
    var shown = 0;
    [["text", "Text"], ["author", "Author"]].forEach(function (pair) {
      var values = Object.keys(available[pair[0]] || {}).sort(function (a, b) { return a.localeCompare(b); });
      if (values.length < 2) { return; }
      var label = document.createElement("label");
      var select = document.createElement("select");
      select.id = "ed-search-filter-" + pair[0];
      label.htmlFor = select.id;
      label.textContent = pair[1] + " ";
      var any = document.createElement("option");
      any.value = "";
      any.textContent = "any";
      select.appendChild(any);
      values.forEach(function (value) {
        var option = document.createElement("option");
        option.value = value;
        option.textContent = value;
        select.appendChild(option);
      });
      select.addEventListener("change", function () {
        if (select.value) { filters[pair[0]] = select.value; } else { delete filters[pair[0]]; }
        run(input.value);
      });
      filterBox.appendChild(label);
      filterBox.appendChild(select);
      shown += 1;
    });
    filterBox.hidden = shown === 0;
  }

  // The passages of one text that hold hits: the hits grouped by the paragraph (heading, note …) they are
  // in, each with its words around the first hit, the hits marked.
  function passages(data) {
    var all = (data.anchors || []).slice().sort(function (a, b) { return a.location - b.location; });
    var anchors = all.filter(function (a) { return a.id && a.id.indexOf("ed-") !== 0 && PASSAGE_ELEMENTS.test(a.element); });
    var blocks = all.filter(function (a) { return BLOCK_ELEMENTS.test(a.element); });
    var words = (data.content || "").split(/[\r\n\s]+/g);
    var groups = [];
    (data.locations || []).slice().sort(function (a, b) { return a - b; }).forEach(function (location) {
      var at = -1;
      for (var i = 0; i < anchors.length && anchors[i].location <= location; i += 1) { at = i; }
      var last = groups[groups.length - 1];
      if (last && last.index === at) { last.hits.push(location); return; }
      var next = blocks.filter(function (b) { return b.location > location; })[0];
      groups.push({ index: at, anchor: at >= 0 ? anchors[at] : null, end: next ? next.location : words.length,
                    hits: [location] });
    });
    return groups.map(function (g) {
      var start = g.anchor ? g.anchor.location : 0;
      var from = Math.max(start, g.hits[0] - Math.floor(EXCERPT_WORDS / 3));
      var to = Math.min(g.end, from + EXCERPT_WORDS);
      return { id: g.anchor ? g.anchor.id : "", words: words, from: from, to: to, hits: g.hits,
               before: from > start, after: to < g.end };
    });
  }

  function excerpt(p) {
    var span = document.createElement("span");
    span.className = "ed-search-excerpt";
    if (p.before) { span.appendChild(document.createTextNode("… ")); }
    for (var i = p.from; i < p.to; i += 1) {
      if (i > p.from) { span.appendChild(document.createTextNode(" ")); }
      if (p.hits.indexOf(i) >= 0) {
        var mark = document.createElement("mark");
        mark.textContent = p.words[i];
        span.appendChild(mark);
      } else {
        span.appendChild(document.createTextNode(p.words[i]));
      }
    }
    if (p.after) { span.appendChild(document.createTextNode(" …")); }
    return span;
  }

  function resultItem(data) {
    var item = document.createElement("li");
    item.className = "ed-search-hit";
    var url = new URL(data.url, location.href).pathname;  // made plain (a merged bundle's "./")
    var heading = document.createElement("h2");
    var link = document.createElement("a");
    link.href = url;
    link.textContent = (data.meta && data.meta.title) || data.url;
    heading.appendChild(link);
    item.appendChild(heading);
    if (data.meta && data.meta.author) {
      var author = document.createElement("p");
      author.className = "ed-search-author";
      author.textContent = data.meta.author;
      item.appendChild(author);
    }
    var found = passages(data);
    var ol = document.createElement("ol");
    ol.className = "ed-search-passages";
    found.slice(0, PASSAGES_SHOWN).forEach(function (p) {
      var li = document.createElement("li");
      var a = document.createElement("a");
      a.href = url + (p.id ? "#" + encodeURIComponent(p.id) : "");
      a.appendChild(excerpt(p));
      li.appendChild(a);
      ol.appendChild(li);
    });
    item.appendChild(ol);
    if (found.length > PASSAGES_SHOWN) {
      var more = document.createElement("p");
      more.className = "ed-search-more";
      more.textContent = "… and " + (found.length - PASSAGES_SHOWN) + " more passage(s) in this text.";
      item.appendChild(more);
    }
    return item;
  }

  function run(query) {
    var number = ++searchNumber;
    var words = query.trim();
    var url = new URL(location.href);
    if (words) { url.searchParams.set("q", words); } else { url.searchParams.delete("q"); }
    history.replaceState(null, "", url.href);
    if (!words) { list.replaceChildren(); say(""); return Promise.resolve(); }
    say("Searching…");
    return pagefind.search(words, { filters: filters }).then(function (search) {
      if (number !== searchNumber || !search) { return null; }
      var results = search.results.slice(0, RESULTS_SHOWN);
      return Promise.all(results.map(function (r) { return r.data(); })).then(function (all) {
        if (number !== searchNumber) { return; }
        list.replaceChildren.apply(list, all.map(resultItem));
        var total = search.results.length;
        say(total === 0 ? "No text has “" + words + "”." :
          total + (total === 1 ? " text has " : " texts have ") + "“" + words + "”" +
          (total > RESULTS_SHOWN ? "; the first " + RESULTS_SHOWN + " are listed." : "."));
      });
    });
  }

  page.querySelector(".ed-search-off").hidden = true;
  form.hidden = false;
  var initial = new URL(location.href).searchParams.get("q") || "";
  input.value = initial;
  var timer = null;
  load().then(function (available) {
    showFilters(available || {});
    form.addEventListener("submit", function (event) { event.preventDefault(); run(input.value); });
    input.addEventListener("input", function () {
      clearTimeout(timer);
      timer = setTimeout(function () { run(input.value); }, 200);
    });
    page.setAttribute("data-ready", "true");
    return initial ? run(initial) : null;
  }).catch(function () {
    fail("the search index of this site could not be read (was it built?).");
  });
}());
