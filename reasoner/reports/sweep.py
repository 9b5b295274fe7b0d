"""Sweeping a case over variants of its facts (``casus sweep``), to map where doctrines disagree.

A *vary* option names a kind of event, optionally the line it is written on,
a field, and optionally the values to try::

    signal.level                   every signal's level, over all levels, together
    belief@14.horizon              the belief on line 14, over all horizons
    response.kind=heeded,dismissed the responses, over two kinds
    attack.time=6..9               the attacks' timing, steps 6 to 9

Fields are the attributes of the case language (a signal's level, channel
and clarity; a belief's likelihood, horizon, evidence and faith; a threat's
severity and credibility), ``kind`` for responses, policies and actions, and
``time`` for any event. With no line, every event of the kind takes each
value together. Every combination of the values is a *variant*; all are
solved under each doctrine in one grounding (``reasoner.solving.joint``), and each
variant gets each doctrine's verdict on the actual breaches, and whether the
doctrines disagree anywhere on the case.
"""

from __future__ import annotations

import csv
import functools
import io
import itertools
import json
import math
import re
import textwrap
from collections.abc import Sequence
from dataclasses import dataclass

from reasoner.common.errors import CaseError, CasusError, Diagnostic, one_of, suggestion
from reasoner.common.limits import MAX_VARIANTS, STEPS_HELP, step_number
from reasoner.language import vocabulary as vocab
from reasoner.language.check import check_case
from reasoner.language.model import (
    Action,
    Attack,
    Belief,
    CallToComply,
    Case,
    Ceasefire,
    Conduct,
    Contribution,
    Notification,
    Objection,
    PolicyEnd,
    Response,
    Signal,
    Threat,
    WarJustice,
)
from reasoner.reports.batch import Failure
from reasoner.reports.compare import Row, compare
from reasoner.reports.layout import grid, plain
from reasoner.reports.sweep_axis import Axis, variant_of
from reasoner.reports.sweep_grounding import Outcome, solve_variants
from reasoner.reports.sweep_summary import sweep_summaries
from reasoner.reports.tables import wrapped
from reasoner.solving.engine import DEFAULT_TIME_LIMIT, CaseResult, Doctrine, Solution
from reasoner.solving.joint import solve_cases

SWEEP_SCHEMA = "casus.sweep/1"

#: Each kind of event as a sweep names it, with its model class and the fields a sweep may vary.
KINDS: dict[str, tuple[type, dict[str, tuple[str, ...]]]] = {
    "signal": (Signal, vocab.SIGNAL_ATTRIBUTES),
    "belief": (Belief, vocab.BELIEF_ATTRIBUTES),
    "threat": (Threat, vocab.THREAT_ATTRIBUTES),
    "response": (Response, {"kind": vocab.RESPONSES}),
    "policy": (Conduct, {"kind": vocab.CONDUCT_KINDS}),
    "action": (Action, {"kind": ("assisted", "refrained")}),
    "attack": (Attack, {}),
    "ceasefire": (Ceasefire, {}),
    "ending": (PolicyEnd, {}),
    "notification": (Notification, {"measure": vocab.MEASURES}),
    "objection": (Objection, {}),
    "call": (CallToComply, {}),
    "justice": (WarJustice, {"justice": vocab.WAR_JUSTICE}),
    "contribution": (Contribution, {"extent": vocab.CONTRIBUTIONS}),
}

_SPEC = re.compile(r"^(?P<kind>[a-z]+)(?:@(?P<line>\d+))?\.(?P<field>[a-z]+)(?:=(?P<values>.+))?$")
_RANGE = re.compile(r"^(?P<first>\d+)\.\.(?P<last>\d+)$")


#: The exit code of a ``--vary`` option that cannot be read: the command was used wrongly.
EXIT_USAGE = 2


def _usage(message: str, help: str | None = None) -> CasusError:
    return CasusError([Diagnostic(message, None, help=help)], exit_code=EXIT_USAGE)


