/* Draws every chart of the page with vega-embed and makes clickable marks filter the page.
 *
 * A chart's canvas is <div data-vega-spec="ID">, its spec the JSON in <script id="ID">. When the spec's
 * usermeta.click = {param, field}, clicking a mark sets ?param=<datum[field]> in the URL (clicking the value
 * already chosen removes it) and reloads the page, so the state is in the URL and a view can be shared.
 * Pages can listen for the "ssepot:chart" event (detail: {view, spec, element}) to do more.
 */
(function () {
  "use strict";

  function options() {
    var node = document.getElementById("vega-embed-options");
    return node ? JSON.parse(node.textContent) : {};
  }

  function filterBy(param, value) {
    var url = new URL(window.location.href);
    if (value === null || value === undefined || url.searchParams.get(param) === String(value)) {
      url.searchParams.delete(param);
    } else {
      url.searchParams.set(param, String(value));
    }
    url.searchParams.delete("pagina");
    window.location.assign(url.toString() + (url.hash || ""));
  }

  function draw(element, embedOptions) {
    var source = document.getElementById(element.getAttribute("data-vega-spec"));
    if (!source) { return; }
    var spec = JSON.parse(source.textContent);
    var meta = (spec.usermeta || {});
    var name = (meta.key || "grafico");
    var opts = Object.assign({}, embedOptions, {downloadFileName: name});
    return window.vegaEmbed(element, spec, opts).then(function (result) {
      var click = meta.click;
      element.classList.add("chart__canvas--drawn");
      // the export menu's toggle is an icon: give it a name screen readers can say (WCAG 4.1.2)
      var toggle = element.querySelector("details > summary");
      if (toggle && !toggle.hasAttribute("aria-label")) {
        toggle.setAttribute("aria-label", ((embedOptions.i18n || {}).CLICK_TO_VIEW_ACTIONS) || "Descargar el gráfico");
      }
      if (click) {
        result.view.addEventListener("click", function (event, item) {
          var datum = item && item.datum;
          if (datum && Object.prototype.hasOwnProperty.call(datum, click.field)) {
            filterBy(click.param, datum[click.field]);
          }
        });
      }
      element.dispatchEvent(new CustomEvent("ssepot:chart", {bubbles: true, detail: {view: result.view, spec: spec, element: element}}));
      return result;
    }).catch(function (error) {
      element.setAttribute("data-vega-error", String(error));
      if (window.console) { window.console.error(error); }
    });
  }

  function drawAll(root) {
    if (!window.vegaEmbed) { return; }
    var embedOptions = options();
    (root || document).querySelectorAll("[data-vega-spec]:not(.chart__canvas--drawn)").forEach(function (element) {
      draw(element, embedOptions);
    });
  }

  window.ssepotCharts = {drawAll: drawAll, filterBy: filterBy};
  document.addEventListener("DOMContentLoaded", function () { drawAll(document); });
  // content swapped in by HTMX gets its charts drawn too
  document.addEventListener("htmx:afterSettle", function (event) { drawAll(event.target); });
})();
