/*
 * Search and filters on the static map page (progressive enhancement).
 *
 * Without JavaScript the page shows the whole map, section by section. With it, the
 * page reads its address as the server does (?q=...&theme=...&language=...), runs the
 * search in the browser over search-index.js and shows what the server would: a ranked
 * list of cards for a search, the map's sections narrowed down for filters, the count,
 * the chosen filters with links to remove them, and counts per filter value. The search
 * and filter forms are plain GET forms to this page, so the state lives in the address
 * (shareable, and it works from file:// too).
 */
(function () {
  "use strict";

  const data = window.BRONWIJZER_SEARCH_INDEX;
  const S = window.BronwijzerOfflineSearch;
  const results = document.querySelector(".results");
  if (!data || !S || !results) return;

  const lang = (document.documentElement.lang || "nl").slice(0, 2) === "en" ? "en" : "nl";
  const texts = data.lang[lang].messages;
  const esc = S.escapeHtml;
  const params = new URLSearchParams(window.location.search);
  const q = (params.get("q") || "").split(/\s+/).filter(Boolean).join(" ").slice(0, 200);
  const selection = S.parseSelection(params, data);
  const filters = document.querySelector("form.filters");
  const searchInput = document.querySelector("form.search-form input[name=q]");

  function format(template, values) {
    return template.replace(/%\((\w+)\)s/g, (_, name) => String(values[name]));
  }

  function query(pairs) {
    const search = new URLSearchParams(pairs).toString();
    return "?" + search;
  }

  function selectionPairs(without) {
    const pairs = [];
    selection.forEach((values, name) => {
      values.forEach((value) => {
        if (!without || without[0] !== name || without[1] !== value) pairs.push([name, value]);
      });
    });
    return pairs;
  }

  function optionLabel(name, value) {
    const input = filters && filters.querySelector('input[name="' + name + '"][value="' + CSS.escape(value) + '"]');
    const label = input && filters.querySelector('label[for="' + CSS.escape(input.id) + '"]');
    return label && label.firstChild ? label.firstChild.textContent.trim() : value;
  }

  function facetLabel(name) {
    const input = filters && filters.querySelector('input[name="' + name + '"]');
    const details = input && input.closest("details");
    const summary = details && details.querySelector("summary");
    return summary && summary.firstChild ? summary.firstChild.textContent.trim() : name;
  }

  // --- the forms reflect the address ----------------------------------------------------

  if (searchInput) searchInput.value = q;
  if (filters) {
    filters.querySelectorAll("input[type=checkbox]").forEach((box) => {
      box.checked = (selection.get(box.name) || []).indexOf(box.value) >= 0;
    });
    if (q && !filters.querySelector('input[type=hidden][name="q"]')) {
      const hidden = document.createElement("input");
      hidden.type = "hidden";
      hidden.name = "q";
      hidden.value = q;
      filters.insertBefore(hidden, filters.firstChild.nextSibling);
    }
  }
  if (!q && !selection.size) return; // the whole map, as printed: the page is already right

  // Downloads and the open data are on the online site; as there, they carry the search along.
  results.querySelectorAll("a[href^='http']").forEach((link) => {
    const url = new URL(link.href);
    if (!url.search && /\/(download|api)\//.test(url.pathname)) {
      url.search = window.location.search;
      link.href = url.href;
    }
  });

  const index = new S.SearchIndex(data);
  const found = index.search(q, selection);
  const count = found.order.length;
  const total = data.docs.length;
  const highlight = (text) => S.highlight(text, found.terms, data.constants.MIN_PREFIX);

  // --- the count and the chosen filters -------------------------------------------------

  const heading = results.querySelector(".results__count");
  heading.textContent = format(count === 1 ? texts.count_one : texts.count_other, { n: count, total: total });
  const lead = document.querySelector(".page-intro .lead");
  if (lead) lead.hidden = true;
  const downloads = results.querySelector(".downloads");
  if (downloads && !count) downloads.hidden = true; // nothing to download, as on the server

  let chips = "";
  if (q) {
    chips +=
      '<li><a class="chip" href="' + esc(query(selectionPairs())) + '"><span class="visually-hidden">' +
      esc(texts.remove_words) + " </span>" + esc(texts.search) + ": " + esc(q) +
      ' <span aria-hidden="true">\u2715</span></a></li>';
  }
  selection.forEach((values, name) => {
    values.forEach((value) => {
      const pairs = (q ? [["q", q]] : []).concat(selectionPairs([name, value]));
      chips +=
        '<li><a class="chip" href="' + esc(query(pairs)) + '"><span class="visually-hidden">' +
        esc(texts.remove_filter) + " </span>" + esc(facetLabel(name)) + ": " + esc(optionLabel(name, value)) +
        ' <span aria-hidden="true">\u2715</span></a></li>';
    });
  });
  chips += '<li><a class="active-filters__clear" href="index.html">' + esc(texts.clear) + "</a></li>";
  let html =
    '<div class="active-filters"><h2 class="visually-hidden" id="active-filters-title">' +
    esc(texts.chosen_filters) + '</h2><ul aria-labelledby="active-filters-title">' + chips + "</ul></div>";

  // --- nothing found ----------------------------------------------------------------------

  if (!count) {
    const noResults = data.lang[lang].noResults;
    let block = q ? noResults.query.split("\u2063Q\u2063").join(esc(q)) : noResults.filters;
    let extra = "";
    if (found.suggestion) {
      const pairs = [["q", found.suggestion]].concat(selectionPairs());
      extra +=
        '<p class="suggestion">' + esc(texts.did_you_mean) + ' <a href="' + esc(query(pairs)) + '">' +
        esc(found.suggestion) + "</a>?</p>";
    }
    if (q && selection.size) {
      extra += '<p><a href="' + esc(query([["q", q]])) + '">' + esc(texts.search_without_filters) + "</a></p>";
    }
    if (found.glossary.length) {
      extra += "<h3>" + esc(texts.maybe_terms) + "</h3><ul>";
      found.glossary.forEach((i) => {
        const term = data.glossary[i];
        extra += '<li><a href="' + esc(term.href[lang]) + '">' + esc(term.term[lang]) + "</a></li>";
      });
      extra += "</ul>";
    }
    block = block.replace(/<\/p>/, "</p>" + extra);
    html += block;
  }

  // --- a search: ranked cards -------------------------------------------------------------

  if (q && count && found.glossary.length) {
    html +=
      '<aside class="glossary-hits" aria-labelledby="glossary-hits-title"><h3 id="glossary-hits-title">' +
      esc(texts.from_glossary) + "</h3><dl>";
    found.glossary.forEach((i) => {
      const term = data.glossary[i];
      html +=
        '<dt><a href="' + esc(term.href[lang]) + '">' + highlight(term.term.nl) + "</a></dt><dd>" +
        highlight(term.definition[lang]) + "</dd>";
    });
    html += "</dl></aside>";
  }
  if (q) {
    html += '<ol class="ranked">';
    found.order.forEach((i) => {
      const doc = data.docs[i];
      const id = "hit-" + doc.slug;
      html +=
        '<li><article class="card" aria-labelledby="' + esc(id) + '"><h3 class="card__title" id="' + esc(id) +
        '"><a href="' + esc(doc.href[lang]) + '">' + highlight(doc.title) + "</a></h3>" +
        '<p class="card__summary">' + highlight(doc.summary[lang]) + "</p>" + doc.facts[lang] +
        (doc.url ? '<p class="print-only card__url">' + esc(doc.url) + "</p>" : "") + "</article></li>";
    });
    html += "</ol>";
  }
  heading.insertAdjacentHTML("afterend", '<div class="offline-results">' + html + "</div>");

  // --- the map's own sections: hidden for a search, narrowed down for filters -------------

  const matched = new Set(found.order.map((i) => data.docs[i].href[lang]));
  results.querySelectorAll("section.section").forEach((section) => {
    if (q) {
      section.hidden = true;
      return;
    }
    section.querySelectorAll("ul.cards").forEach((list) => {
      let shown = 0;
      list.querySelectorAll(":scope > li").forEach((item) => {
        const link = item.querySelector(".card__title a");
        item.hidden = !(link && matched.has(link.getAttribute("href")));
        if (!item.hidden) shown++;
      });
      list.hidden = shown === 0;
    });
    section.querySelectorAll(".subsection").forEach((sub) => {
      sub.hidden = !sub.querySelector("ul.cards:not([hidden])");
    });
    section.hidden = !section.querySelector("ul.cards:not([hidden])");
  });

  // --- the filter panel: counts per value, what is chosen --------------------------------

  if (filters) {
    filters.querySelectorAll("details.facet").forEach((details) => {
      const boxes = details.querySelectorAll("input[type=checkbox]");
      if (!boxes.length) return;
      const name = boxes[0].name;
      const numbers = found.counts.get(name) || new Map();
      let chosen = 0;
      boxes.forEach((box) => {
        const number = numbers.has(box.value) ? numbers.get(box.value) : 0;
        const label = filters.querySelector('label[for="' + CSS.escape(box.id) + '"] .count');
        if (label) label.textContent = "(" + number + ")";
        box.closest("li").hidden = !number && !box.checked;
        if (box.checked) chosen++;
      });
      const summary = details.querySelector("summary");
      let note = summary.querySelector(".facet__chosen");
      if (chosen) {
        details.open = true;
        if (!note) {
          note = document.createElement("span");
          note.className = "facet__chosen";
          summary.appendChild(document.createTextNode(" "));
          summary.appendChild(note);
        }
        note.textContent = "(" + format(chosen === 1 ? texts.chosen_one : texts.chosen_other, { n: chosen }) + ")";
      }
    });
  }
})();