def parse_axis(spec: str, case: Case, max_values: int = MAX_VARIANTS) -> Axis:
    """A ``--vary`` option read against the case it varies; a range of more than ``max_values`` is refused."""
    match = _SPEC.match(spec.strip())
    if match is None:
        raise _usage(
            f"cannot read the sweep '{spec}'",
            "write KIND.FIELD, KIND@LINE.FIELD or KIND.FIELD=VALUE,VALUE (e.g. signal.level, attack.time=3..6)",
        )
    kind, field = match["kind"], match["field"]
    if kind not in KINDS:
        raise _usage(
            f"no kind of event '{kind}'",
            suggestion(kind, KINDS) + f"one of {one_of(list(KINDS))}",
        )
    model, fields = KINDS[kind]
    allowed = [*fields, "time"]
    if field not in allowed:
        raise _usage(
            f"a {kind} has no field '{field}' to vary",
            suggestion(field, allowed) + f"a {kind} varies {one_of(allowed)}",
        )
    chosen = [i for i, e in enumerate(case.events) if isinstance(e.happening, model)]
    lines = [case.events[i].source.line for i in chosen if case.events[i].source is not None]
    if match["line"] is not None:
        line = step_number(match["line"]) or 0  # a line number past any file is no line of it
        chosen = [i for i in chosen if (s := case.events[i].source) is not None and s.line == line]
        if not chosen:
            where = f"the {kind}s are on lines {', '.join(map(str, lines))}" if lines else f"the case has no {kind}"
            raise _usage(f"no {kind} on line {line} of {case.file}", where)
    if not chosen:
        raise _usage(f"the case has no {kind} to vary")
    values = _values(match["values"], fields.get(field), case, field, spec, max_values)
    return Axis(spec.split("=")[0], tuple(chosen), field, values)


def _values(
    text: str | None, allowed: tuple[str, ...] | None, case: Case, field: str, spec: str, max_values: int
) -> tuple[str, ...]:
    if field == "time":
        steps = [t for t in case.times() if isinstance(t, int)]
        if len(steps) != len(case.times()):
            if text is None:
                raise _usage(f"'{spec}': a dated timeline needs the days to try", "vary timing in cases with steps")
            raise _usage(f"'{spec}': a sweep can move events only on a timeline of steps")
        if text is None:
            return tuple(str(t) for t in range(min(steps), max(steps) + 1))
        found = _RANGE.match(text)
        if found:
            first, last = _step(found["first"]), _step(found["last"])
            if last < first:
                raise _usage(f"'{spec}': the range {first}..{last} is empty", "write the smaller step first, e.g. 3..8")
            if last - first + 1 > max_values:
                raise too_many_variants(last - first + 1, max_values)
            return tuple(str(t) for t in range(first, last + 1))
        return tuple(str(_step(v)) for v in text.split(","))
    assert allowed is not None
    if text is None:
        return allowed
    values = tuple(v.strip() for v in text.split(","))
    for value in values:
        if value not in allowed:
            raise _usage(
                f"'{value}' is not a {field}",
                suggestion(value, allowed) + f"a {field} is {one_of(allowed)}",
            )
    return values


def _step(text: str) -> int:
    """A step number of a sweep's values, or a usage error (not a number, beyond ``MAX_STEP``)."""
    step = step_number(text)
    if step is None:
        shown = text.strip()[:20]
        if shown.isascii() and shown.isdigit():
            raise _usage(f"the step {shown} is too large", STEPS_HELP)
        raise _usage(f"'{shown}' is not a step number", "write steps as 3,5,8 or as a range 3..8")
    return step


def too_many_variants(count: int, limit: int) -> CasusError:
    """The error of a sweep with more variants than it may solve."""
    return _usage(
        f"the sweep has {count:,} variants, more than the limit of {limit:,}",
        "vary fewer fields or values, or allow more with --max-variants N",
    )


def count_variants(axes: Sequence[Axis]) -> int:
    """How many variants the axes give (every combination of their values), before any is built."""
    return math.prod(len(a.values) for a in axes)


def variants(case: Case, axes: Sequence[Axis]) -> list[tuple[tuple[str, ...], Case]]:
    """Every combination of the axes' values, with the case it gives (see ``variant_of``)."""
    found = []
    for values in itertools.product(*(a.values for a in axes)):
        events = list(case.events)
        for axis, value in zip(axes, values, strict=True):
            axis.apply(events, value)
        found.append((values, variant_of(case, events)))
    return found


