/* Persona Handbook search: Material's search box over Pagefind's chunked index.
 *
 * Nothing loads until the box is used; then Pagefind's own script (pagefind/,
 * written by the build) fetches only the index chunks a query needs. Results
 * come in three tiers: pages holding the whole query as written (a phrase),
 * then pages holding every word, then pages holding some of the words. The
 * query is split into words the way the index was (Chinese word segmentation),
 * whatever the interface language. Text from the index is only ever inserted
 * as text; excerpts keep Pagefind's <mark> highlights and nothing else.
 *
 * Parts, in order: the box and its state; loading Pagefind; ranking; showing
 * results; opening, closing and keys.
 */
(() => {
  "use strict";

  const root = document.querySelector("[data-ph-search]");
  const toggle = document.getElementById("__search");
  if (!root || !toggle) return;

  const labels = JSON.parse(root.querySelector(".ph-search-labels").textContent);
  const form = root.querySelector("form");
  const input = form.querySelector("input[name=query]");
  const meta = root.querySelector(".md-search-result__meta");
  const list = root.querySelector(".md-search-result__list");
  const filterBox = root.querySelector(".ph-search-filters");
  const selects = Array.from(filterBox.querySelectorAll("select"));
  const scrollwrap = root.querySelector(".md-search__scrollwrap");

  const PAGE = 10;       // results rendered at a time
  const VERIFY = 20;     // candidates whose text is read for the whole phrase
  const PAUSE = 120;     // ms of no typing before a query runs
  const segmenter = typeof Intl !== "undefined" && Intl.Segmenter
    ? new Intl.Segmenter("zh", { granularity: "word" }) : null;

  let pagefind = null;   // a promise of Pagefind's module, once the box is used
  let generation = 0;    // the newest query; answers to older ones are dropped
  let shown = [];        // ranked results of the current query
  let rendered = 0;      // how many of them are in the list
  let timer = null;

  const say = (text) => { meta.textContent = text; };

  /* ---- Loading Pagefind ------------------------------------------------ */

  function load() {
    if (!pagefind) {
      // Browsers refuse modules and fetches from file:// pages.
      pagefind = location.protocol === "file:"
        ? Promise.reject(new Error("offline")) : start();
      // The filters fill in beside the first search, not before it.
      pagefind.then(fillFilters).catch(failed);
    }
    return pagefind;
  }

  async function start() {
    const bundle = new URL(root.dataset.bundle, document.baseURI);
    const module = await import(new URL("pagefind.js", bundle).href);
    // On the main thread: a worker costs one more script and startup before the
    // first answer, and the searches of a handbook are small.
    await module.options({ excerptLength: 24, noWorker: true });
    module.init();
    return module;
  }

  function failed(error) {
    say(error && error.message === "offline" ? labels.search_offline : labels.search_failed);
  }

  async function fillFilters(module) {
    const available = await module.filters();
    const names = { type: labels.types, status: labels.statuses };  // segments: as written
    for (const select of selects) {
      const known = names[select.name] || {};
      const values = Object.keys(available[select.name] || {}).sort();
      for (const value of values) {
        const option = document.createElement("option");
        option.value = value;
        option.textContent = Object.prototype.hasOwnProperty.call(known, value)
          ? known[value] : value;
        select.appendChild(option);
      }
      select.hidden = values.length < 2 && select.name !== "type";
    }
    filterBox.hidden = false;
  }

  /* ---- Ranking --------------------------------------------------------- */

  function words(query) {
    if (!segmenter) return query.split(/\s+/).filter(Boolean);
    return Array.from(segmenter.segment(query))
      .filter((part) => part.isWordLike).map((part) => part.segment);
  }

  const normal = (text) => text.toLowerCase().replace(/\s+/g, " ").trim();

  function chosenFilters() {
    const filters = {};
    for (const select of selects) if (select.value) filters[select.name] = select.value;
    return filters;
  }

  const entry = (result, tier, phrase = null, missing = []) =>
    ({ result, tier, phrase, missing });

  /* Phrase first, then every word, then some words. The searches a query needs
     run side by side. The browser may split Chinese into other words than the
     index did (直 筒 裤 where the index holds 直 + 筒裤, and a query word must
     begin an indexed word): when all the words find nothing, the words that
     still find pages together are kept, and of those pages only the ones
     holding the whole phrase count. Whether a page holds the phrase is read
     from its text. */
  async function rank(module, query, filters) {
    const find = async (text) => (await module.search(text, { filters })).results;
    if (query.includes('"')) {  // a phrase search written by the person
      return (await find(query)).map((result) => entry(result, 1));
    }
    const terms = words(query);
    if (!terms.length) return [];
    const text = terms.join(" ");
    if (terms.length === 1) return (await find(text)).map((result) => entry(result, 1));
    const phrase = normal(query);
    // Alone, a single character (还, 在) is too common to bring a page in.
    const partial = terms.filter((term, i) =>
      Array.from(term).length > 1 && terms.indexOf(term) === i);
    let [all, exact, perWord] = await Promise.all(
      [find(text), find(`"${text}"`), Promise.all(partial.map(find))]);
    const loose = !all.length;
    if (loose) [all, exact] = [await kept(find, terms), []];
    const whole = await holding(all, phrase);
    for (const result of exact) whole.add(result.id);
    const ranked = all.filter((result) => !loose || whole.has(result.id))
      .map((result) => entry(result, whole.has(result.id) ? 0 : 1, phrase));
    ranked.sort((a, b) => a.tier - b.tier);  // stable: Pagefind's order within a tier
    return ranked.concat(some(partial, perWord, new Set(ranked.map((r) => r.result.id))));
  }

  /* The pages found by the words, in order, that still find pages together. */
  async function kept(find, terms) {
    let text = "", found = [];
    for (const term of terms) {
      const longer = text ? `${text} ${term}` : term;
      const more = await find(longer);
      if (more.length) [text, found] = [longer, more];
    }
    return found;
  }

  /* The ids of the best candidates whose text holds the phrase. */
  async function holding(results, phrase) {
    const top = results.slice(0, VERIFY);
    const pages = await Promise.all(top.map((result) => result.data()));
    return new Set(top.filter((_, i) => normal(pages[i].content).includes(phrase))
      .map((result) => result.id));
  }

  /* Pages with some of the words (not among `seen`), most words first, then by score;
     each says which words it lacks. */
  function some(partial, perWord, seen) {
    const found = new Map();
    perWord.forEach((results, w) => {
      for (const result of results) {
        if (seen.has(result.id)) continue;
        const hit = found.get(result.id) || { result, score: 0, words: new Set() };
        hit.score += result.score;
        hit.words.add(w);
        found.set(result.id, hit);
      }
    });
    return Array.from(found.values())
      .sort((a, b) => b.words.size - a.words.size || b.score - a.score)
      .map((hit) => entry(hit.result, 2, null, partial.filter((_, w) => !hit.words.has(w))));
  }

  /* ---- Showing results ------------------------------------------------- */

  async function run() {
    const query = input.value.trim();
    const mine = ++generation;
    if (!query) {
      [shown, rendered] = [[], 0];
      list.textContent = "";
      list.removeAttribute("data-query");
      say("");
      return;
    }
    say(labels.search_loading);
    try {
      const ranked = await rank(await load(), query, chosenFilters());
      if (mine !== generation) return;
      [shown, rendered] = [ranked, 0];
      await more(mine, () => {
        list.textContent = "";
        list.dataset.query = query;  // which query the list answers
        say(ranked.length === 0 ? labels.search_none : ranked.length === 1
          ? labels.search_one : labels.search_many.replace("{count}", ranked.length));
      });
    } catch (error) {
      if (mine === generation) failed(error);
    }
  }

  /* The next results into the list (after `before`, when given). */
  async function more(mine, before) {
    const batch = shown.slice(rendered, rendered + PAGE);
    rendered += batch.length;
    const pages = await Promise.all(batch.map((ranked) => ranked.result.data()));
    if (mine !== generation) return;
    if (before) before();
    pages.forEach((page, i) => list.appendChild(item(page, batch[i])));
  }

  /* Pagefind's excerpt is escaped text with <mark> around the matches: keep only those. */
  function excerpt(html) {
    const parsed = new DOMParser().parseFromString(`<p>${html}</p>`, "text/html");
    const p = document.createElement("p");
    for (const node of parsed.body.firstChild.childNodes) {
      if (node.nodeName === "MARK") {
        const mark = document.createElement("mark");
        mark.textContent = node.textContent;
        p.appendChild(mark);
      } else {
        p.appendChild(document.createTextNode(node.textContent));
      }
    }
    return p;
  }

  /* For a phrase match: the text around the phrase, the phrase highlighted. */
  function around(content, phrase) {
    const text = content.replace(/\s+/g, " ");
    const at = text.toLowerCase().indexOf(phrase);
    if (at < 0) return null;
    const start = Math.max(0, at - 30);
    const end = at + phrase.length;
    const mark = document.createElement("mark");
    mark.textContent = text.slice(at, end);
    const p = document.createElement("p");
    p.append((start > 0 ? "…" : "") + text.slice(start, at), mark,
      text.slice(end, end + 50) + "…");
    return p;
  }

  function element(tag, className, text) {
    const node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined) node.textContent = text;
    return node;
  }

  function item(page, ranked) {
    const filters = page.filters || {};
    const type = (filters.type || [])[0];
    const kind = [labels.types[type] || type, ...(filters.segment || [])].filter(Boolean);
    const article = element("article", "md-search-result__article md-typeset");
    article.append(
      element("div", "md-search-result__icon md-icon"),
      element("h1", null, (page.meta && page.meta.title) || page.url),
      element("div", "ph-search-kind", kind.join(" · ")),
      (ranked.tier === 0 && around(page.content || "", ranked.phrase))
        || excerpt(page.excerpt || ""));
    if (ranked.missing.length) {
      const missing = element("p", "md-search-result__terms", `${labels.search_missing}: `);
      for (const word of ranked.missing) missing.append(element("del", null, word), " ");
      article.appendChild(missing);
    }
    const link = element("a", "md-search-result__link");
    link.href = page.url;
    link.tabIndex = -1;
    link.appendChild(article);
    const li = element("li", "md-search-result__item");
    li.appendChild(link);
    return li;
  }

  /* ---- Opening, closing, keys ------------------------------------------ */

  function show(open) {
    toggle.checked = open;
    toggle.dispatchEvent(new Event("change"));
    if (open) input.focus(); else input.blur();
  }

  /* Typing: the index chunks the words need start loading at once (Pagefind's
     preload), the search itself runs after a pause in the typing. */
  function typed() {
    const terms = words(input.value.trim());
    if (terms.length) {
      load().then((module) => module.preload(terms.join(" "), { filters: chosenFilters() }))
        .catch(() => {});  // `load` says why it failed
    }
    clearTimeout(timer);
    timer = setTimeout(run, PAUSE);
  }

  const editable = (element) => element && (element.isContentEditable ||
    /^(INPUT|TEXTAREA|SELECT)$/.test(element.tagName));

  input.addEventListener("focus", () => {
    if (!toggle.checked) { toggle.checked = true; toggle.dispatchEvent(new Event("change")); }
    load();
  });
  input.addEventListener("input", (event) => { if (!event.isComposing) typed(); });
  input.addEventListener("compositionend", typed);
  for (const select of selects) select.addEventListener("change", run);
  form.addEventListener("submit", (event) => event.preventDefault());
  form.addEventListener("reset", () => setTimeout(() => { run(); input.focus(); }, 0));
  toggle.addEventListener("change", () => {
    if (toggle.checked && document.activeElement !== input) input.focus();
  });
  list.addEventListener("click", (event) => { if (event.target.closest("a")) show(false); });
  scrollwrap.addEventListener("scroll", () => {
    const near = scrollwrap.scrollTop + scrollwrap.clientHeight > scrollwrap.scrollHeight - 40;
    if (near && rendered < shown.length) more(generation);
  });

  document.addEventListener("keydown", (event) => {
    if (event.metaKey || event.ctrlKey || event.altKey || event.isComposing) return;
    const active = document.activeElement;
    if (!toggle.checked) {
      if (/^[sf/]$/.test(event.key) && !editable(active)) {
        event.preventDefault();
        show(true);
        input.select();
      }
      return;
    }
    const links = Array.from(list.querySelectorAll("a"));
    if (event.key === "Escape") {
      event.preventDefault();
      show(false);
    } else if (event.key === "Enter" && active === input) {
      event.preventDefault();
      if (links.length) links[0].click();
    } else if ((event.key === "ArrowDown" || event.key === "ArrowUp")
               && !(active && active.tagName === "SELECT")) {
      event.preventDefault();
      const stops = [input, ...links];
      const at = Math.max(0, stops.indexOf(active));
      stops[(at + (event.key === "ArrowDown" ? 1 : stops.length - 1)) % stops.length].focus();
    }
  });
})();
