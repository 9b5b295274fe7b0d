"""An answer of ``casus whatif`` written into the text of the case it was found for, line by line.

The answer's edits name the statements they change by the lines they were
read from, so they apply to that text only (the workbench refuses them once
the editor has changed). A removed event takes its line away; an event whose
attributes change is written over its own line, keeping the comment beside
it; an event moved to another time point, or an added one, goes after the
last event of the timeline at or before its time point (before the first
event if none is); a pact whose clauses change has its block written again
as ``casus fmt`` writes it, every comment kept. An ``expect`` line naming
a time point that the edit takes away would make the edited case an error
(``casus check``): it goes with the edit, and the result says which went.
The result is read back and compared with the answer's edited case: a text
that does not say what the answer says is a bug, not a result.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from reasoner.language.build import code
from reasoner.language.layout import alliance_block
from reasoner.language.model import Case, Event, time_key
from reasoner.language.printer import alliance_text, event_text
from reasoner.language.read import parse_text
from reasoner.reports.whatif import Answer, Edit


@dataclass(frozen=True)
class Applied:
    """The edited text, and the lines of ``expect`` statements taken out with the time points they named."""

    text: str
    dropped: tuple[int, ...] = ()


class NotInText(Exception):
    """An answer that edits a statement the text does not hold (one read from an included file)."""


@dataclass
class _Rewrite:
    """What becomes of the text's lines: lines written over, and lines put after a line (0: the top)."""

    over: dict[int, list[str]]
    after: dict[int, list[tuple[int, str]]]

    def text(self, lines: list[str]) -> str:
        out = [text for _, text in sorted(self.after.get(0, []), key=lambda p: p[0])]
        for number, line in enumerate(lines, 1):
            out.extend(self.over.get(number, [line]))
            out.extend(text for _, text in sorted(self.after.get(number, []), key=lambda p: p[0]))
        return "\n".join(out)


def applied(text: str, written: Case, answer: Answer) -> Applied:
    """``text``, the case ``written`` was read from, with the answer's edits made to its lines."""
    lines = text.split("\n")
    ending = "\r" if "\r\n" in text else ""
    rewrite = _Rewrite({}, defaultdict(list))
    placed: list[tuple[Event, str]] = []
    for edit in answer.edits:
        if edit.slot.where == "event":
            _edit_event(edit, lines, written, rewrite, placed)
        elif edit.slot.where == "added":
            assert isinstance(edit.version, Event)
            placed.append((edit.version, ""))
    for index in sorted({e.slot.index for e in answer.edits if e.slot.where == "clause"}):
        _edit_pact(index, lines, written, answer.case, rewrite)
    anchors = _anchors(written, answer)
    for event, comment in placed:
        line = _with_comment(event_text(event), comment) + ending
        rewrite.after[_anchor(anchors, event, lines, written)].append((time_key(event.time), line))
    dropped = _stranded_expectations(written, answer.case)
    rewrite.over.update((line, []) for line in dropped)
    result = rewrite.text(lines)
    _check(result, written, answer)
    return Applied(result, dropped)


def _stranded_expectations(written: Case, edited: Case) -> tuple[int, ...]:
    """The lines of the ``expect`` statements naming a time point the edited case no longer has."""
    points = {time_key(t) for t in edited.times()}
    return tuple(
        e.source.line
        for e in written.expectations
        if e.source is not None
        and e.source.file == written.file
        and any(time_key(t) not in points for t in (e.start, e.end) if t is not None)
    )


def _own_line(event: Event, written: Case) -> int:
    """The line of ``written``'s own file that an event was read from."""
    if event.source is None or event.source.file != written.file:
        where = f"line {event.source.line} of {event.source.file}" if event.source else "a line of another file"
        raise NotInText(f"it changes {where}, not of this case")
    return event.source.line


def _with_comment(statement: str, comment: str) -> str:
    return f"{statement}  {comment}" if comment else statement