@dataclass(frozen=True)
class VariantRow:
    """One variant: its values, each doctrine's verdict, and whether the doctrines disagree."""

    values: tuple[str, ...]
    verdicts: tuple[str, ...] = ()
    differing: int = 0
    error: str | None = None

    @property
    def disagree(self) -> bool:
        """Whether the doctrines give different verdicts on the case's breaches."""
        return len(set(self.verdicts)) > 1


def verdicts(result: CaseResult) -> tuple[str, ...]:
    """Each doctrine's verdicts on the case's actual breaches, or ``no breach``."""
    return _verdicts(compare(result.solutions), len(result.solutions))


def _verdicts(compared: Sequence[Row], doctrines: int) -> tuple[str, ...]:
    rows = [r for r in compared if r.is_breach]
    found = []
    for i in range(doctrines):
        distinct = list(dict.fromkeys(r.statuses[i].verdict() for r in rows))
        found.append(" / ".join(distinct) if distinct else "no breach")
    return tuple(found)


@dataclass(frozen=True)
class Sweep:
    """The outcome of a sweep: its axes, the doctrines, and a row per variant."""

    case: Case
    axes: tuple[Axis, ...]
    doctrines: tuple[str, ...]
    rows: tuple[VariantRow, ...]
    #: Why variants that are valid cases could not be solved (a doctrine's time limit, say).
    failures: tuple[Failure, ...] = ()

    @property
    def disagreements(self) -> int:
        return sum(r.disagree for r in self.rows)

    @functools.cached_property
    def flips(self) -> tuple[str, ...]:
        """For each doctrine, where its verdict changes, in words derived from the rows (``sweep_summary``)."""
        rows = [(r.values, r.verdicts if r.error is None else None) for r in self.rows]
        found = sweep_summaries(self.doctrines, rows, [a.values for a in self.axes])
        return tuple(f.text([a.label for a in self.axes]) for f in found)


def sweep(
    case: Case,
    specs: Sequence[str],
    doctrines: Sequence[Doctrine],
    time_limit: float = DEFAULT_TIME_LIMIT,
    max_variants: int = MAX_VARIANTS,
) -> Sweep:
    """Solve every variant of a case under each doctrine; refuse more than ``max_variants`` of them."""
    axes = tuple(parse_axis(s, case, max_variants) for s in specs)
    if count_variants(axes) > max_variants:
        raise too_many_variants(count_variants(axes), max_variants)
    outcomes = solve_variants(case, axes, doctrines, time_limit)
    if outcomes is not None:
        rows = _rows_of(outcomes, list(itertools.product(*(a.values for a in axes))), doctrines)
        return Sweep(case, axes, tuple(d.name for d in doctrines), rows)
    return _one_by_one(case, axes, doctrines, time_limit)


def _rows_of(
    outcomes: Sequence[Outcome], values: Sequence[tuple[str, ...]], doctrines: Sequence[Doctrine]
) -> tuple[VariantRow, ...]:
    """The rows of a sweep solved in one grounding; variants with the same conclusions are compared once.

    Variants that reach the same conclusions share one tuple of them (see ``choices.every``), so the
    tuple's identity is the key.
    """
    compared: dict[int, tuple[tuple[str, ...], int]] = {}
    rows = []
    for outcome, row_values in zip(outcomes, values, strict=True):
        if isinstance(outcome, str):
            rows.append(VariantRow(row_values, error=outcome))
            continue
        key = id(outcome)
        if key not in compared:
            found = compare([Solution(d, c) for d, c in zip(doctrines, outcome, strict=True)])
            compared[key] = (_verdicts(found, len(doctrines)), sum(r.differs for r in found))
        verdict_cells, differing = compared[key]
        rows.append(VariantRow(row_values, verdict_cells, differing))
    return tuple(rows)


