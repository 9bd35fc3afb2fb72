// orgwork's page: drag an item part to another meeting, double-click a cell to type into it,
// Ctrl+Z / Ctrl+Y to undo and redo. Every change goes to the server, which answers with the
// board checked again; nothing is decided here.
(function () {
  "use strict";
  const lang = () => document.body.dataset.lang;
  const cellOf = (el) => (el && el.closest ? el.closest("td[data-track]") : null);
  let over = null;

  function highlight(td) {
    if (over === td) return;
    if (over) over.classList.remove("drop");
    over = td;
    if (over) over.classList.add("drop");
  }

  document.addEventListener("dragstart", (ev) => {
    const td = ev.target.closest && ev.target.closest("td.part");
    if (!td) return;
    ev.dataTransfer.setData("text/plain", JSON.stringify({ period: td.dataset.from, body: td.dataset.body, index: td.dataset.index }));
    ev.dataTransfer.effectAllowed = "move";
    document.body.classList.add("dragging");
  });
  document.addEventListener("dragend", () => { document.body.classList.remove("dragging"); highlight(null); });
  document.addEventListener("dragover", (ev) => {
    const td = cellOf(ev.target);
    if (!td) return;
    ev.preventDefault();
    ev.dataTransfer.dropEffect = "move";
    highlight(td);
  });
  document.addEventListener("drop", (ev) => {
    const td = cellOf(ev.target);
    if (!td) return;
    ev.preventDefault();
    highlight(null);
    let from;
    try { from = JSON.parse(ev.dataTransfer.getData("text/plain")); } catch (e) { return; }
    htmx.ajax("POST", "/move", {
      target: "#board", swap: "outerHTML",
      values: { period: from.period, body: from.body, index: from.index, to: td.dataset.period, track: td.dataset.track, lang: lang() },
    });
  });

  function edit(td) {
    const q = new URLSearchParams({ period: td.dataset.period, track: td.dataset.track, lang: lang() });
    htmx.ajax("GET", "/cell?" + q.toString(), { target: "#editor", swap: "innerHTML" }).then(() => {
      const box = document.querySelector("#editor textarea");
      if (box) box.focus();
    });
  }
  document.addEventListener("dblclick", (ev) => {
    const td = cellOf(ev.target);
    if (td && !ev.target.closest("button")) edit(td);
  });
  document.addEventListener("keydown", (ev) => {
    const typing = ev.target.closest && ev.target.closest("input, textarea, select, dialog");
    if (ev.key === "Escape") { document.getElementById("editor").innerHTML = ""; return; }
    if (typing) return;
    const td = cellOf(ev.target);
    if (ev.key === "Enter" && td) { ev.preventDefault(); edit(td); return; }
    if (!(ev.ctrlKey || ev.metaKey)) return;
    const key = ev.key.toLowerCase();
    const which = key === "z" && !ev.shiftKey ? "#undo" : key === "y" || (key === "z" && ev.shiftKey) ? "#redo" : null;
    const button = which && document.querySelector(which);
    // the request itself, not a click: a board swapped in a moment ago may not be wired to htmx yet
    if (button && !button.disabled) {
      ev.preventDefault();
      htmx.ajax("POST", button.getAttribute("hx-post"), { target: "#board", swap: "outerHTML" });
    }
  });
})();
