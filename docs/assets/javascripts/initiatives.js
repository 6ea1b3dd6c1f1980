/*
 * Filter for the initiative index (/initiativen/, template overrides/essen/initiatives.html).
 *
 * Without this script the page lists every initiative. The script reveals the filter form, hides
 * rows that do not match (AND across facets, OR within one facet, every search word must occur),
 * announces the number of matches and keeps the selection in the query string, so that links,
 * reloads and the back button show the same selection. Data reaches the DOM only as text
 * (textContent); nothing is stored in the browser.
 *
 * The template lays the form out in its final size (counts for no selection, count line, options
 * folded or open by screen width through CSS) and the script only marks it ready
 * (data-ce-ready), so that revealing it moves nothing on the page (layout shift).
 *
 * Rows carry facet values as positions into the checkbox list of the fieldset with the same
 * data-k (see the template); fieldsets marked data-x also lend their option labels to the text
 * search (partner names, districts).
 */
(function () {
  "use strict";

  var form = document.getElementById("ce-filter");
  var list = document.getElementById("ce-ix");
  var output = document.getElementById("ce-count");
  if (!form || !list || !output) return;

  // Its name is the query parameter: "suche", because Material's header search claims "q".
  var query = form.querySelector("#ce-q");
  var reset = form.querySelector("#ce-reset");
  var more = form.querySelector("#ce-more");
  var facetBox = form.querySelector("#ce-facets");
  // The header search leads here without its script (overrides/partials/search.html).
  var HEADER_PARAM = "query";

  /* Umlaut-tolerant comparison: "Straße" ~ "strasse", "Rüttenscheid" ~ "ruettenscheid",
     other accents dropped ("Café" ~ "cafe"). tests/browser/test_initiative_filter.py mirrors this. */
  function fold(text) {
    return text
      .normalize("NFC")
      .toLowerCase()
      .replace(/ß/g, "ss")
      .replace(/ä/g, "ae")
      .replace(/ö/g, "oe")
      .replace(/ü/g, "ue")
      .normalize("NFD")
      .replace(/[\u0300-\u036f]/g, "");
  }

  function positions(value) {
    return value ? value.split(" ").map(Number) : [];
  }

  var facets = Array.prototype.map.call(form.querySelectorAll("fieldset[data-k]"), function (set) {
    var boxes = Array.prototype.slice.call(set.querySelectorAll("input[type=checkbox]"));
    // The template writes each option's count for no selection into a span after its label.
    var counts = boxes.map(function (box) {
      return box.parentNode.querySelector(".ce-n");
    });
    var facet = {
      key: set.getAttribute("data-k"),
      param: boxes.length ? boxes[0].name : "",
      boxes: boxes,
      // Label text without the count: what the text search sees of each option.
      words: boxes.map(function (box, position) {
        var label = box.parentNode.textContent;
        return label.slice(0, label.length - counts[position].textContent.length).trim();
      }),
      searchable: set.hasAttribute("data-x"),
      counts: counts,
    };
    return facet;
  });

  var rows = Array.prototype.map.call(list.children, function (row) {
    var values = {};
    var text = [
      row.querySelector(".ce-card__title").textContent,
      row.querySelector(".ce-card__summary").textContent,
    ];
    text.push(row.getAttribute("data-t") || "");
    facets.forEach(function (facet) {
      values[facet.key] = positions(row.getAttribute("data-" + facet.key));
      if (facet.searchable) {
        values[facet.key].forEach(function (position) {
          text.push(facet.words[position]);
        });
      }
    });
    return { element: row, values: values, text: fold(text.join(" ")) };
  });

  function selection() {
    return facets.map(function (facet) {
      var chosen = [];
      facet.boxes.forEach(function (box, position) {
        if (box.checked) chosen.push(position);
      });
      return chosen;
    });
  }

  function matchesFacet(row, facet, chosen) {
    if (!chosen.length) return true;
    var values = row.values[facet.key];
    for (var i = 0; i < values.length; i++) {
      if (chosen.indexOf(values[i]) !== -1) return true;
    }
    return false;
  }

  /* Show the matching rows; each option's count is how many rows would match if it were
     (also) chosen, given the text and the other facets. */
  function apply() {
    var words = fold(query.value).split(/\s+/).filter(Boolean);
    var chosen = selection();
    var counts = facets.map(function (facet) {
      return facet.boxes.map(function () {
        return 0;
      });
    });
    var shown = 0;
    rows.forEach(function (row) {
      var textMatches = words.every(function (word) {
        return row.text.indexOf(word) !== -1;
      });
      var failed = [];
      facets.forEach(function (facet, f) {
        if (!matchesFacet(row, facet, chosen[f])) failed.push(f);
      });
      var visible = textMatches && failed.length === 0;
      if (row.element.hidden === visible) row.element.hidden = !visible;
      if (visible) shown += 1;
      if (!textMatches || failed.length > 1) return;
      facets.forEach(function (facet, f) {
        if (failed.length === 1 && failed[0] !== f) return;
        row.values[facet.key].forEach(function (position) {
          counts[f][position] += 1;
        });
      });
    });
    facets.forEach(function (facet, f) {
      facet.counts.forEach(function (count, position) {
        var text = " (" + counts[f][position] + ")";
        if (count.textContent !== text) count.textContent = text;
      });
    });
    // As the page says it before filtering: "1 von 1 Initiative", "1 von 38 Initiativen".
    output.textContent =
      shown + " von " + rows.length + (rows.length === 1 ? " Initiative" : " Initiativen");
  }

  function stateUrl() {
    var params = new URLSearchParams();
    if (query.value.trim()) params.append(query.name, query.value.trim());
    facets.forEach(function (facet) {
      facet.boxes.forEach(function (box) {
        if (box.checked) params.append(facet.param, box.value);
      });
    });
    var search = params.toString();
    return location.pathname + (search ? "?" + search : "") + location.hash;
  }

  function readUrl() {
    var params = new URLSearchParams(location.search);
    query.value = params.get(query.name) || params.get(HEADER_PARAM) || "";
    facets.forEach(function (facet) {
      var wanted = params.getAll(facet.param);
      facet.boxes.forEach(function (box) {
        box.checked = wanted.indexOf(box.value) !== -1;
      });
    });
  }

  // While typing, one history entry per search rather than one per key.
  var typing = false;

  function remember(replace) {
    var url = stateUrl();
    if (url === location.pathname + location.search + location.hash) return;
    if (replace) history.replaceState(null, "", url);
    else history.pushState(null, "", url);
  }

  // The list follows every change already; submitting ("Treffer anzeigen", or Enter in the text
  // field) takes keyboard and screen reader users to the result count above the list.
  form.addEventListener("submit", function (event) {
    event.preventDefault();
    typing = false;
    output.focus();
  });
  query.addEventListener("input", function () {
    apply();
    remember(typing);
    typing = true;
  });
  query.addEventListener("change", function () {
    typing = false;
  });
  form.addEventListener("change", function (event) {
    if (event.target === query) return;
    typing = false;
    apply();
    remember(false);
  });
  reset.addEventListener("click", function () {
    typing = false;
    query.value = "";
    facets.forEach(function (facet) {
      facet.boxes.forEach(function (box) {
        box.checked = false;
      });
    });
    apply();
    remember(false);
  });
  window.addEventListener("popstate", function () {
    typing = false;
    readUrl();
    apply();
  });

  /* The options' disclosure. Until the script runs, CSS folds them on small screens (so that the
     results stay in view) and shows them on wide ones; the script takes over that state. */
  function showOptions(open) {
    form.setAttribute("data-ce-more", open ? "open" : "closed");
    more.setAttribute("aria-expanded", open ? "true" : "false");
  }
  more.addEventListener("click", function () {
    showOptions(more.getAttribute("aria-expanded") !== "true");
  });

  readUrl();
  apply();
  var chosen = selection().some(function (positions) {
    return positions.length > 0;
  });
  // Chosen options (from a link) stay in view, folded or not.
  showOptions(chosen || getComputedStyle(facetBox).display !== "none");
  form.setAttribute("data-ce-ready", "");
})();