def _one_by_one(case: Case, axes: tuple[Axis, ...], doctrines: Sequence[Doctrine], time_limit: float) -> Sweep:
    """Each variant solved as a case of its own (through ``joint``), with its own error if it fails."""
    rows: dict[int, VariantRow] = {}
    valid: list[tuple[int, tuple[str, ...], Case]] = []
    for n, (values, variant) in enumerate(variants(case, axes)):
        try:
            check_case(variant)
        except CaseError as err:
            rows[n] = VariantRow(values, error=err.diagnostics[0].message)
            continue
        valid.append((n, values, variant))
    found = solve_cases([v for _, _, v in valid], doctrines, time_limit)
    failures: list[Failure] = []
    for (n, values, _), outcome in zip(valid, found, strict=True):
        result = outcome.result()
        if isinstance(result, CasusError):
            rows[n] = VariantRow(values, error=result.diagnostics[0].message)
            failures.append(Failure.of(result))
        else:
            compared = compare(result.solutions)
            rows[n] = VariantRow(values, _verdicts(compared, len(doctrines)), sum(r.differs for r in compared))
    rows_in_order = tuple(rows[n] for n in sorted(rows))
    return Sweep(case, axes, tuple(d.name for d in doctrines), rows_in_order, tuple(failures))


def _cells(s: Sweep, row: VariantRow) -> list[str]:
    if row.error is not None:
        return [*row.values, *(["-"] * len(s.doctrines)), "-", "-", f"not a valid case: {row.error}"]
    return [*row.values, *row.verdicts, "yes" if row.disagree else "no", str(row.differing), ""]


def sweep_table(s: Sweep, only_disagreements: bool = False) -> str:
    """A row per variant; a '*' marks the variants where the doctrines disagree anywhere."""
    shown = [r for r in s.rows if r.disagree or not only_disagreements]
    notes = any(r.error is not None for r in shown)  # the note column only where a variant is not a valid case
    headers = ["", *(a.label for a in s.axes), *s.doctrines, "differ", "rows", *(["note"] if notes else [])]
    body = [["*" if r.disagree else "", *_cells(s, r)[: len(headers) - 1]] for r in shown]
    summary = f"the doctrines' verdicts differ on {s.disagreements} of {len(s.rows)} variants"
    flips = "".join(f"{line}\n" for text in s.flips for line in wrapped(text, "  "))
    where = f"\nwhere each doctrine's verdict changes (the first that applies):\n{flips}" if flips else ""
    shown_table = plain(grid(headers, body)).rstrip("\n")  # wrapped to 80 columns, as batch's table
    return f"{s.case.title or s.case.file}\n\n{shown_table}\n\n{summary}\n{where}"


