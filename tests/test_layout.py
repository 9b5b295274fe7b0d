"""Tables that fit: widths shared fairly, words never cut, a record per row where a table cannot fit."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from reasoner.reports.layout import fit, grid, plain


def test_columns_keep_their_text_when_it_fits() -> None:
    assert fit([3, 4], [10, 20], 40) == [10, 20]


def test_the_narrow_column_stays_whole_and_the_wide_ones_share_the_rest() -> None:
    assert fit([4, 6, 6], [8, 30, 30], 40) == [8, 16, 16]


def test_nothing_fits_below_the_longest_words() -> None:
    assert fit([20, 20], [30, 30], 39) is None


WORDS = st.text(alphabet="abcdefghij->(),", min_size=1, max_size=12)
CELLS = st.lists(WORDS, min_size=1, max_size=6).map(" ".join)


@given(
    st.integers(min_value=1, max_value=5).flatmap(
        lambda n: st.tuples(
            st.lists(WORDS, min_size=n, max_size=n),
            st.lists(st.lists(CELLS, min_size=n, max_size=n), min_size=1, max_size=4),
        )
    ),
    st.integers(min_value=30, max_value=120),
)
def test_a_grid_fits_its_width_and_never_cuts_a_word(table: tuple[list[str], list[list[str]]], width: int) -> None:
    headers, rows = table
    text = plain(grid(headers, rows), width=width)
    lines = text.splitlines()
    assert max(len(line) for line in lines) <= width
    shown = set(text.split())
    assert all(word in shown for row in rows for cell in row for word in cell.split())


def test_a_table_too_wide_for_any_wrapping_shows_each_row_as_a_record() -> None:
    headers = ["case", "doctrine", "error"]
    rows = [["cases/a_very_long_case_file_name_indeed.casus", "moderate", "cases/another_long_name.casus:2:9: oops"]]
    assert plain(grid(headers, rows), width=60) == (
        "case      cases/a_very_long_case_file_name_indeed.casus\n"
        "doctrine  moderate\n"
        "error     cases/another_long_name.casus:2:9: oops\n"
    )
    assert plain(grid(headers, rows), width=120).splitlines()[0].split() == headers


def test_kept_columns_wrap_last() -> None:
    rows = [["SouthKorea -> UnitedStates", "owed, breach would be justified (discretion) " * 2]]
    kept = plain(grid(["pair", "status"], rows, keep=1), width=50).splitlines()
    assert kept[2].startswith("SouthKorea -> UnitedStates  owed")


def test_a_mark_without_a_header_heads_its_record() -> None:
    rows = [["*", "5", "not-triggered, claim forfeited"], ["", "6", "suspended (forfeited)"]]
    assert plain(grid(["", "time", "status"], rows), width=22) == (
        "*\n"
        "time    5\n"
        "status  not-triggered,\n"
        "        claim\n"
        "        forfeited\n"
        "\n"
        "time    6\n"
        "status  suspended\n"
        "        (forfeited)\n"
    )


#: Cell text as cases write it: words, runs of blanks, punctuation, wide and accented letters, long names.
ODD_CELLS = st.text(alphabet="ab -,()é漢", min_size=0, max_size=40)


def _through_rich(g: object, width: int) -> str:
    """A grid printed the slow way, by rich itself (what ``plain`` did for every grid)."""
    import io

    from rich.console import Console

    buffer = io.StringIO()
    console = Console(
        file=buffer, width=width, color_system=None, no_color=True, markup=False, highlight=False, emoji=False
    )
    console.print(g)
    return "".join(line.rstrip() + "\n" for line in buffer.getvalue().splitlines())


@given(
    st.integers(min_value=1, max_value=5).flatmap(
        lambda n: st.tuples(
            st.lists(ODD_CELLS, min_size=n, max_size=n),
            st.lists(st.lists(ODD_CELLS, min_size=n, max_size=n), min_size=1, max_size=5),
            st.integers(min_value=0, max_value=n),
        )
    ),
    st.integers(min_value=10, max_value=120),
)
def test_a_grid_printed_directly_is_the_text_rich_prints(
    table: tuple[list[str], list[list[str]], int], width: int
) -> None:
    headers, rows, keep = table
    g = grid(headers, rows, keep=keep)
    assert plain(g, width=width) == _through_rich(g, width)


def test_the_conclusions_of_a_case_print_directly_as_rich_would_print_them() -> None:
    from reasoner.language.read import load_case
    from reasoner.reports.tables import run_view
    from reasoner.solving.engine import analyse, find_doctrine

    view = run_view(analyse(load_case("cases/france_greece.casus"), [find_doctrine("moderate")]))
    assert view[1].plain_lines(80) is not None
    for width in (40, 80, 132):  # at 40 the heading is too long to lay out directly, the table is not
        assert plain(*view, width=width) == "".join(_through_rich(item, width) for item in view)


@given(
    st.lists(st.lists(ODD_CELLS, min_size=4, max_size=4), min_size=1, max_size=4),
    st.lists(st.sampled_from(["", "case", "claims forfeited", "x"]), min_size=4, max_size=4),
    st.integers(min_value=12, max_value=60),
)
def test_records_printed_directly_are_the_text_rich_prints(
    rows: list[list[str]], headers: list[str], width: int
) -> None:
    long = "/a/folder/of/cases/with/a/long/name/" + "n" * 30  # no table fits beside it: every row is a record
    g = grid(["file", *headers], [[long, *row] for row in rows], keep=1)
    assert g.fitted(width) is None
    assert plain(g, width=width) == _through_rich(g, width)
