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
  var PAGE = 10;         // results rendered at a time
  var VERIFY = 20;       // candidates whose text is read for the whole phrase
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
    pagefind.catch(failed);
    return pagefind;
  }

  function failed(error) {
    say(error && error.message === "offline" ? labels.search_offline : labels.search_failed);
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
     The browser may split Chinese into other words than the index did (直 筒 裤
     where the index holds 直 + 筒裤, and a query word must begin an indexed
     word): when all the words find nothing, the words that still find pages
     together are kept, and of those pages only the ones holding the whole
     phrase count. Whether a page holds the phrase is read from its text. */
  function rank(module, query, filters) {
    var quoted = /"/.test(query);
    var terms = quoted ? [] : words(query);
    if (!quoted && !terms.length) return Promise.resolve([]);
    function find(q) {
      return module.search(q, { filters: filters }).then(function (s) { return s.results; });
    }
    var text = quoted ? query : terms.join(" ");
    return find(text).then(function (all) {
      if (all.length || quoted || terms.length < 2) return { text: text, all: all, loose: false };
      return kept(find, terms);
    }).then(function (got) {
      var multi = !quoted && terms.length > 1;
      var phrase = multi ? normal(query) : null;
      var exact = multi && !got.loose ? find('"' + got.text + '"') : Promise.resolve([]);
      return Promise.all([holding(got.all, phrase), exact]).then(function (checked) {
        var whole = checked[0];
        checked[1].forEach(function (r) { whole.add(r.id); });
        var ranked = [];
        got.all.forEach(function (r, i) {
          var tier = whole.has(r.id) ? 0 : got.loose ? -1 : 1;
          if (tier >= 0) ranked.push({ result: r, tier: tier, order: i, missing: [], phrase: phrase });
        });
        ranked.sort(function (a, b) { return a.tier - b.tier || a.order - b.order; });
        return terms.length < 2 ? ranked : some(module, terms, filters, ranked);
      });
    });
  }

  /* The words, in order, that still find pages together, and those pages. */
  function kept(find, terms) {
    return terms.reduce(function (chain, term) {
      return chain.then(function (got) {
        var text = got.text ? got.text + " " + term : term;
        return find(text).then(function (all) {
          return all.length ? { text: text, all: all, loose: true } : got;
        });
      });
    }, Promise.resolve({ text: "", all: [], loose: true }));
  }

  function normal(text) { return text.toLowerCase().replace(/\s+/g, " ").trim(); }

  /* The ids of the best candidates whose text holds the phrase. */
  function holding(results, phrase) {
    var top = phrase ? results.slice(0, VERIFY) : [];
    return Promise.all(top.map(function (r) { return r.data(); })).then(function (pages) {
      var whole = new Set();
      pages.forEach(function (page, i) {
        if (normal(page.content).indexOf(phrase) >= 0) whole.add(top[i].id);
      });
      return whole;
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
            { result: r, tier: 2, score: 0, hits: new Set(), missing: [], phrase: null };
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
      list.removeAttribute("data-query");
      return;
    }
    say(labels.search_loading);
    load().then(function (module) {
      return rank(module, query, chosenFilters());
    }).then(function (ranked) {
      if (mine !== generation) return;
      shown = ranked; rendered = 0;
      return more(mine, function () {
        list.textContent = "";
        list.setAttribute("data-query", query);  // which query the list answers
        say(ranked.length === 0 ? labels.search_none : ranked.length === 1
          ? labels.search_one : labels.search_many.replace("{count}", ranked.length));
      });
    }).catch(function (error) {
      if (mine === generation) failed(error);
    });
  }

  function more(mine, before) {
    var batch = shown.slice(rendered, rendered + PAGE);
    rendered += batch.length;
    return Promise.all(batch.map(function (r) { return r.result.data(); })).then(function (pages) {
      if (mine !== generation) return;
      if (before) before();
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

  /* For a phrase match: the text around the phrase, the phrase highlighted. */
  function around(content, phrase) {
    var at = phrase ? content.toLowerCase().indexOf(phrase) : -1;
    if (at < 0) return null;
    var p = document.createElement("p");
    var mark = document.createElement("mark");
    var start = Math.max(0, at - 30);
    mark.textContent = content.slice(at, at + phrase.length);
    p.append((start > 0 ? "…" : "") + content.slice(start, at), mark,
      content.slice(at + phrase.length, at + phrase.length + 50) + "…");
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
    var text = ranked.tier === 0 && around(page.content || "", ranked.phrase);
    article.append(icon, title, kind, text || excerpt(page.excerpt || ""));
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