def sweep_csv(s: Sweep, only_disagreements: bool = False) -> str:
    """A line per variant: the values, each doctrine's verdict, the number of differing rows, any error."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow([*(a.label for a in s.axes), *s.doctrines, "differing_rows", "error"])
    for r in s.rows:
        if r.disagree or not only_disagreements:
            verdict_cells = r.verdicts or ("",) * len(s.doctrines)
            writer.writerow([*r.values, *verdict_cells, r.differing, r.error or ""])
    return out.getvalue()


def sweep_json(s: Sweep, only_disagreements: bool = False) -> str:
    """The sweep as JSON (schema ``casus.sweep/1``)."""
    document = {
        "schema": SWEEP_SCHEMA,
        "case": {"file": s.case.file, "title": s.case.title},
        "axes": [{"vary": a.label, "field": a.field, "values": list(a.values)} for a in s.axes],
        "doctrines": list(s.doctrines),
        "where_verdicts_change": list(s.flips),
        "variants": [
            {
                "values": dict(zip((a.label for a in s.axes), r.values, strict=True)),
                "verdicts": dict(zip(s.doctrines, r.verdicts, strict=True)) if r.error is None else None,
                "disagree": r.disagree,
                "differing_rows": r.differing,
                "error": r.error,
            }
            for r in s.rows
            if r.disagree or not only_disagreements
        ],
    }
    return json.dumps(document, indent=2, ensure_ascii=False) + "\n"


FORMATS = {"table": sweep_table, "csv": sweep_csv, "json": sweep_json}


def short_verdict(verdict: str) -> str:
    """A verdict in a few words, for a cell of the picture: its status word without the leading "breach"."""
    return verdict.removeprefix("breach ")


def plot(s: Sweep, kind: str = "png") -> bytes:
    """A grid a teacher can show: one cell per variant, coloured by the doctrines' verdicts.

    The first axis runs across; the others, combined, run down. Variants where
    the doctrines agree are grey; each pattern of disagreement has its own colour,
    named in the legend. Needs matplotlib (``pip install 'casus-reasoner[plot]'``).
    """
    try:
        import matplotlib

        matplotlib.use("Agg")
        import matplotlib.pyplot as plt
        from matplotlib.patches import Patch
    except ImportError:
        raise CasusError(
            [
                Diagnostic(
                    "drawing the sweep needs matplotlib, which is not installed",
                    None,
                    help="install it with: pip install 'casus-reasoner[plot]'",
                )
            ]
        ) from None
    across = s.axes[0].values
    down_axes = s.axes[1:]
    down = list(itertools.product(*(a.values for a in down_axes))) or [()]
    patterns = list(dict.fromkeys(r.verdicts for r in s.rows if r.disagree))
    palette = plt.get_cmap("tab10" if len(patterns) <= 10 else "tab20")
    colours = {p: palette(i % palette.N) for i, p in enumerate(patterns)}
    cell_w, cell_h = 2.6, 0.42 * (len(s.doctrines) + 1)
    fig, ax = plt.subplots(figsize=(1.8 + cell_w * len(across), 1.6 + cell_h * len(down) + 0.3 * len(patterns)))
    for row in s.rows:
        x = across.index(row.values[0])
        y = down.index(tuple(row.values[1:]))
        if row.error is not None:
            colour, text = "white", "not a valid case"
        elif row.disagree:
            colour = colours[row.verdicts]
            text = "\n".join(f"{d}: {short_verdict(v)}" for d, v in zip(s.doctrines, row.verdicts, strict=True))
        else:
            colour = "#dddddd"
            text = "all agree:\n" + short_verdict(row.verdicts[0])
        ax.add_patch(plt.Rectangle((x, y), 1, 1, facecolor=colour, edgecolor="white", linewidth=2, alpha=0.55))
        ax.text(x + 0.5, y + 0.5, text, ha="center", va="center", fontsize=8)
    ax.set_xlim(0, len(across))
    ax.set_ylim(len(down), 0)
    ax.set_xticks([i + 0.5 for i in range(len(across))], across)
    ax.set_xlabel(s.axes[0].label)
    ax.set_yticks([i + 0.5 for i in range(len(down))], [", ".join(v) for v in down])
    ax.set_ylabel(" x ".join(a.label for a in down_axes))
    ax.tick_params(length=0)
    for spine in ax.spines.values():
        spine.set_visible(False)
    ax.set_title(
        f"{s.case.title or s.case.file}\nthe doctrines' verdicts differ on {s.disagreements} of {len(s.rows)} variants",
        fontsize=11,
    )
    agree = [Patch(facecolor="#dddddd", alpha=0.55, label="all doctrines agree")]
    legend = agree * (s.disagreements < len(s.rows)) + [
        Patch(
            facecolor=colours[p],
            alpha=0.55,
            label="; ".join(f"{d}: {short_verdict(v)}" for d, v in zip(s.doctrines, p, strict=True)),
        )
        for p in patterns
    ]
    flips = [
        line for text in s.flips for line in textwrap.wrap(text, 110, subsequent_indent="    ", break_on_hyphens=False)
    ]
    caption = 0.022 * len(flips)
    fig.set_figheight(fig.get_figheight() + 0.16 * len(flips))
    fig.legend(handles=legend, loc="lower center", ncol=1, fontsize=8, frameon=False, bbox_to_anchor=(0.5, caption))
    if flips:
        fig.text(0.02, 0.01, "\n".join(flips), fontsize=7, va="bottom", ha="left", family="monospace")
    fig.tight_layout(rect=(0, caption + 0.04 + 0.035 * len(legend), 1, 1))
    drawn = io.BytesIO()
    fig.savefig(drawn, dpi=150, format=kind)
    plt.close(fig)
    return drawn.getvalue()