def _edit_event(
    edit: Edit, lines: list[str], written: Case, rewrite: _Rewrite, placed: list[tuple[Event, str]]
) -> None:
    """An event's line taken away or written over; a moved one kept in ``placed`` (with its comment) to put in."""
    before = edit.slot.options[0]
    assert isinstance(before, Event)
    number = _own_line(before, written)
    line = lines[number - 1]
    ending = "\r" if line.endswith("\r") else ""
    comment = line.removesuffix("\r")[len(code(line.removesuffix("\r"))) :].strip()
    rewrite.over[number] = []
    if not isinstance(edit.version, Event):
        return
    if time_key(edit.version.time) != time_key(before.time):
        placed.append((edit.version, comment))
    else:
        indent = line[: len(line) - len(line.lstrip())]
        rewrite.over[number] = [indent + _with_comment(event_text(edit.version), comment) + ending]


def _edit_pact(index: int, lines: list[str], written: Case, edited: Case, rewrite: _Rewrite) -> None:
    alliance = written.alliances[index]
    if alliance.source is None or alliance.source.file != written.file:
        where = alliance.source.file if alliance.source else "another file"
        raise NotInText(f"it changes the pact {alliance.name}, written in {where}, not in this case")
    header = alliance.source.line
    ending = "\r" if lines[header - 1].endswith("\r") else ""
    plain = [line.removesuffix("\r") for line in lines]
    last, block = alliance_block(plain, header, edited.alliances[index])
    rewrite.over[header] = [line + ending for line in block]
    for number in range(header + 1, last + 1):
        rewrite.over[number] = []


def _anchors(written: Case, answer: Answer) -> list[tuple[int, int]]:
    """The events of the case's own file that stay on their lines: (line, time point), by line."""
    touched = {e.slot.index for e in answer.edits if e.slot.where == "event"}
    return sorted(
        (e.source.line, time_key(e.time))
        for i, e in enumerate(written.events)
        if e.source is not None and e.source.file == written.file and i not in touched
    )


def _anchor(anchors: list[tuple[int, int]], event: Event, lines: list[str], written: Case) -> int:
    """The line an event goes after: the last event at or before its time point, else just before the first.

    A case with no event of its own left gets its timeline before its first
    ``expect`` line, or else after its last statement.
    """
    point = time_key(event.time)
    at_or_before = [line for line, t in anchors if t <= point]
    if at_or_before:
        return at_or_before[-1]
    if anchors:
        return anchors[0][0] - 1
    own = [s.source for s in written.expectations if s.source is not None and s.source.file == written.file]
    if own:
        return min(s.line for s in own) - 1
    return _last_statement(lines, written)


def _last_statement(lines: list[str], written: Case) -> int:
    """The last line of the case's own file that holds a statement."""
    plain = [line.removesuffix("\r") for line in lines]
    found = [
        alliance_block(plain, a.source.line, a)[0]
        for a in written.alliances
        if a.source is not None and a.source.file == written.file
    ]
    sources = [written.title_source, *(s.source for s in written.states), *(i.source for i in written.includes)]
    found += [s.line for s in sources if s is not None and s.file == written.file]
    return max(found, default=0)


def _said(case: Case, file: str) -> tuple[list[str], list[str]]:
    """What a case's own file says of its timeline and pacts, in canonical form, in a fixed order."""
    own = [e for e in case.events if e.source is None or e.source.file == file]
    pacts = [a for a in case.alliances if a.source is None or a.source.file == file]
    return sorted(event_text(e) for e in own), [alliance_text(a) for a in pacts]


def _check(result: str, written: Case, answer: Answer) -> None:
    """The edited text read back says what the answer's case says; a ``RuntimeError`` (a bug) if not."""
    reread = parse_text(result.replace("\r", ""), written.file)
    if _said(reread, written.file) != _said(answer.case, written.file):
        raise RuntimeError("the edited case text does not say what the answer says")
