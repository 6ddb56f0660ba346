"""The CLI: help everywhere, exit 2 with one clear line on user errors."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from placewell.cli.main import main

FIXTURES = Path(__file__).parents[1] / "data" / "fixtures" / "contract"
COMMANDS = [
    [],
    ["init"],
    ["demo"],
    ["demo-data"],
    ["load"],
    ["contract"],
    ["doctor"],
    ["areas"],
    ["areas", "list"],
    ["areas", "show"],
    ["import"],
    ["fetch"],
]


def run(args: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    try:
        main(args)
        code = 0
    except SystemExit as exc:
        code = int(exc.code or 0)
    captured = capsys.readouterr()
    return code, captured.out, captured.err


@pytest.mark.parametrize("command", COMMANDS, ids=lambda c: " ".join(c) or "root")
def test_every_command_has_help(command: list[str], capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run([*command, "--help"], capsys)
    assert code == 0
    assert "Usage" in out


def test_load_then_areas_and_doctor(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    home = str(tmp_path / "ws")
    assert run(["--home", home, "init"], capsys)[0] == 0
    code, out, _ = run(["--home", home, "load", "areas", str(FIXTURES / "areas.csv")], capsys)
    assert code == 0 and "Loaded 10 rows into areas" in out
    code, out, _ = run(["--home", home, "areas", "list", "--level", "locality"], capsys)
    assert code == 0 and "Arran" in out and "Irvine" in out
    code, out, _ = run(["--home", home, "areas", "show", "North Ayrshire"], capsys)
    assert code == 0 and "Data zones: 3" in out
    code, out, _ = run(["--home", home, "doctor"], capsys)
    assert code == 1  # population and deprivation are missing
    assert "not loaded" in out and "geography" in out


def test_bad_file_exits_2_with_one_line(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    home = str(tmp_path / "ws")
    run(["--home", home, "init"], capsys)
    run(["--home", home, "load", "areas", str(FIXTURES / "areas.csv")], capsys)
    bad = tmp_path / "people_bad.csv"
    shutil.copy(FIXTURES / "people_bad.csv", bad)
    code, _out, err = run(["--home", home, "load", "people", str(bad)], capsys)
    assert code == 2
    assert err.startswith("error:")
    assert "row 2, column 'sex'" in err and "Nothing was loaded" in err
    assert len(err.strip().splitlines()) == 1


def test_user_errors_exit_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    home = str(tmp_path / "none")
    code, _, err = run(["--home", home, "areas", "list"], capsys)
    assert code == 2 and "no placewell workspace" in err
    code, _, err = run(["--home", home, "load", "nosuch", "x.csv"], capsys)
    assert code == 2 and "unknown table 'nosuch'" in err
    code, _, _ = run(["load", "people"], capsys)  # missing argument: usage error
    assert code == 2
    code, _, _ = run(["no-such-command"], capsys)
    assert code == 2


def test_contract_markdown_matches_docs(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(["contract", "--markdown"], capsys)
    assert code == 0
    docs = Path(__file__).parents[2] / "docs" / "data-contract.md"
    assert out == docs.read_text(), (
        "docs/data-contract.md is stale: run placewell contract --markdown"
    )


def test_version(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(["--version"], capsys)
    assert code == 0 and out.startswith("placewell ")


def test_demo_data_builds_a_workspace_doctor_accepts(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    home = str(tmp_path / "demo")
    code, out, err = run(["--home", home, "demo-data", "--people", "5000", "--seed", "7"], capsys)
    assert code == 0, err
    assert "North Ayrshire" in out and "hospital_stays" in out
    code, out, _ = run(["--home", home, "doctor"], capsys)
    assert code == 0, out  # only warnings (published open data not fetched)
    assert "delayed_discharge_monthly" in out
    code, out, _ = run(
        ["--home", home, "areas", "list", "--level", "locality", "--parent", "East Ayrshire"],
        capsys,
    )
    assert code == 0 and "Kilmarnock" in out and "Northern" in out and "Southern" in out


def test_demo_says_how_many_indicators_it_computed_and_which_failed(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    from placewell import demo
    from placewell.data.demo import summarise
    from placewell.workspace import Workspace

    workspace = Workspace(tmp_path / "ws").init()

    def fake_setup(settings: object, **_: object) -> demo.DemoResult:
        return demo.DemoResult(summarise(workspace), True, ["example"], 41, ["NI-20: no cost data"])

    monkeypatch.setattr(demo, "setup_demo", fake_setup)
    code, out, _ = run(["--home", str(tmp_path / "ws"), "demo"], capsys)
    flat = " ".join(out.split())
    assert code == 0
    assert "Indicators computed (or already up to date): 41" in flat
    assert "not computed: NI-20: no cost data" in flat
