/*
 * Past events on a static site (templates overrides/essen/events.html, _news.html, home.html).
 *
 * The build splits events into upcoming and past on the day it ran; a page built yesterday would
 * still list yesterday's event as upcoming. This script compares each upcoming event's last day
 * (data-ce-last-day, YYYY-MM-DD) with today in Essen (Europe/Berlin, from the visitor's clock) and
 * moves the events that are over to the past ones (most recent start first), or drops them where a
 * list has no past part (the home page). A list with data-ce-shown shows that many of the rest: the
 * home page renders a few spare events for this. Without the script the build's split stands; the
 * daily scheduled build (deploy/) keeps it at most a day old. Nothing is stored in the browser.
 */
(function () {
  "use strict";

  function todayInEssen() {
    // en-CA formats as YYYY-MM-DD, which compares as text like the data attributes.
    try {
      return new Intl.DateTimeFormat("en-CA", {
        timeZone: "Europe/Berlin",
        year: "numeric",
        month: "2-digit",
        day: "2-digit",
      }).format(new Date());
    } catch (error) {
      return null;
    }
  }

  function update(container, today) {
    var upcoming = container.querySelector('[data-ce-events="upcoming"]');
    if (!upcoming) return;
    var past = container.querySelector('[data-ce-events="past"]');
    var items = Array.prototype.slice.call(upcoming.children);
    var moved = false;
    items.forEach(function (item) {
      if (item.getAttribute("data-ce-last-day") < today) {
        moved = true;
        if (past) {
          item.hidden = false;
          past.appendChild(item);
        } else {
          upcoming.removeChild(item);
        }
      }
    });
    if (!moved) return;
    if (past) {
      Array.prototype.slice
        .call(past.children)
        .sort(function (a, b) {
          var x = a.getAttribute("data-ce-start");
          var y = b.getAttribute("data-ce-start");
          return x < y ? 1 : x > y ? -1 : 0;
        })
        .forEach(function (item) {
          past.appendChild(item);
        });
      var pastGroup = past.closest("[data-ce-group]");
      if (pastGroup) pastGroup.hidden = past.children.length === 0;
    }
    var shown = parseInt(upcoming.getAttribute("data-ce-shown") || "", 10);
    Array.prototype.slice.call(upcoming.children).forEach(function (item, index) {
      item.hidden = !isNaN(shown) && index >= shown;
    });
    if (upcoming.children.length === 0) {
      var none = container.querySelector("[data-ce-none]");
      var group = upcoming.closest("[data-ce-group]");
      if (none) {
        none.hidden = false;
      } else if (group) {
        group.hidden = true;
      }
    }
  }

  var today = todayInEssen();
  if (!today) return;
  Array.prototype.forEach.call(document.querySelectorAll("[data-ce-events-page]"), function (container) {
    update(container, today);
  });
})();
