"""``placewell report``: files written, and one line with exit 2 on a user's mistake."""

from __future__ import annotations

from pathlib import Path

import pytest

from placewell.cli.main import main
from placewell.config import Settings
from tests.reports.conftest import LOCALITY, PARTNERSHIP, STRATEGY


def run(args: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    try:
        main(args)
        code = 0
    except SystemExit as exc:
        code = int(exc.code or 0)
    captured = capsys.readouterr()
    return code, captured.out, captured.err


@pytest.mark.parametrize(
    "command", [["report"], ["report", "apr"], ["report", "progress"], ["report", "locality"]]
)
def test_every_report_command_has_help(
    command: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, _ = run([*command, "--help"], capsys)
    assert code == 0 and "Usage" in out


def test_apr_by_name_writes_html(
    demo_settings: Settings, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    target = tmp_path / "apr.html"
    code, _, err = run(
        [
            "--home",
            str(demo_settings.home),
            "report",
            "apr",
            "--partnership",
            "North Ayrshire",
            "--year",
            "2023/24",
            "--date",
            "2026-11-30",
            "-o",
            str(target),
        ],
        capsys,
    )
    assert code == 0, err
    html = target.read_text(encoding="utf-8")
    assert html.startswith("<!DOCTYPE html>") and "Annual Performance Report 2023/24" in html
    assert "produced 30 November 2026" in html
    assert "Wrote Annual Performance Report 2023/24 (HTML" in err


def test_locality_pdf_from_the_suffix(
    demo_settings: Settings, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    target = tmp_path / "irvine.pdf"
    home = str(demo_settings.home)
    code, _, err = run(
        ["--home", home, "report", "locality", LOCALITY, "--year", "2023/24", "-o", str(target)],
        capsys,
    )
    assert code == 0, err
    assert target.read_bytes().startswith(b"%PDF-")


def test_progress_to_standard_output(
    demo_settings: Settings, capsys: pytest.CaptureFixture[str]
) -> None:
    home = str(demo_settings.home)
    code, out, err = run(
        [
            "--home",
            home,
            "report",
            "progress",
            STRATEGY,
            "--since",
            "2026-01-01",
            "--date",
            "2026-11-30",
            "-o",
            "-",
        ],
        capsys,
    )
    assert code == 0, err
    assert "<h1>Progress report: Healthy Communities programme</h1>" in out
    assert "What changed since 1 Jan 2026" in out


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["apr", "--partnership", "Atlantis", "--year", "2023/24"], "no partnership 'Atlantis'"),
        (["apr", "--partnership", PARTNERSHIP, "--year", "2031/32"], "no indicator results"),
        (["apr", "--partnership", PARTNERSHIP, "--year", "2023"], "not a financial year"),
        (["apr", "--partnership", LOCALITY, "--year", "2023/24"], "no partnership"),
        (
            ["apr", "--partnership", PARTNERSHIP, "--year", "2023/24", "--format", "docx"],
            "unknown report format",
        ),
        (["locality", "Atlantis", "--year", "2023/24"], "no locality 'Atlantis'"),
        (["progress", "no-such-strategy"], "no strategy 'no-such-strategy'"),
        (["progress", STRATEGY, "--since", "2030-01-01", "--date", "2026-11-30"], "after"),
    ],
)
def test_mistakes_exit_2_with_one_line(
    args: list[str],
    message: str,
    demo_settings: Settings,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    code, _, err = run(
        ["--home", str(demo_settings.home), "report", *args, "-o", str(tmp_path / "x")], capsys
    )
    assert code == 2
    lines = [line for line in err.splitlines() if line.strip()]
    assert len(lines) == 1 and lines[0].startswith("error:"), err
    assert message in lines[0]
    assert not (tmp_path / "x").exists()
