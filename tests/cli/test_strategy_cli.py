"""``placewell strategy ...`` and ``placewell update``: thin commands over the strategy service."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from placewell.cli.main import main
from placewell.store import dispose_engines
from placewell.strategy.demo import example_files

COMMANDS = [
    ["strategy"],
    ["strategy", "import"],
    ["strategy", "export"],
    ["strategy", "list"],
    ["strategy", "show"],
    ["strategy", "status"],
    ["strategy", "history"],
    ["strategy", "examples"],
    ["update"],
]


def run(args: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    try:
        main(args)
        code = 0
    except SystemExit as exc:
        code = int(exc.code or 0)
    captured = capsys.readouterr()
    return code, captured.out, captured.err


@pytest.fixture
def home(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> Iterator[str]:
    path = tmp_path / "ws"
    assert run(["--home", str(path), "init"], capsys)[0] == 0
    yield str(path)
    dispose_engines()


@pytest.mark.parametrize("command", COMMANDS, ids=" ".join)
def test_every_command_has_help(command: list[str], capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run([*command, "--help"], capsys)
    assert code == 0 and "Usage" in out


def test_examples_list_show_status(home: str, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(["--home", home, "strategy", "examples"], capsys)
    assert code == 0 and "cherishing-our-families" in out
    code, out, _ = run(["--home", home, "strategy", "list"], capsys)
    assert code == 0 and "4 strategies" in out and "sa-healthy-communities" in out
    code, out, _ = run(["--home", home, "strategy", "show", "cherishing-our-families"], capsys)
    assert code == 0 and "GIRFEC group" in out and "COF-01" in out
    args = ["--home", home, "strategy", "status", "na-health-wellbeing-vision", "--evidence", "demo",
            "--as-of", "2026-11-22"]  # fmt: skip
    code, out, _ = run(args, capsys)
    flat = " ".join(out.split())
    assert code == 0
    assert "NI-12 is significantly worse than Scotland (99.8% level)" in flat
    assert "Off track" in flat and "On track" in flat and "Not enough data" in flat


def test_import_export_update_history(
    home: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    source = example_files()[0]
    file = tmp_path / "cof.yaml"
    file.write_text(source.read_text("utf-8"))
    code, out, _ = run(["--home", home, "strategy", "import", str(file), "--author", "jo"], capsys)
    assert code == 0 and "Imported strategy cherishing-our-families" in out
    code, out, _ = run(["--home", home, "strategy", "import", str(file)], capsys)
    assert code == 0 and "already matches" in out
    code, out, _ = run(["--home", home, "strategy", "export", "cherishing-our-families"], capsys)
    assert code == 0 and out == file.read_text()
    target = tmp_path / "out.yaml"
    code, _, _ = run(
        ["--home", home, "strategy", "export", "cherishing-our-families", "-o", str(target)], capsys
    )
    assert code == 0 and target.read_text() == file.read_text()
    args = ["--home", home, "update", "COF-08", "--rag", "green", "--percent", "60",
            "--note", "Volunteers recruited", "--author", "kim", "--link", "https://example.org/x"]  # fmt: skip
    code, out, _ = run(args, capsys)
    assert code == 0 and "Recorded update 2 on action COF-08" in " ".join(out.split())
    code, out, _ = run(
        ["--home", home, "strategy", "history", "cherishing-our-families", "--limit", "2"], capsys
    )
    assert code == 0 and "kim" in out and "COF-08" in out


def test_user_errors_are_one_red_line(
    home: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    broken = tmp_path / "broken.yaml"
    broken.write_text("id: x\ntitle: Broken\norganisation:\n  name: Org\nstatus: on\n")
    code, _, err = run(["--home", home, "strategy", "import", str(broken)], capsys)
    assert code == 2 and err.startswith("error: broken.yaml, line 5: status:")
    assert "Nothing was imported" in err and len(err.strip().splitlines()) == 1
    code, _, err = run(["--home", home, "strategy", "show", "nope"], capsys)
    assert code == 2 and "no strategy 'nope'" in err
    code, _, err = run(["--home", home, "update", "NOPE", "--rag", "green", "--note", "x"], capsys)
    assert code == 2 and "no action 'NOPE'" in err
    code, _, err = run(
        ["--home", home, "strategy", "status", "nope", "--evidence", "missing.yaml"], capsys
    )
    assert code == 2 and "no evidence file" in err
    code, _, err = run(["--home", str(tmp_path / "none"), "strategy", "list"], capsys)
    assert code == 2 and "no placewell workspace" in err


def test_empty_list_says_what_to_do(home: str, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(["--home", home, "strategy", "list"], capsys)
    assert code == 0 and "placewell strategy examples" in out
