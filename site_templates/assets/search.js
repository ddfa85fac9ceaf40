/* Persona Handbook search: Material's search box over Pagefind's chunked index.
 *
 * Nothing loads until the box is used; then Pagefind's own script (pagefind/,
 * written by the build) fetches only the index chunks a query needs. Results
 * come in three tiers: pages holding the whole query as written (a phrase),
 * then pages holding every word, then pages holding some of the words. The
 * query is split into words the way the index was (Chinese word segmentation),
 * whatever the interface language. Text from the index is only ever inserted
 * as text; excerpts keep Pagefind's <mark> highlights and nothing else.
 */
(function () {
  "use strict";

  var root = document.querySelector("[data-ph-search]");
  var toggle = document.getElementById("__search");
  if (!root || !toggle) return;

  var labels = JSON.parse(root.querySelector(".ph-search-labels").textContent);
  var form = root.querySelector("form");
  var input = form.querySelector("input[name=query]");
  var meta = root.querySelector(".md-search-result__meta");
  var list = root.querySelector(".md-search-result__list");
  var filterBox = root.querySelector(".ph-search-filters");
  var selects = filterBox.querySelectorAll("select");
  var scrollwrap = root.querySelector(".md-search__scrollwrap");
  var PAGE = 10;
  var segmenter = typeof Intl !== "undefined" && Intl.Segmenter
    ? new Intl.Segmenter("zh", { granularity: "word" }) : null;

  var pagefind = null;   // a promise of Pagefind's module, once the box is used
  var generation = 0;    // the newest query; older answers are dropped
  var shown = [];        // ranked results of the current query
  var rendered = 0;
  var timer = null;

  function say(text) { meta.textContent = text; }

  function load() {
    if (pagefind) return pagefind;
    if (location.protocol === "file:") {
      // Browsers refuse modules and fetches from file:// pages.
      pagefind = Promise.reject(new Error("offline"));
    } else {
      var bundle = new URL(root.getAttribute("data-bundle"), document.baseURI);
      pagefind = import(new URL("pagefind.js", bundle).href).then(function (module) {
        return module.options({ excerptLength: 24 }).then(function () {
          module.init();
          return fillFilters(module).then(function () { return module; });
        });
      });
    }
    pagefind.catch(function (error) {
      say(error.message === "offline" ? labels.search_offline : labels.search_failed);
    });
    return pagefind;
  }

  function fillFilters(module) {
    return module.filters().then(function (available) {
      var names = { type: labels.types, status: labels.statuses, segment: null };
      selects.forEach(function (select) {
        var values = Object.keys(available[select.name] || {}).sort();
        values.forEach(function (value) {
          var option = document.createElement("option");
          option.value = value;
          var named = names[select.name];
          option.textContent = named && named[value] ? named[value] : value;
          select.appendChild(option);
        });
        select.hidden = values.length < 2 && select.name !== "type";
      });
      filterBox.hidden = false;
    });
  }

  function words(query) {
    if (!segmenter) return query.split(/\s+/).filter(Boolean);
    var out = [];
    for (var part of segmenter.segment(query)) {
      if (part.isWordLike) out.push(part.segment);
    }
    return out;
  }

  function chosenFilters() {
    var filters = {};
    selects.forEach(function (select) {
      if (select.value) filters[select.name] = select.value;
    });
    return filters;
  }

  /* Phrase first, then every word, then some words (most words matched first).
     A phrase match shows the excerpt around the phrase itself. */
  function rank(module, query, filters) {
    var quoted = /"/.test(query);
    var terms = quoted ? [] : words(query);
    var text = quoted ? query : terms.join(" ");
    if (!text) return Promise.resolve([]);
    var searches = [module.search(text, { filters: filters })];
    if (terms.length > 1) searches.push(module.search('"' + text + '"', { filters: filters }));
    return Promise.all(searches).then(function (found) {
      var phrase = new Map((found[1] ? found[1].results : []).map(function (r) {
        return [r.id, r];
      }));
      var ranked = found[0].results.map(function (r, i) {
        var whole = phrase.get(r.id);
        return { result: whole || r, tier: whole ? 0 : 1, order: i, missing: [] };
      });
      ranked.sort(function (a, b) { return a.tier - b.tier || a.order - b.order; });
      return terms.length < 2 ? ranked : some(module, terms, filters, ranked);
    });
  }

  /* Pages with some of the words. A single character (还, 在) is too common to
     stand alone: only words of two or more characters bring a page in here. */
  function some(module, terms, filters, ranked) {
    var seen = new Set(ranked.map(function (r) { return r.result.id; }));
    var long = terms.filter(function (term, i) {
      return Array.from(term).length > 1 && terms.indexOf(term) === i;
    });
    return Promise.all(long.map(function (term) {
      return module.search(term, { filters: filters });
    })).then(function (perTerm) {
      var partial = new Map();
      perTerm.forEach(function (search, t) {
        search.results.forEach(function (r) {
          if (seen.has(r.id)) return;
          var entry = partial.get(r.id) ||
            { result: r, tier: 2, score: 0, hits: new Set(), missing: [] };
          entry.score += r.score;
          entry.hits.add(t);
          partial.set(r.id, entry);
        });
      });
      var rest = Array.from(partial.values());
      rest.forEach(function (entry) {
        entry.missing = long.filter(function (_, t) { return !entry.hits.has(t); });
      });
      rest.sort(function (a, b) { return b.hits.size - a.hits.size || b.score - a.score; });
      return ranked.concat(rest);
    });
  }

  function run() {
    var query = input.value.trim();
    var mine = ++generation;
    if (!query) {
      shown = []; rendered = 0; list.textContent = ""; say("");
      return;
    }
    say(labels.search_loading);
    load().then(function (module) {
      return rank(module, query, chosenFilters());
    }).then(function (ranked) {
      if (mine !== generation) return;
      shown = ranked; rendered = 0; list.textContent = "";
      say(ranked.length === 0 ? labels.search_none : ranked.length === 1
        ? labels.search_one : labels.search_many.replace("{count}", ranked.length));
      return more(mine);
    }).catch(function () { /* said by load() */ });
  }

  function more(mine) {
    var batch = shown.slice(rendered, rendered + PAGE);
    rendered += batch.length;
    return Promise.all(batch.map(function (r) { return r.result.data(); })).then(function (pages) {
      if (mine !== generation) return;
      pages.forEach(function (page, i) { list.appendChild(item(page, batch[i])); });
    });
  }

  /* Pagefind's excerpt is escaped text with <mark> around the matches: keep only those. */
  function excerpt(html) {
    var parsed = new DOMParser().parseFromString("<p>" + html + "</p>", "text/html");
    var p = document.createElement("p");
    parsed.body.firstChild.childNodes.forEach(function (node) {
      if (node.nodeName === "MARK") {
        var mark = document.createElement("mark");
        mark.textContent = node.textContent;
        p.appendChild(mark);
      } else {
        p.appendChild(document.createTextNode(node.textContent));
      }
    });
    return p;
  }

  function item(page, ranked) {
    var li = document.createElement("li");
    li.className = "md-search-result__item";
    var link = document.createElement("a");
    link.className = "md-search-result__link";
    link.href = page.url;
    link.tabIndex = -1;
    var article = document.createElement("article");
    article.className = "md-search-result__article md-typeset";
    var icon = document.createElement("div");
    icon.className = "md-search-result__icon md-icon";
    var title = document.createElement("h1");
    title.textContent = (page.meta && page.meta.title) || page.url;
    var kind = document.createElement("div");
    kind.className = "ph-search-kind";
    var filters = page.filters || {};
    var type = (filters.type || [])[0];
    kind.textContent = [labels.types[type] || type].concat(filters.segment || [])
      .filter(Boolean).join(" · ");
    article.append(icon, title, kind, excerpt(page.excerpt || ""));
    if (ranked.missing.length) {
      var missing = document.createElement("p");
      missing.className = "md-search-result__terms";
      missing.textContent = labels.search_missing + ": ";
      ranked.missing.forEach(function (word) {
        var del = document.createElement("del");
        del.textContent = word;
        missing.append(del, " ");
      });
      article.appendChild(missing);
    }
    link.appendChild(article);
    li.appendChild(link);
    return li;
  }

  function open() {
    toggle.checked = true;
    toggle.dispatchEvent(new Event("change"));
    input.focus();
  }

  function close() {
    toggle.checked = false;
    toggle.dispatchEvent(new Event("change"));
    input.blur();
  }

  function schedule() {
    clearTimeout(timer);
    timer = setTimeout(run, 120);
  }

  input.addEventListener("focus", function () {
    if (!toggle.checked) { toggle.checked = true; toggle.dispatchEvent(new Event("change")); }
    load();
  });
  input.addEventListener("input", function (event) {
    if (!event.isComposing) schedule();
  });
  input.addEventListener("compositionend", schedule);
  selects.forEach(function (select) { select.addEventListener("change", run); });
  form.addEventListener("submit", function (event) { event.preventDefault(); });
  form.addEventListener("reset", function () {
    setTimeout(function () { run(); input.focus(); }, 0);
  });
  toggle.addEventListener("change", function () {
    if (toggle.checked && document.activeElement !== input) input.focus();
  });
  list.addEventListener("click", function (event) {
    if (event.target.closest("a")) close();
  });
  scrollwrap.addEventListener("scroll", function () {
    var near = scrollwrap.scrollTop + scrollwrap.clientHeight > scrollwrap.scrollHeight - 40;
    if (near && rendered < shown.length) more(generation);
  });

  function editable(element) {
    return element && (element.isContentEditable ||
      /^(INPUT|TEXTAREA|SELECT)$/.test(element.tagName));
  }

  document.addEventListener("keydown", function (event) {
    if (event.metaKey || event.ctrlKey || event.altKey || event.isComposing) return;
    var active = document.activeElement;
    if (!toggle.checked) {
      if (/^[sf/]$/.test(event.key) && !editable(active)) {
        event.preventDefault();
        open();
        input.select();
      }
      return;
    }
    var links = Array.prototype.slice.call(list.querySelectorAll("a"));
    if (event.key === "Escape") {
      event.preventDefault();
      close();
    } else if (event.key === "Enter" && active === input) {
      event.preventDefault();
      if (links.length) links[0].click();
    } else if (event.key === "ArrowDown" || event.key === "ArrowUp") {
      if (active && active.tagName === "SELECT") return;
      event.preventDefault();
      var stops = [input].concat(links);
      var at = Math.max(0, stops.indexOf(active));
      stops[(at + (event.key === "ArrowDown" ? 1 : stops.length - 1)) % stops.length].focus();
    }
  });
})();
