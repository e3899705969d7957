/* Instant filters and lazy search for /jobs/. No framework, no other origin.
 *
 * Filters: the chip form's checkboxes (name = tribe, location, contract or remote; value = id)
 * narrow the list at once; the query string is the state, so /jobs/?tribe=platform&location=paris
 * is shareable, survives a reload, and back/forward replay it. OR within a group, AND across.
 * Search: Pagefind's component UI is fetched on the first sign of intent (focus, a tap, #search
 * or ?q=), which keeps the first load of the page small.
 */
(function () {
  "use strict";
  var form = document.getElementById("job-filters");
  var list = document.getElementById("job-list");
  var search = document.getElementById("search");
  var stand = search && search.querySelector(".search__placeholder");

  /* The count's words come from the page, in its language: data-one / data-other on the
     heading, `#` standing for the number; Intl.PluralRules picks the form (1 in English,
     0 and 1 in French take the singular). */
  var heading = document.getElementById("results-heading");
  var rules = window.Intl && Intl.PluralRules ? new Intl.PluralRules(document.documentElement.lang) : null;

  function plural(n) {
    var form = rules ? rules.select(n) : (n === 1 ? "one" : "other");
    var pattern = heading && heading.getAttribute(form === "one" ? "data-one" : "data-other");
    return pattern ? pattern.replace("#", String(n)) : String(n);
  }

  function status(text) {
    var pattern = heading && heading.getAttribute("data-shown");
    return pattern ? pattern.replace("#", text) : text;
  }

  function selected() {
    var chosen = {};
    form.querySelectorAll("input[type=checkbox]:checked").forEach(function (box) {
      (chosen[box.name] = chosen[box.name] || []).push(box.value);
    });
    return chosen;
  }

  function matches(card, chosen, skip) {
    return Object.keys(chosen).every(function (kind) {
      if (kind === skip) return true;
      var have = (card.getAttribute("data-" + kind) || "").split(" ");
      return chosen[kind].some(function (value) { return have.indexOf(value) !== -1; });
    });
  }

  function apply(announce) {
    var chosen = selected();
    var cards = list ? list.querySelectorAll(".job-card") : [];
    var shown = 0;
    cards.forEach(function (card) {
      var ok = matches(card, chosen, null);
      card.hidden = !ok;
      if (ok) shown += 1;
    });
    /* Each chip's count: the jobs it would show, given the other groups' choices. */
    form.querySelectorAll("input[type=checkbox]").forEach(function (box) {
      var n = 0;
      cards.forEach(function (card) {
        var values = (card.getAttribute("data-" + box.name) || "").split(" ");
        if (values.indexOf(box.value) !== -1 && matches(card, chosen, box.name)) n += 1;
      });
      var count = box.parentNode.querySelector(".chip__count");
      if (count) count.textContent = String(n);
    });
    var text = plural(shown);
    document.getElementById("results-heading").textContent = text;
    document.getElementById("filter-empty").hidden = shown !== 0;
    if (list) list.hidden = shown === 0;
    if (announce) document.getElementById("filter-status").textContent = status(text);
  }

  function fromUrl() {
    var params = new URLSearchParams(window.location.search);
    form.querySelectorAll("input[type=checkbox]").forEach(function (box) {
      box.checked = params.getAll(box.name).indexOf(box.value) !== -1;
    });
  }

  function toUrl() {
    var params = new URLSearchParams(window.location.search);
    ["tribe", "location", "contract", "remote"].forEach(function (kind) { params.delete(kind); });
    form.querySelectorAll("input[type=checkbox]:checked").forEach(function (box) {
      params.append(box.name, box.value);
    });
    var query = params.toString();
    var url = window.location.pathname + (query ? "?" + query : "") + window.location.hash;
    if (url !== window.location.pathname + window.location.search + window.location.hash) {
      window.history.pushState(null, "", url);
    }
  }

  if (form) {
    fromUrl();
    apply(false);
    form.addEventListener("change", function () {
      toUrl();
      apply(true);
    });
    /* "Show results": the state is already applied; take keyboard users to the list. */
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      document.getElementById("results-heading").focus();
    });
    var clear = form.querySelector(".chips__clear");
    if (clear) {
      clear.addEventListener("click", function (event) {
        event.preventDefault();
        form.querySelectorAll("input[type=checkbox]").forEach(function (box) { box.checked = false; });
        toUrl();
        apply(true);
      });
    }
    window.addEventListener("popstate", function () {
      fromUrl();
      apply(true);
    });
  }

  /* --- search ---------------------------------------------------------------------------- */
  var loading = null;

  function loadSearch() {
    if (loading) return loading;
    loading = new Promise(function (resolve, reject) {
      var css = document.createElement("link");
      css.rel = "stylesheet";
      css.href = "/pagefind/pagefind-component-ui.css";
      document.head.appendChild(css);
      var script = document.createElement("script");
      script.src = "/pagefind/pagefind-component-ui.js";
      script.onload = resolve;
      script.onerror = reject;
      document.head.appendChild(script);
    }).then(function () {
      return window.customElements.whenDefined("pagefind-input");
    }).then(function () {
      /* The component has replaced the stand-in input: carry over what was typed and focus. */
      var input = search.querySelector("pagefind-input input:not(.search__placeholder)");
      return { input: input, typed: stand ? stand.value : "" };
    });
    return loading;
  }

  function run(term, focus) {
    loadSearch().then(function (found) {
      if (!found.input) return;
      var value = term || found.typed;
      if (focus) found.input.focus();
      if (value) {
        found.input.value = value;
        found.input.dispatchEvent(new Event("input", { bubbles: true }));
      }
    });
  }

  if (search) {
    if (stand) {
      stand.addEventListener("focus", function () { run("", true); }, { once: true });
    }
    search.addEventListener("pointerdown", function () { loadSearch(); }, { once: true });
    var q = new URLSearchParams(window.location.search).get("q");
    if (q) {
      run(q, false);
    } else if (window.location.hash === "#search") {
      run("", true);
    }
    window.addEventListener("hashchange", function () {
      if (window.location.hash === "#search") run("", true);
    });
  }
})();
