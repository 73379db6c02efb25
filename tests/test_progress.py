"""edition.progress: a bar on a terminal, plain lines otherwise, and the time of every stage."""

from __future__ import annotations

import io

from edition.progress import Progress, format_seconds


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_plain_lines_for_each_text_of_a_short_stage():
    out = io.StringIO()
    progress = Progress(out)
    with progress.stage("html", 3) as stage:
        stage.advance("a")
        stage.advance("b", failed=True)
        stage.advance("c")
    assert out.getvalue().splitlines() == ["html: [1/3] a", "html: [2/3] b failed", "html: [3/3] c"]
    assert progress.timings["html"] >= 0


def test_a_long_stage_gets_a_line_every_tenth_of_the_way():
    out = io.StringIO()
    progress = Progress(out)
    with progress.stage("pdf", 200) as stage:
        for i in range(200):
            stage.advance(f"t{i}", failed=i == 5)
    lines = out.getvalue().splitlines()
    assert len(lines) == 10
    assert lines[0] == "pdf: 20/200 (10%, 1 failed)" and lines[-1] == "pdf: 200/200 (100%, 1 failed)"


def test_a_terminal_gets_one_bar_redrawn_in_place():
    out = Terminal()
    progress = Progress(out)
    with progress.stage("validate", 2) as stage:
        stage.advance("first")
        stage.advance("second")
    text = out.getvalue()
    assert "\r" in text and text.endswith("\n") and text.count("\n") == 1
    assert "[" + "#" * 28 + "] 2/2" in text and "second" in text


def test_disabled_progress_is_silent_but_still_times():
    out = Terminal()
    progress = Progress(out, enabled=False)
    with progress.stage("html", 1) as stage:
        stage.advance("x")
    with progress.timed("plan"):
        pass
    assert out.getvalue() == ""
    assert set(progress.timings) == {"html", "plan"}


def test_seconds_are_shown_to_the_hundredth_then_whole():
    assert format_seconds(0.123) == "0.12 s"
    assert format_seconds(123.4) == "123 s"
