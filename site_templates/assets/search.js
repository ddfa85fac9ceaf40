/* Persona Handbook search: Material's search box over Pagefind's chunked index.
 *
 * Pagefind's engine (its script and WebAssembly, written by the build into
 * pagefind/) loads once the page is idle; the index chunks a query needs load
 * only as it is typed, the filters once the box is used. Results come in three tiers: pages holding the
 * whole query as written (a phrase), then pages holding every word, then pages
 * holding some of the words; the first show while the rest are still searched.
 * The query is split into words the way the index was (Chinese word
 * segmentation), whatever the interface language. Text from the index is only ever inserted
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
  const LEAD = PAGE;     // pages holding the phrase ordered by their text, at most
  const FILL_DELAY = 300;  // ms after loading before the filters fill in, unless a search runs
  const segmenter = typeof Intl !== "undefined" && Intl.Segmenter
    ? new Intl.Segmenter("zh", { granularity: "word" }) : null;

  let pagefind = null;   // a promise of Pagefind's module, once loading starts
  let filling = null;    // a promise of the filters, once the box is used
  let loaded = null;     // a promise of the index's entry file as the engine loaded it
  let generation = 0;    // the newest query; answers to older ones are dropped
  let running = null;    // the queries being run, one after another
  let shown = [];        // ranked results of the current query, so far
  let rendered = 0;      // how many of them are in the list, or on their way
  let drawing = Promise.resolve();  // results on their way into the list

  const say = (text) => { meta.textContent = text; };

  /* ---- Loading Pagefind ------------------------------------------------ */

  /* Pagefind, for the box: the filters fill in once it is there. */
  function load() {
    if (!filling) filling = engine().then(fillWhenIdle).catch(failed);
    return engine();
  }

  /* Pagefind's script, its WebAssembly and the index's list of chunks (about
     150 KB, then cached), without any index chunk. */
  function engine() {
    if (!pagefind) {
      // Browsers refuse modules and fetches from file:// pages.
      pagefind = location.protocol === "file:"
        ? Promise.reject(new Error("offline")) : start();
    }
    return pagefind;
  }

  const bundled = (name) => new URL(name, new URL(root.dataset.bundle, document.baseURI));

  /* The index's entry file, which names its current chunks, asked of the server. */
  const stamp = () => fetch(bundled("pagefind-entry.json"), { cache: "no-cache" })
    .then((response) => response.text());

  async function start() {
    const module = await import(bundled("pagefind.js").href);
    await module.destroy();  // an engine loaded before a rebuild knows the old index
    loaded = stamp();
    const warmUp = fetch(bundled("warm-up.json")).then((response) => response.json())
      .then((found) => found.word, () => null);
    // On the main thread: a worker costs one more script and startup before the
    // first answer, and the searches of a handbook are small.
    await module.options({ excerptLength: 24, noWorker: true });
    await module.init();
    await warm(module, await warmUp);
    return module;
  }

  /* The first searches of a page run the engine's WebAssembly as the browser
     first compiles it, about twice as slow as once it has run a while. On a large
     index (where the build names a word for this), one word is searched, ranked
     and as a phrase, before the person's first search, unless that search has
     already been asked for: it then warms the engine itself. */
  async function warm(module, word) {
    if (!word || generation > 0) return;
    try {
      await module.search(word);
      await module.search(`"${word}"`);
    } catch (error) {
      // Only a head start is lost: the person's search says what went wrong, if anything.
    }
  }

  /* Whether the site's index is still the one the engine loaded: a rebuild (a
     deployment, or `handbook serve` after an edit) replaces its chunks. */
  async function current() {
    const [then, now] = await Promise.all([loaded, stamp()]);
    return then === now;
  }

  function failed(error) {
    say(error && error.message === "offline" ? labels.search_offline : labels.search_failed);
  }

  /* Counting the pages of every filter value takes a while: a search typed at
     once goes first. */
  async function fillWhenIdle(module) {
    await new Promise((resolve) => setTimeout(resolve, FILL_DELAY));
    while (running) await running;
    await fillFilters(module);
  }

  async function fillFilters(module) {
    const available = await module.filters();
    const names = { type: labels.types, status: labels.statuses };  // segments: as written
    for (const select of selects) {
      for (const option of Array.from(select.options)) if (option.value) option.remove();
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
  /* How many times a page's text (or title) holds the phrase, as `normal` writes both. */
  const times = (text, phrase) => normal(text || "").split(phrase).length - 1;

  function chosenFilters() {
    const filters = {};
    for (const select of selects) if (select.value) filters[select.name] = select.value;
    return filters;
  }

  const entry = (result, tier, phrase = null, missing = []) =>
    ({ result, tier, phrase, missing });

  /* Phrase first, then every word, then some words, each batch handed to `emit`
     (which returns once the list shows it, as far as the list's first page goes)
     as soon as it is known, in its final place after the ones before it: the
     first results show while the rest are still searched, and nothing already
     shown moves. Pagefind's searches hold the main thread and cost more the more
     pages hold their words (each page found is matched against every page of
     every word), so the list leads with the best pages for the longest word whose
     text holds the phrase (`ordered`), or, when none does, with the pages
     Pagefind finds holding the phrase (`leading`); the search for every word
     only places the ones after them. The browser may split
     Chinese into other words than the index did (直 筒 裤 where the index holds
     直 + 筒裤, and a query word must begin an indexed word), and then Pagefind's
     phrase search misses: the best pages holding every word are read for the
     phrase too, and when all the words find nothing, the words that still find
     pages together are kept, and of those pages only the ones holding the whole
     phrase count. `stale` says a newer query has come; the search then stops at
     its next step. */
  async function rank(module, query, filters, emit, stale) {
    const find = async (text) => (await module.search(text, { filters })).results;
    const quoted = query.includes('"');  // a phrase search written by the person
    const terms = words(query);
    if (!terms.length) return;
    const text = terms.join(" ");
    if (terms.length === 1 && !quoted) {
      emit((await find(text)).map((result) => entry(result, 1)));
      return;
    }
    const phrase = normal(query.replace(/"/g, ""));
    const seen = new Set();
    const unseen = (results) => results.filter((result) => !seen.has(result.id));
    const add = (results, tier) => {
      for (const result of results) seen.add(result.id);
      return emit(results.map((result) => entry(result, tier, phrase)));
    };
    const longest = terms.reduce((a, b) => (b.length > a.length ? b : a));
    const ranked = await find(longest);
    if (stale()) return;
    await add(await ordered(ranked.slice(0, VERIFY), phrase, true), 0);
    if (stale()) return;
    const exact = await find(`"${text}"`);
    if (stale()) return;
    if (!seen.size) await add(await leading(exact, ranked, phrase), 0);
    if (stale()) return;
    let all = await find(text);
    const loose = !all.length;
    if (loose) all = await kept(find, terms, stale);
    if (stale()) return;
    const holds = new Set(exact.map((result) => result.id));
    add(unseen(all).filter((result) => holds.has(result.id)), 0);
    add(unseen(exact), 0);
    const whole = await holding(unseen(all), phrase);
    add(unseen(all).filter((result) => whole.has(result.id)), 0);
    if (quoted || stale()) return;
    if (!loose) add(unseen(all), 1);
    // Alone, a single character (还, 在) is too common to bring a page in.
    const partial = terms.filter((term, i) =>
      Array.from(term).length > 1 && terms.indexOf(term) === i);
    emit(some(partial, await Promise.all(partial.map(find)), seen));
  }

  /* The pages Pagefind found holding the phrase (`exact`), when none of the best
     pages for the longest word did: at most LEAD of them (when more hold it, the
     ones `ranked` first for that word), in the order of `ordered`. */
  function leading(exact, ranked, phrase) {
    let candidates = exact;
    if (exact.length > LEAD) {
      const holds = new Set(exact.map((result) => result.id));
      candidates = ranked.filter((result) => holds.has(result.id));
    }
    return ordered(candidates, phrase, false);
  }

  /* Of `found`, at most LEAD, best first: the pages whose title holds the
     phrase, then the pages where it takes up most of the text (the interview a
     quote is from before the persona citing it), then the order given. With
     `verify`, only the candidates whose text holds the phrase count. The list
     leads with the best pages for the query's longest word whose text holds the
     phrase: one word costs Pagefind less than the phrase, whose search goes
     through every page holding all the words, and the first results come sooner. */
  async function ordered(found, phrase, verify) {
    const candidates = verify ? found : found.slice(0, LEAD);  // unverified: LEAD suffice
    const pages = await Promise.all(candidates.map((result) => result.data()));
    const named = pages.map((page) => times(page.meta && page.meta.title, phrase) > 0);
    const count = pages.map((page) => times(page.content, phrase));
    const share = pages.map((page, i) => count[i] / Math.max(page.word_count || 0, 1));
    const order = candidates.map((_, i) => i)
      .filter((i) => !verify || named[i] || count[i] > 0)
      .sort((a, b) => named[b] - named[a] || share[b] - share[a] || a - b);
    return order.slice(0, LEAD).map((i) => candidates[i]);
  }

  /* The pages found by the words, in order, that still find pages together. */
  async function kept(find, terms, stale) {
    let text = "", found = [];
    for (const term of terms) {
      if (stale()) break;
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
    return new Set(top.filter((_, i) => times(pages[i].content, phrase) > 0)
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

  /* One query at a time: typing while a search runs makes it stop at its next
     step and the newest words run next, at once. `run` returns the generation
     it answered. */
  function schedule() {
    generation += 1;
    if (running) return;
    running = (async () => {
      let ran;
      do {
        ran = await run(generation);
      } while (ran !== generation);
      running = null;
    })();
  }

  async function run(mine, reloaded = false) {
    const query = input.value.trim();
    let outdated = false;  // the index was rebuilt since the engine loaded
    const stale = () => mine !== generation || outdated;
    [shown, rendered, drawing] = [[], 0, Promise.resolve()];
    if (!query) {
      list.textContent = "";
      list.removeAttribute("data-query");
      list.removeAttribute("aria-busy");
      say("");
      return mine;
    }
    say(labels.search_loading);
    list.setAttribute("aria-busy", "true");
    let first = true;
    const begin = () => {
      list.replaceChildren();
      list.dataset.query = query;  // which query the list answers
    };
    const count = (label) => label.replace("{count}", shown.length.toLocaleString());
    const emit = (batch) => {
      if (stale() || !batch.length) return drawing;
      shown = shown.concat(batch);
      if (rendered < PAGE) draw(mine, first ? begin : null);
      first = false;
      say(count(labels.search_more));
      return drawing;
    };
    try {
      const module = await load();
      const checked = reloaded ? Promise.resolve() : current()
        .then((fresh) => { outdated = !fresh; }, () => {});  // no such file: go on
      await rank(module, query, chosenFilters(), emit, stale);
      await checked;
      if (outdated && mine === generation) {
        [pagefind, filling] = [null, null];
        generation += 1;  // what the outdated engine found stays out of the list
        return await run(generation, true);
      }
      await drawing;
      if (stale()) return mine;
      if (first) begin();
      list.removeAttribute("aria-busy");
      say(shown.length === 0 ? labels.search_none : shown.length === 1
        ? labels.search_one : count(labels.search_many));
    } catch (error) {
      if (!stale()) failed(error);
    }
    return mine;
  }

  /* Queue the next results, up to the end of a page of them, into the list: each
     goes in, in order, as soon as its text has come (after `before`, when given). */
  function draw(mine, before) {
    const batch = shown.slice(rendered, rendered + PAGE - (rendered % PAGE));
    rendered += batch.length;
    batch.forEach((ranked, i) => {
      const page = ranked.result.data();
      drawing = drawing.then(() => page).then((data) => {
        if (mine !== generation) return;
        if (before && i === 0) before();
        list.appendChild(item(data, ranked));
      });
    });
    return drawing;
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

  /* Typing: the search runs at once; while one runs, the index chunks the
     newest words need start loading (Pagefind's preload). */
  function typed() {
    const terms = words(input.value.trim());
    if (terms.length && running) {
      load().then((module) => module.preload(terms.join(" "), { filters: chosenFilters() }))
        .catch(() => {});  // `load` says why it failed
    }
    schedule();
  }

  const editable = (element) => element && (element.isContentEditable ||
    /^(INPUT|TEXTAREA|SELECT)$/.test(element.tagName));

  // The engine loads when the page has nothing else to do, so that the first
  // query waits only for the index chunks its words need.
  if (location.protocol !== "file:") {
    const idle = window.requestIdleCallback || ((task) => setTimeout(task, 1));
    const soon = () => idle(() => engine().catch(() => {}), { timeout: 2000 });
    if (document.readyState === "complete") soon(); else addEventListener("load", soon);
  }
  input.addEventListener("focus", () => {
    if (!toggle.checked) { toggle.checked = true; toggle.dispatchEvent(new Event("change")); }
    load();
  });
  input.addEventListener("input", (event) => { if (!event.isComposing) typed(); });
  input.addEventListener("compositionend", typed);
  for (const select of selects) select.addEventListener("change", schedule);
  form.addEventListener("submit", (event) => event.preventDefault());
  form.addEventListener("reset", () => setTimeout(() => { schedule(); input.focus(); }, 0));
  toggle.addEventListener("change", () => {
    if (toggle.checked && document.activeElement !== input) input.focus();
  });
  list.addEventListener("click", (event) => { if (event.target.closest("a")) show(false); });
  scrollwrap.addEventListener("scroll", () => {
    const near = scrollwrap.scrollTop + scrollwrap.clientHeight > scrollwrap.scrollHeight - 40;
    if (near && rendered < shown.length) draw(generation);
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
