// The Casus workbench in the browser: gallery, editor with live diagnostics, verdicts, explanations.
// Everything the page needs is in this file and style.css; the server does the reading and solving.
"use strict";

const $ = (id) => document.getElementById(id);
const state = { name: "case.casus", text: "", doctrines: [], left: "", right: "", explain: null, full: false };
const catalog = { doctrines: [], cases: [], keywords: new Set() };
let diagnostics = [];
let cited = new Set();
let verdictData = null;
let generation = 0;

// -- talking to the server ------------------------------------------------------------------------

async function getJSON(url) {
  const response = await fetch(url);
  return response.json();
}

async function post(url, body) {
  const response = await fetch(url, {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify({ name: state.name, text: state.text, ...body }),
  });
  return response.json();
}

function setStatus(text) {
  $("status").textContent = text;
}

// -- the link: the case and the choices, compressed into the fragment ----------------------------

function toBase64(bytes) {
  let binary = "";
  for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(binary).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
}

function fromBase64(text) {
  const binary = atob(text.replace(/-/g, "+").replace(/_/g, "/"));
  return Uint8Array.from(binary, (c) => c.charCodeAt(0));
}

async function through(stream, bytes) {
  const piped = new Blob([bytes]).stream().pipeThrough(stream);
  return new Uint8Array(await new Response(piped).arrayBuffer());
}

async function encodeState() {
  const bytes = new TextEncoder().encode(JSON.stringify(state));
  if (typeof CompressionStream === "undefined") return "b" + toBase64(bytes);
  return "z" + toBase64(await through(new CompressionStream("deflate-raw"), bytes));
}

async function decodeState(fragment) {
  const kind = fragment[0];
  let bytes = fromBase64(fragment.slice(1));
  if (kind === "z") bytes = await through(new DecompressionStream("deflate-raw"), bytes);
  else if (kind !== "b") throw new Error("not a workbench link");
  return JSON.parse(new TextDecoder().decode(bytes));
}

let linkTimer = null;
function rememberInLink() {
  clearTimeout(linkTimer);
  linkTimer = setTimeout(async () => history.replaceState(null, "", "#" + (await encodeState())), 300);
}

// -- the editor: highlighting, diagnostics at line and column, cited lines ------------------------

