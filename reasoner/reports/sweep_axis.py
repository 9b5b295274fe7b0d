"""One varied field of a sweep: which events it changes, the values it takes (``casus sweep --vary``), the variants."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass

from reasoner.language.model import Case, Event


@dataclass(frozen=True)
class Axis:
    """One varied field: which events it changes, and the values it takes."""

    label: str
    events: tuple[int, ...]
    field: str
    values: tuple[str, ...]

    def apply(self, events: list[Event], value: str) -> None:
        """Set the field to ``value`` in each chosen event (in place, on the variant's own list)."""
        for i in self.events:
            event = events[i]
            if self.field == "time":
                events[i] = dataclasses.replace(event, time=int(value))
            else:
                events[i] = dataclasses.replace(
                    event, happening=dataclasses.replace(event.happening, **{self.field: value})
                )


def variant_of(case: Case, events: list[Event]) -> Case:
    """The case with these events, and without its ``expect`` statements.

    The expectations speak of the case as written: a variant is meant to
    change its verdicts, and one naming a time point that a variant moves
    an event away from must not make the variant an invalid case.
    """
    return dataclasses.replace(case, events=events, expectations=[])
