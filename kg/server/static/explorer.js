/* The query page: YASQE editor + YASR results (vendored YASGUI), examples, share link, graph view. */
(function () {
  "use strict";
  var examples = JSON.parse(document.getElementById("kg-examples-data").textContent);
  var initial = JSON.parse(document.getElementById("kg-initial").textContent);
  var fallback = "PREFIX tp: <https://w3id.org/techpark-kg/ontology#>\n" +
    "PREFIX skos: <http://www.w3.org/2004/02/skos/core#>\n\n" +
    "SELECT ?company ?name WHERE {\n  ?company a tp:Company ; skos:prefLabel ?name .\n} ORDER BY ?name";
  var status = document.getElementById("kg-status");
  var truncated = document.getElementById("kg-truncated");
  var link = document.getElementById("kg-link");
  var frame = document.getElementById("kg-graph-frame");

  var yasqe = new Yasgui.Yasqe(document.getElementById("kg-yasqe"), {
    value: initial || (examples.length && examples[0].runnable ? examples[0].text : fallback),
    persistenceId: null,
    showQueryButton: true,
    resizeable: true,
    editorHeight: "260px",
    autocompleters: [],
    createShareableLink: null,
    requestConfig: {
      endpoint: "/sparql",
      method: "POST",
      acceptHeaderSelect: "application/sparql-results+json",
      acceptHeaderGraph: "text/turtle",
      acceptHeaderUpdate: "text/plain"
    }
  });
  var prefixes = JSON.parse(document.getElementById("kg-prefixes").textContent);
  var yasrEl = document.getElementById("kg-yasr");
  var yasr = new Yasgui.Yasr(yasrEl, {persistenceId: null, prefixes: prefixes});
  var base = "https://w3id.org/techpark-kg/";

  // Links in results go to the explorer's own pages (kg.server.pages.href), never to other hosts.
  function localHref(iri) {
    if (iri.indexOf(base + "id/document/") === 0) { return "/source/" + encodeURIComponent(iri.slice(base.length + 12)); }
    if (iri.indexOf(base + "id/") === 0) { return "/id/" + iri.slice(base.length + 3); }
    if (iri.indexOf(base + "ontology#") === 0) { return "/ontology/" + iri.slice(base.length + 9); }
    if (iri.indexOf(base + "graph/") === 0) { return "/source/" + encodeURIComponent(iri.slice(base.length + 6)); }
    return "/resource?iri=" + encodeURIComponent(iri);
  }
  function localise() {
    Array.prototype.forEach.call(yasrEl.querySelectorAll("a[href]"), function (a) {
      var target = a.getAttribute("href");
      if (/^https?:/.test(target) && target.indexOf(window.location.origin) !== 0) {
        a.setAttribute("href", localHref(target));
        a.removeAttribute("target");
      }
    });
  }
  new MutationObserver(localise).observe(yasrEl, {childList: true, subtree: true});
  window.kgExplorer = {yasqe: yasqe, yasr: yasr, runs: 0};

  function shareUrl() {
    return window.location.origin + "/?query=" + encodeURIComponent(yasqe.getValue());
  }
  function updateLink() { link.setAttribute("href", shareUrl()); }

  yasqe.on("change", updateLink);
  yasqe.on("query", function () { status.textContent = "Running..."; truncated.hidden = true; });
  yasqe.on("queryResponse", function (instance, response, duration) {
    window.kgExplorer.runs += 1;
    var failed = response instanceof Error;
    status.textContent = failed ? "The query failed." : "Done in " + duration + " ms.";
    truncated.hidden = failed || !response.headers || response.headers.get("x-truncated") !== "true";
    yasr.setResponse(response, duration);
    document.body.setAttribute("data-runs", String(window.kgExplorer.runs));
  });

  document.getElementById("kg-run").addEventListener("click", function () { yasqe.query(); });
  document.getElementById("kg-share").addEventListener("click", function () {
    var url = shareUrl();
    if (navigator.clipboard) {
      navigator.clipboard.writeText(url).then(function () { status.textContent = "Link copied."; },
        function () { status.textContent = url; });
    } else {
      status.textContent = url;
    }
  });
  document.getElementById("kg-graph").addEventListener("click", function () {
    frame.hidden = false;
    frame.setAttribute("src", "/view/query?query=" + encodeURIComponent(yasqe.getValue()));
  });
  Array.prototype.forEach.call(document.querySelectorAll("button.example"), function (button) {
    button.addEventListener("click", function () {
      var q = examples[Number(button.getAttribute("data-index"))];
      yasqe.setValue(q.text);
      if (q.runnable) { yasqe.query(); }
    });
  });
  updateLink();
  if (initial) { yasqe.query(); }
})();
