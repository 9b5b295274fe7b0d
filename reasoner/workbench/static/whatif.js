// What would change a verdict: the fewest edits to the case (casus whatif), each applied to the editor in one click.
// Loaded before app.js; it uses app.js's helpers ($, post, element, setStatus, state, verdictData,
// replaceEditorText) once the page has started (startWhatif).
"use strict";

// The question asked, the text its answers were found for, the answers, and the one applied (if any).
const asked = { text: null, answers: [], applied: null };
let whatifAsked = 0; // the latest search asked for: an older answer arriving late is dropped

// The conclusion a verdict rests on: a justified breach on its justification, any other on its blame.
function verdictTarget(chosen) {
  const row = verdictData && verdictData.rows.find((r) => r.breach && r.owes === chosen.owes && r.to === chosen.to && r.time === chosen.at);
  const column = verdictData ? verdictData.doctrines.findIndex((d) => d.id === chosen.doctrine) : -1;
  const pair = `${chosen.owes}, ${chosen.to}, ${chosen.at}`;
  return row && column >= 0 && row.tones[column].justified ? `justified(${pair}, _)` : `blameworthy(${pair})`;
}

function whatifThis() {
  const chosen = state.explain;
  if (!chosen) return;
  $("whatif-doctrine").value = chosen.doctrine;
  $("whatif-target").value = verdictTarget(chosen);
  askWhatif();
}

async function askWhatif() {
  const doctrine = $("whatif-doctrine").value;
  const target = $("whatif-target").value.trim();
  $("whatif-box").hidden = false;
  $("whatif-answers").innerHTML = "";
  asked.answers = [];
  asked.applied = null;
  if (!target) {
    $("whatif-summary").textContent = "Write the conclusion to change, e.g. blameworthy(France, Greece, 9).";
    showWhatifState();
    return;
  }
  const mine = ++whatifAsked;
  asked.text = state.text; // what post sends: the answers are for this text
  $("whatif-summary").textContent = `Searching for the fewest edits that change ${target}…`;
  showWhatifState();
  setStatus("searching…");
  const data = await post("/api/whatif", { doctrine, target });
  if (mine !== whatifAsked) return;
  setStatus("");
  showAnswers(data);
  $("whatif-heading").scrollIntoView({ behavior: "smooth", block: "start" }); // the question, the answers under it
}

function diffLine(line) {
  const kind = line.startsWith("- ") ? "removed" : line.startsWith("+ ") ? "added" : "after";
  return element("span", { className: kind, textContent: line });
}

function showAnswers(data) {
  const summary = $("whatif-summary");
  const list = $("whatif-answers");
  list.innerHTML = "";
  if (!data.ok) {
    summary.textContent = (data.diagnostics || []).map((d) => d.message + (d.help ? ` (help: ${d.help})` : "")).join("; ");
    summary.className = "refused";
    return;
  }
  summary.className = "";
  summary.textContent = data.summary.join("\n");
  asked.answers = data.answers;
  data.answers.forEach((answer, n) => {
    const item = element("li", { className: "answer" });
    item.dataset.answer = String(n + 1);
    const bar = element("div", { className: "answer-bar" });
    const apply = element("button", { type: "button", className: "apply", textContent: "Apply" });
    apply.title = answer.edited === null ? answer.refused : "make this edit in the editor, and solve the case again";
    apply.addEventListener("click", () => applyAnswer(n));
    bar.append(element("span", { className: "said", textContent: `${n + 1}. ${answer.says}` }), apply);
    const diff = element("pre", { className: "diff" });
    diff.append(...answer.lines.map(diffLine));
    item.append(bar, diff);
    if (answer.also) item.append(element("p", { className: "also", textContent: answer.also }));
    if (answer.edited === null) item.append(element("p", { className: "refused", textContent: answer.refused }));
    list.append(item);
  });
  showWhatifState();
}

function applyAnswer(n) {
  const answer = asked.answers[n];
  if (answer.edited === null) return showWhatifNote(answer.refused, true);
  if ($("source").value !== asked.text) {
    const why = "Not applied: the case has changed since these answers were found, and they apply only to the text they were found for. Find them again for the case as it is now.";
    return showWhatifNote(why, true, true);
  }
  asked.applied = { n, before: asked.text, after: answer.edited };
  replaceEditorText(answer.edited); // one step of the editor's own undo; the input it makes solves the case again
  $("verdicts-heading").scrollIntoView({ behavior: "smooth", block: "start" }); // the new verdicts, the answers under them
}

function undoApplied() {
  const applied = asked.applied;
  if (!applied) return;
  if ($("source").value !== applied.after) {
    return showWhatifNote("The case has changed since the edit was made: use the editor's own undo (Ctrl+Z).", true);
  }
  asked.applied = null;
  replaceEditorText(applied.before);
  $("verdicts-heading").scrollIntoView({ behavior: "smooth", block: "start" });
}

// What the answers are worth now: they apply to the text they were found for, and to nothing else.
function showWhatifState() {
  const text = $("source").value;
  const current = asked.answers.length > 0 && text === asked.text;
  const applied = asked.applied && text === asked.applied.after ? asked.applied : null;
  for (const item of $("whatif-answers").children) {
    item.classList.toggle("applied", applied !== null && Number(item.dataset.answer) === applied.n + 1);
    item.classList.toggle("stale", !current);
  }
  $("whatif-undo").hidden = applied === null;
  if (!asked.answers.length || current) showWhatifNote("");
  else if (applied) {
    showWhatifNote(`Answer ${applied.n + 1} is applied: the verdicts are those of the edited case. Undo takes it back (so does Ctrl+Z in the editor).`);
  } else showWhatifNote("The case has changed since these answers were found: they apply only to the text they were found for.", false, true);
}

function showWhatifNote(text, refused = false, again = false) {
  const note = $("whatif-note");
  note.textContent = text;
  note.className = refused ? "refused" : "";
  $("whatif-again").hidden = !again;
  note.hidden = !text;
  if (refused) note.scrollIntoView({ block: "nearest" });
}

function closeWhatif() {
  ++whatifAsked;
  Object.assign(asked, { text: null, answers: [], applied: null });
  $("whatif-box").hidden = true;
}

function startWhatif() {
  $("whatif").addEventListener("click", askWhatif);
  $("whatif-target").addEventListener("keydown", (event) => {
    if (event.key === "Enter") askWhatif();
  });
  $("whatif-this").addEventListener("click", whatifThis);
  $("whatif-undo").addEventListener("click", undoApplied);
  $("whatif-again").addEventListener("click", askWhatif);
  $("whatif-close").addEventListener("click", closeWhatif);
  $("source").addEventListener("input", showWhatifState);
}
