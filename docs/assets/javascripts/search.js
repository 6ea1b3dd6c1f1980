/*
 * Header search (partial overrides/partials/search.html) on Pagefind's JS API.
 *
 * Pagefind's bundle (pagefind/pagefind.js, built by plugins/essen/search_index.py) is imported
 * only when a visitor starts to search, so a page view that does not search fetches nothing of
 * it. A query fetches the index chunks it needs (one set per bundle) and the fragments of the
 * results shown, ten at a time. Results reach the DOM as text: titles and URLs with textContent and attributes, the
 * excerpt split at Pagefind's <mark> tags into text nodes and <mark> elements built here.
 * Nothing is stored in the browser. Opening and closing use Material's `__search` toggle, so
 * the overlay looks and behaves like Material's own search.
 */
(function () {
  "use strict";

  var root = document.querySelector("[data-ce-search]");
  var toggle = document.getElementById("__search");
  if (!root || !toggle) return;
  var form = root.querySelector("form");
  var input = root.querySelector("input[name=query]");
  var status = root.querySelector("[data-ce-search-status]");
  var list = root.querySelector("[data-ce-search-results]");
  var more = root.querySelector("[data-ce-search-more]");
  var bundleUrl = new URL(root.getAttribute("data-ce-search-bundle"), document.baseURI).href;

  var PAGE_SIZE = 10;
  var DEBOUNCE_MS = 150;
  var MESSAGES = {
    idle: "Suchbegriff eingeben",
    busy: "Suche läuft …",
    none: "Keine Treffer",
    one: "1 Treffer",
    many: "# Treffer",
    shown: " – # angezeigt",
    failed: "Die Suche ist zurzeit nicht verfügbar."
  };

  var engine = null; // Promise of Pagefind's module, created on first use
  var generation = 0; // every new query invalidates the answers of older ones
  var results = [];
  var shown = 0;
  var timer = null;

  /* Large sites are indexed in several bundles (plugins/essen/search_index.py); the first one
     lists the others, which Pagefind merges into one result list. */
  function otherBundles() {
    var manifestUrl = new URL("bundles.json", bundleUrl);
    return fetch(manifestUrl).then(function (response) {
      if (!response.ok) throw new Error("bundles.json: HTTP " + response.status);
      return response.json().then(function (manifest) {
        return (manifest.bundles || []).map(function (path) {
          return new URL(path, manifestUrl).href;
        });
      });
    });
  }

  function loadEngine() {
    if (!engine) {
      engine = Promise.all([import(bundleUrl), otherBundles()]).then(function (loaded) {
        var pagefind = loaded[0];
        return pagefind
          .options({ excerptLength: 24 })
          .then(function () {
            return pagefind.init();
          })
          .then(function () {
            return Promise.all(
              loaded[1].map(function (url) {
                return pagefind.mergeIndex(url);
              })
            );
          })
          .then(function () {
            return pagefind;
          });
      });
      // Let a failed load be retried by the next query (e.g. after a flaky connection).
      engine.catch(function () {
        engine = null;
      });
    }
    return engine;
  }

  function setStatus(text) {
    status.textContent = text;
  }

  // The list is busy from the first keystroke until the results of the last query are shown.
  function setBusy(busy) {
    list.setAttribute("aria-busy", busy ? "true" : "false");
  }

  function countText() {
    if (results.length === 0) return MESSAGES.none;
    var text = results.length === 1 ? MESSAGES.one : MESSAGES.many.replace("#", results.length);
    if (shown < results.length) text += MESSAGES.shown.replace("#", shown);
    return text;
  }

  /* Pagefind's excerpt is text in which "<" and ">" are escaped and matches are wrapped in
     <mark>…</mark>. It is never parsed as HTML: it is split at the literal mark tags. */
  var ENTITIES = { "&lt;": "<", "&gt;": ">", "&amp;": "&", "&quot;": '"', "&#39;": "'" };

  function decode(text) {
    return text.replace(/&(?:lt|gt|amp|quot|#39);/g, function (entity) {
      return ENTITIES[entity];
    });
  }

  function appendExcerpt(parent, excerpt) {
    var parts = String(excerpt || "").split(/(<mark>|<\/mark>)/);
    var marked = false;
    parts.forEach(function (part) {
      if (part === "<mark>") {
        marked = true;
      } else if (part === "</mark>") {
        marked = false;
      } else if (part) {
        var text = document.createTextNode(decode(part));
        if (marked) {
          var mark = document.createElement("mark");
          mark.appendChild(text);
          parent.appendChild(mark);
        } else {
          parent.appendChild(text);
        }
      }
    });
  }

  /* Result URLs come from the site's own file paths; anything that would leave the site (or is
     not http) is dropped rather than linked. */
  function siteUrl(url) {
    try {
      var target = new URL(url, bundleUrl);
      if (target.origin !== location.origin) return null;
      return target.href;
    } catch (error) {
      return null;
    }
  }

  function renderResult(data) {
    var href = siteUrl(data.url);
    if (!href) return null;
    var item = document.createElement("li");
    item.className = "md-search-result__item";
    var link = document.createElement("a");
    link.className = "md-search-result__link ce-search-result";
    link.href = href;
    var article = document.createElement("article");
    article.className = "md-search-result__article md-typeset";
    var title = document.createElement("div");
    title.className = "ce-search-result__title";
    title.textContent = (data.meta && data.meta.title) || data.url;
    var teaser = document.createElement("p");
    teaser.className = "md-search-result__teaser ce-search-result__teaser";
    appendExcerpt(teaser, data.excerpt);
    article.appendChild(title);
    article.appendChild(teaser);
    link.appendChild(article);
    item.appendChild(link);
    return item;
  }

  function showNext(current) {
    var batch = results.slice(shown, shown + PAGE_SIZE);
    return Promise.all(
      batch.map(function (result) {
        return result.data();
      })
    ).then(function (pages) {
      if (current !== generation) return;
      pages.forEach(function (page) {
        var item = renderResult(page);
        if (item) list.appendChild(item);
      });
      shown += batch.length;
      more.hidden = shown >= results.length;
      setStatus(countText());
      setBusy(false);
    });
  }

  function clearResults() {
    results = [];
    shown = 0;
    list.replaceChildren();
    more.hidden = true;
  }

  function runSearch() {
    clearTimeout(timer);
    var term = input.value.trim();
    var current = ++generation;
    setBusy(true);
    if (!term) {
      clearResults();
      setStatus(MESSAGES.idle);
      setBusy(false);
      return Promise.resolve();
    }
    setStatus(MESSAGES.busy);
    return loadEngine()
      .then(function (pagefind) {
        return pagefind.search(term);
      })
      .then(function (response) {
        if (current !== generation || !response) return;
        clearResults();
        results = response.results;
        return showNext(current);
      })
      .catch(function (error) {
        if (current !== generation) return;
        clearResults();
        setStatus(MESSAGES.failed);
        setBusy(false);
        console.warn("Suche:", error);
      });
  }

  function open() {
    if (!toggle.checked) toggle.checked = true;
    // Start fetching the engine while the visitor types.
    loadEngine().catch(function () {});
  }

  function close() {
    toggle.checked = false;
  }

  function resultLinks() {
    return Array.prototype.slice.call(list.querySelectorAll("a"));
  }

  function focusResult(offset) {
    var links = resultLinks();
    var index = links.indexOf(document.activeElement);
    var next = index + offset;
    if (next < 0) {
      input.focus();
    } else if (next < links.length) {
      links[next].focus();
    }
  }

  function typingIn(target) {
    if (!target || !(target instanceof Element)) return false;
    return target.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(target.tagName);
  }

  input.addEventListener("focus", open);
  input.addEventListener("input", function () {
    open();
    // Answers to earlier keystrokes still on their way are no longer wanted.
    generation++;
    setBusy(true);
    clearTimeout(timer);
    timer = setTimeout(runSearch, DEBOUNCE_MS);
  });

  form.addEventListener("submit", function (event) {
    event.preventDefault();
    // Enter opens the first result once the current query's results are shown.
    runSearch().then(function () {
      var first = resultLinks()[0];
      if (first) location.assign(first.href);
    });
  });

  form.addEventListener("reset", function () {
    // The reset button empties the field after this event; search on the emptied value.
    setTimeout(function () {
      runSearch();
      input.focus();
    }, 0);
  });

  more.addEventListener("click", function () {
    var before = shown;
    showNext(generation).then(function () {
      var links = resultLinks();
      if (links[before]) links[before].focus();
    });
  });

  // The magnifier in the header (narrow screens) checks the toggle: move focus into the field.
  toggle.addEventListener("change", function () {
    if (toggle.checked) input.focus();
  });

  root.addEventListener("keydown", function (event) {
    if (event.key === "Escape") {
      event.preventDefault();
      close();
      input.blur();
    } else if (event.key === "ArrowDown") {
      event.preventDefault();
      focusResult(1);
    } else if (event.key === "ArrowUp" && event.target !== input) {
      event.preventDefault();
      focusResult(-1);
    }
  });

  // Leaving the search with Tab (or a click elsewhere) closes the overlay.
  root.addEventListener("focusout", function (event) {
    // Switching to another window or tab is not leaving the search.
    if (!document.hasFocus()) return;
    if (!event.relatedTarget || !root.contains(event.relatedTarget)) close();
  });

  // Material's shortcuts: "/", "s" or "f" anywhere outside a form field focus the search.
  document.addEventListener("keydown", function (event) {
    if (event.ctrlKey || event.metaKey || event.altKey || event.defaultPrevented) return;
    if (typingIn(event.target)) return;
    if (event.key === "/" || event.key === "s" || event.key === "f") {
      event.preventDefault();
      open();
      input.focus();
      input.select();
    }
  });
})();