const escapeHTML = (s) => s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
const TOKEN = /(#.*$)|("[^"]*"?)|(\d{4}-\d{2}-\d{2}|\b\d+\b)|([A-Za-z][A-Za-z0-9_-]*)/g;

function highlightLine(line) {
  let out = "";
  let last = 0;
  for (const m of line.matchAll(TOKEN)) {
    out += escapeHTML(line.slice(last, m.index));
    const [text, comment, string, number, word] = m;
    let kind = null;
    if (comment) kind = "comment";
    else if (string) kind = "string";
    else if (number) kind = "number";
    else if (word && catalog.keywords.has(word)) kind = "keyword";
    else if (word && /^[A-Z]/.test(word)) kind = "name";
    out += kind ? `<span class="tok-${kind}">${escapeHTML(text)}</span>` : escapeHTML(text);
    last = m.index + text.length;
  }
  return out + escapeHTML(line.slice(last));
}

function lineDiagnostics() {
  const byLine = new Map();
  for (const d of diagnostics) {
    if (d.file !== state.name || !d.line) continue;
    if (!byLine.has(d.line)) byLine.set(d.line, []);
    byLine.get(d.line).push(d);
  }
  return byLine;
}

function markLine(line, found) {
  if (!found) return escapeHTML(line);
  const d = found[0];
  const start = Math.max(0, d.column - 1);
  const end = Math.max(start + 1, (d.end_column || d.column + 1) - 1);
  const padded = line.length < end ? line + " ".repeat(end - line.length) : line;
  return (
    escapeHTML(padded.slice(0, start)) +
    `<span class="${d.severity === "error" ? "error" : "warning"}" title="${escapeHTML(d.message)}">` +
    escapeHTML(padded.slice(start, end)) +
    "</span>" +
    escapeHTML(padded.slice(end))
  );
}

function paintEditor() {
  const lines = state.text.split("\n");
  const byLine = lineDiagnostics();
  const gutter = [];
  const marks = [];
  const highlight = [];
  lines.forEach((line, i) => {
    const n = i + 1;
    const found = byLine.get(n);
    const severity = found ? (found.some((d) => d.severity === "error") ? "error" : "warning") : "";
    const klass = severity || (cited.has(n) ? "cited" : "");
    gutter.push(`<div class="${klass}" data-line="${n}">${n}</div>`);
    marks.push(`<div class="${cited.has(n) ? "cited" : ""}" data-line="${n}">${markLine(line, found) || " "}</div>`);
    highlight.push(`<div>${highlightLine(line) || " "}</div>`);
  });
  $("gutter").innerHTML = gutter.join("");
  $("marks").innerHTML = marks.join("");
  $("highlight").innerHTML = highlight.join("");
  alignLayers();
  syncScroll();
}

// The editor's text replaced by `text`, as one step of the editor's own undo (Ctrl+Z): only the part
// that differs is selected and typed over, so the rest keeps its place. The input event it makes
// is the one typing makes: the case is checked and solved again.
function replaceEditorText(text) {
  const source = $("source");
  const old = source.value;
  let start = 0;
  while (start < old.length && start < text.length && old[start] === text[start]) start++;
  let end = 0;
  while (end < old.length - start && end < text.length - start && old[old.length - 1 - end] === text[text.length - 1 - end]) end++;
  source.focus({ preventScroll: true });
  source.setSelectionRange(start, old.length - end);
  const typed = text.slice(start, text.length - end);
  const done = typed ? document.execCommand("insertText", false, typed) : document.execCommand("delete");
  if (!done || source.value !== text) {
    source.value = text; // a browser without execCommand: the text is right, the undo is the Undo button's
    source.dispatchEvent(new Event("input"));
  }
  goToLine(old.slice(0, start).split("\n").length);
}

// The textarea's scroll bar narrows its text; the layers under it are given the same width, and
// each line number the height of its line as wrapped.
function alignLayers() {
  const source = $("source");
  const bar = source.offsetWidth - source.clientWidth;
  for (const id of ["marks", "highlight"]) $(id).style.paddingRight = `${8 + bar}px`;
  const heights = [...$("marks").children].map((line) => line.offsetHeight);
  [...$("gutter").children].forEach((number, i) => (number.style.height = `${heights[i]}px`));
}

function syncScroll() {
  const source = $("source");
  for (const id of ["marks", "highlight"]) {
    $(id).scrollTop = source.scrollTop;
    $(id).scrollLeft = source.scrollLeft;
  }
  $("gutter").scrollTop = source.scrollTop;
}

function revealLine(line) {
  const mark = $("marks").querySelector(`div[data-line="${line}"]`);
  $("source").scrollTop = Math.max(0, (mark ? mark.offsetTop : 0) - 3 * 21);
  syncScroll();
  return mark;
}

function goToLine(line, column = 1) {
  const source = $("source");
  const lines = state.text.split("\n");
  let offset = 0;
  for (let i = 0; i < line - 1 && i < lines.length; i++) offset += lines[i].length + 1;
  source.focus({ preventScroll: true });
  source.setSelectionRange(offset + column - 1, offset + column - 1);
  const mark = revealLine(line);
  if (mark) {
    mark.classList.add("flash");
    setTimeout(() => mark.classList.remove("flash"), 1200);
  }
}

function showDiagnostics() {
  const list = $("diagnostics");
  list.innerHTML = "";
  if (!diagnostics.length) {
    list.innerHTML = '<li class="ok">No errors or warnings.</li>';
    return;
  }
  for (const d of diagnostics) {
    const item = element("li", { className: d.severity });
    const where = d.line ? `${d.file}:${d.line}:${d.column}` : d.file || "";
    item.innerHTML =
      `<span class="where">${escapeHTML(where)}</span>${escapeHTML(d.severity)}: ${escapeHTML(d.message)}` +
      (d.help ? `<span class="help">help: ${escapeHTML(d.help)}</span>` : "");
    if (d.line && d.file === state.name) item.addEventListener("click", () => goToLine(d.line, d.column));
    list.append(item);
  }
}

// -- analysing: diagnostics first, then the verdicts ---------------------------------------------

let analyseTimer = null;
function analyseSoon(delay = 400) {
  clearTimeout(analyseTimer);
  analyseTimer = setTimeout(analyse, delay);
}

async function analyse() {
  const mine = ++generation;
  setStatus("checking…");
  const checked = await post("/api/check", {});
  if (mine !== generation) return;
  diagnostics = checked.diagnostics || [];
  if (checked.title !== undefined) {
    $("title").textContent = checked.title || "";
    document.title = checked.title ? `${checked.title} · Casus workbench` : "Casus workbench";
  }
  showDiagnostics();
  paintEditor();
  if (!checked.ok) {
    setStatus("the case has errors");
    showVerdicts(null, "Correct the errors under the editor to see the verdicts.");
    return;
  }
  if (!state.doctrines.length) {
    setStatus("");
    showVerdicts(null, "Choose a doctrine above.");
    return;
  }
  setStatus("solving…");
  const solved = await post("/api/verdicts", { doctrines: state.doctrines });
  if (mine !== generation) return;
  setStatus(solved.ok ? "" : "could not solve");
  if (!solved.ok) {
    diagnostics = diagnostics.concat(solved.diagnostics || []);
    showDiagnostics();
    paintEditor();
  }
  showVerdicts(solved.ok ? solved : null);
  if (state.explain) openExplanation(false);
}

// The colour of a verdict: red for blame, green for a justified breach (the server says which).
function verdictClass(verdict) {
  if (verdict.blameworthy) return "blameworthy";
  return verdict.justified ? "justified" : "";
}

function showVerdicts(data, why = "") {
  verdictData = data;
  const box = $("verdicts");
  box.innerHTML = "";
  $("timeline").innerHTML = "";
  if (!data) {
    if (why) box.insertAdjacentHTML("beforeend", `<p class="none">${escapeHTML(why)}</p>`);
    return;
  }
  for (const f of data.failures) {
    const message = `${f.doctrine}: ${f.diagnostics.map((d) => d.message).join("; ")}`;
    box.append(element("p", { className: "failure", textContent: message }));
  }
  const breaches = data.rows.filter((r) => r.breach);
  if (!breaches.length) {
    box.insertAdjacentHTML("beforeend", '<p class="none">No breach: no ally fails to defend another.</p>');
  } else {
    const table = element("table", { className: "verdicts" });
    const head = data.doctrines.map((d) => `<th>${escapeHTML(d.label)}</th>`).join("");
    table.innerHTML = `<tr><th>breach of the duty</th>${head}</tr>`;
    for (const row of breaches) {
      const tr = element("tr");
      tr.innerHTML = `<td>${escapeHTML(row.owes)} → ${escapeHTML(row.to)} at ${escapeHTML(row.time)}</td>`;
      row.verdicts.forEach((text, i) => {
        const verdict = { text, ...row.tones[i] };
        const td = element("td");
        const doctrine = data.doctrines[i];
        const button = element("button", {
          type: "button",
          className: `verdict ${verdictClass(verdict)}`,
          textContent: verdict.text,
          title: `why: ${doctrine.label} on ${row.owes}'s breach at ${row.time}`,
        });
        button.dataset.doctrine = doctrine.id;
        const chosen = state.explain;
        if (chosen && chosen.doctrine === doctrine.id && chosen.owes === row.owes && chosen.at === row.time)
          button.classList.add("selected");
        button.addEventListener("click", () => {
          state.explain = { doctrine: doctrine.id, owes: row.owes, to: row.to, at: row.time };
          rememberInLink();
          showVerdicts(verdictData);
          openExplanation(true);
        });
        td.append(button);
        tr.append(td);
      });
      table.append(tr);
    }
    box.append(table, element("p", { className: "none", textContent: "Click a verdict to see why." }));
  }
  showTimeline(data);
}

function showTimeline(data) {
  const head = data.doctrines.map((d) => `<th>${escapeHTML(d.label)}</th>`).join("");
  const rows = data.rows
    .map(
      (r) =>
        `<tr class="${r.differs ? "differs" : ""}"><td>${escapeHTML(r.time)}</td>` +
        `<td>${escapeHTML(r.owes)} → ${escapeHTML(r.to)}</td>` +
        r.statuses.map((s) => `<td>${escapeHTML(s)}</td>`).join("") +
        "</tr>",
    )
    .join("");
  $("timeline").innerHTML = `<table><tr><th>time</th><th>ally → ally</th>${head}</tr>${rows}</table>`;
}

// -- explanations and contrasts ------------------------------------------------------------------

let shownHTML = "";

function showDocument(title, data, kind) {
  $("explanation-box").hidden = false;
  $("full-box").hidden = kind !== "explanation";
  $("whatif-this").hidden = kind !== "explanation";
  shownHTML = data.ok ? data.html : "";
  $("explanation-title").textContent = title;
  const view = $("explanation");
  if (!data.ok) {
    $("cited").textContent = (data.diagnostics || []).map((d) => d.message).join("; ");
    view.innerHTML = "";
    return;
  }
  cited = new Set(data.lines);
  $("cited").textContent = data.lines.length
    ? `Cites lines ${data.lines.join(", ")} of ${state.name} (marked in the editor).`
    : "Cites no line of the case.";
  view.innerHTML = data.fragment; // the fragment casus makes for notebooks, every text of the case escaped
  paintEditor();
  if (data.lines.length) revealLine(data.lines[0]);
}

// A link to a line of the case moves the editor there, rather than to the fragment's own listing:
// the listing says which file (its heading) and which line (the number before the line).
function caseLine(link) {
  const target = link.getAttribute("href") || "";
  if (!target.startsWith("#src-")) return 0;
  const line = document.getElementById(target.slice(1));
  const listing = line && $("explanation").contains(line) && line.closest("pre");
  const heading = listing && listing.previousElementSibling;
  if (!heading || heading.textContent !== state.name) return 0;
  return Number.parseInt(line.querySelector("i").textContent, 10) || 0;
}

function followCitation(event) {
  const link = event.target.closest("a");
  const line = link ? caseLine(link) : 0;
  if (!line) return;
  event.preventDefault();
  goToLine(line);
}

let shown = 0; // the latest explanation or contrast asked for: an older answer arriving late is dropped

async function openExplanation(scroll) {
  const chosen = state.explain;
  if (!chosen) return;
  const mine = ++shown;
  const label = (catalog.doctrines.find((d) => d.id === chosen.doctrine) || { label: chosen.doctrine }).label;
  setStatus("explaining…");
  const data = await post("/api/explain", { ...chosen, full: state.full });
  if (mine !== shown) return;
  setStatus("");
  showDocument(`Why: ${label} on ${chosen.owes}'s breach at ${chosen.at}`, data, "explanation");
  if (scroll) $("explanation-box").scrollIntoView({ behavior: "smooth", block: "start" });
}

async function openContrast() {
  state.left = $("left").value;
  state.right = $("right").value;
  state.explain = null;
  rememberInLink();
  if (verdictData) showVerdicts(verdictData);
  const mine = ++shown;
  setStatus("contrasting…");
  const data = await post("/api/contrast", { left: state.left, right: state.right });
  if (mine !== shown) return;
  setStatus("");
  const title = `${state.left} against ${state.right}: ${data.ok ? data.differences + " differences" : "failed"}`;
  showDocument(title, data, "contrast");
  $("explanation-box").scrollIntoView({ behavior: "smooth", block: "start" });
}

function closeExplanation() {
  $("explanation-box").hidden = true;
  state.explain = null;
  cited = new Set();
  rememberInLink();
  paintEditor();
  if (verdictData) showVerdicts(verdictData);
}

// -- the pickers ---------------------------------------------------------------------------------

function element(tag, properties = {}) {
  return Object.assign(document.createElement(tag), properties);
}

function chosenDoctrines() {
  const ticked = new Set([...document.querySelectorAll("#doctrines input:checked")].map((i) => i.value));
  return catalog.doctrines.map((d) => d.id).filter((id) => ticked.has(id));
}

function showDoctrinePicker() {
  const box = $("doctrines");
  box.innerHTML = "";
  for (const d of catalog.doctrines) {
    const label = element("label", { title: d.origin === "bundled" ? "a bundled doctrine" : d.origin });
    const tick = element("input", { type: "checkbox", value: d.id, checked: state.doctrines.includes(d.id) });
    tick.addEventListener("change", () => {
      state.doctrines = chosenDoctrines();
      rememberInLink();
      analyseSoon(0);
    });
    label.append(tick, " " + d.label);
    if (d.origin !== "bundled") {
      const folder = d.origin.split("/").filter(Boolean).pop() || d.origin;
      label.append(" ", element("span", { className: "origin", textContent: `(${folder}/)` }));
    }
    box.append(label);
  }
  const questioned = $("whatif-doctrine").value || state.doctrines[state.doctrines.length - 1];
  for (const [id, value] of [["left", state.left], ["right", state.right], ["whatif-doctrine", questioned]]) {
    const select = $(id);
    select.innerHTML = catalog.doctrines.map((d) => `<option value="${escapeHTML(d.id)}">${escapeHTML(d.label)}</option>`).join("");
    if (value) select.value = value;
  }
}

// A blank case to start from: the smallest case with a breach, for a class to build on.
const NEW_CASE = `# A new case: name the states, the alliance between them, and what happened, step by step.
case "A new case"

state Ally, Partner, Rival

alliance Pact: bilateral defence pact between Ally, Partner
  against any state
  covering anywhere
  in force from 1
end

at 2: Rival attacks Partner
at 3: Ally refrains from defending Partner
`;

function newCase() {
  state.name = "new.casus";
  state.explain = null;
  cited = new Set();
  $("explanation-box").hidden = true;
  closeWhatif();
  loadText(NEW_CASE);
  showGallery();
  rememberInLink();
  analyseSoon(0);
}

function showGallery() {
  const list = $("cases");
  list.innerHTML = "";
  const blank = element("button", { type: "button", className: "new", textContent: "+ New case" });
  blank.dataset.case = "new.casus";
  if (state.name === "new.casus") blank.classList.add("current");
  blank.addEventListener("click", newCase);
  const first = element("li");
  first.append(blank);
  list.append(first);
  for (const c of catalog.cases) {
    const button = element("button", { type: "button", textContent: c.title, title: c.name });
    button.dataset.case = c.name;
    if (c.name === state.name) button.classList.add("current");
    button.addEventListener("click", () => openCase(c.name));
    const item = element("li");
    item.append(button);
    list.append(item);
  }
  const current = list.querySelector("button.current");
  if (current) current.scrollIntoView({ block: "nearest" });
}

function openInTab() {
  if (!shownHTML) return;
  const url = URL.createObjectURL(new Blob([shownHTML], { type: "text/html" }));
  window.open(url, "_blank");
  setTimeout(() => URL.revokeObjectURL(url), 60000);
}

async function openCase(name) {
  const data = await getJSON(`/api/gallery/${encodeURIComponent(name)}`);
  if (!data.text) return;
  state.name = data.name;
  state.explain = null;
  loadText(data.text);
  $("explanation-box").hidden = true;
  closeWhatif();
  cited = new Set();
  showGallery();
  rememberInLink();
  analyseSoon(0);
}

function loadText(text) {
  state.text = text;
  $("source").value = text;
  $("file-name").textContent = state.name;
  paintEditor();
}

// -- start ---------------------------------------------------------------------------------------

async function start() {
  const [cases, doctrines, language] = await Promise.all([
    getJSON("/api/gallery"),
    getJSON("/api/doctrines"),
    getJSON("/api/language"),
  ]);
  catalog.cases = cases.cases;
  catalog.doctrines = doctrines.doctrines;
  catalog.keywords = new Set(language.keywords);
  state.doctrines = doctrines.default;
  state.left = doctrines.default[0];
  state.right = doctrines.default[doctrines.default.length - 1];
  let restored = false;
  if (location.hash.length > 1) {
    try {
      Object.assign(state, await decodeState(location.hash.slice(1)));
      restored = true;
    } catch (err) {
      setStatus("this link could not be read; opening the gallery");
    }
  }
  const known = new Set(catalog.doctrines.map((d) => d.id));
  const unknown = state.doctrines.filter((id) => !known.has(id));
  if (unknown.length) {
    state.doctrines = state.doctrines.filter((id) => known.has(id));
    setStatus(`this server does not offer ${unknown.join(", ")}`);
  }
  for (const side of ["left", "right"]) if (!known.has(state[side])) state[side] = doctrines.default[0];
  if (state.explain && !known.has(state.explain.doctrine)) state.explain = null;
  showDoctrinePicker();
  $("full").checked = state.full;
  if (restored) {
    loadText(state.text);
    showGallery();
    analyseSoon(0);
  } else {
    const first = catalog.cases.find((c) => c.name === "france_greece.casus") || catalog.cases[0];
    showGallery();
    if (first) await openCase(first.name);
  }
  const source = $("source");
  source.addEventListener("input", () => {
    state.text = source.value;
    paintEditor();
    rememberInLink();
    analyseSoon();
  });
  source.addEventListener("scroll", syncScroll);
  window.addEventListener("resize", alignLayers);
  source.addEventListener("keydown", (event) => {
    if (event.key !== "Tab" || event.shiftKey || event.ctrlKey || event.altKey || event.metaKey) return;
    event.preventDefault(); // Tab indents a clause of an alliance block, as the gallery's cases do
    document.execCommand("insertText", false, "  ");
  });
  source.addEventListener("keyup", showCursor);
  source.addEventListener("click", showCursor);
  $("contrast").addEventListener("click", openContrast);
  startWhatif();
  $("close").addEventListener("click", closeExplanation);
  $("tab").addEventListener("click", openInTab);
  $("explanation").addEventListener("click", followCitation);
  $("full").addEventListener("change", () => {
    state.full = $("full").checked;
    rememberInLink();
    if (state.explain) openExplanation(false);
  });
  $("share").addEventListener("click", async () => {
    history.replaceState(null, "", "#" + (await encodeState()));
    try {
      await navigator.clipboard.writeText(location.href);
      setStatus("link copied");
    } catch (err) {
      setStatus("copy the address bar to share");
    }
  });
}

function showCursor() {
  const source = $("source");
  const before = source.value.slice(0, source.selectionStart).split("\n");
  $("cursor").textContent = `line ${before.length}, column ${before[before.length - 1].length + 1}`;
}

start();
