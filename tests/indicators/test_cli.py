"""The command line: indicators list/show/validate, compute, export."""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pandas as pd
import pytest

from placewell.cli.main import main
from placewell.workspace import Workspace


def run(args: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    try:
        main(args)
        code = 0
    except SystemExit as exc:
        code = int(exc.code or 0)
    captured = capsys.readouterr()
    return code, captured.out, captured.err


@pytest.mark.parametrize(
    "command",
    [
        ["indicators"],
        ["indicators", "list"],
        ["indicators", "show"],
        ["indicators", "validate"],
        ["compute"],
        ["export"],
    ],
    ids=" ".join,
)
def test_help(command: list[str], capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run([*command, "--help"], capsys)
    assert code == 0 and "Usage" in out


def test_list_show_validate(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(["--home", str(tmp_path), "indicators", "list", "--pack", "local"], capsys)
    assert code == 0 and "ADP-WAIT" in out and "LAC-START" in out
    code, out, _ = run(["--home", str(tmp_path), "indicators", "show", "NI-16"], capsys)
    assert code == 0 and "@falls" in out and "W00-W19" in out
    code, out, _ = run(["--home", str(tmp_path), "indicators", "validate"], capsys)
    assert code == 0 and "27 definitions valid" in out
    bad = tmp_path / "bad.yaml"
    bad.write_text(
        "id: BAD\ntitle: bad\nnumerator:\n  table: hospital_stays\n  date: admission_date\n"
        "  filter: admision_type = '30'\nmeasure:\n  kind: count\nperiod: month\nmetadata:\n  source: x\n"
    )
    code, _, err = run(["indicators", "validate", str(bad)], capsys)
    assert code == 2
    assert "bad.yaml line 6, numerator.filter: unknown column 'admision_type'" in " ".join(
        err.split()
    )
    code, _, err = run(["--home", str(tmp_path), "indicators", "show", "NI-99"], capsys)
    assert code == 2 and "no indicator 'NI-99'" in err


def test_compute_then_export(
    fresh_workspace: Workspace, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    home = str(fresh_workspace.home)
    code, out, _ = run(
        ["--home", home, "compute", "--indicator", "NI-19", "--indicator", "ADP-WAIT"], capsys
    )
    assert code == 0 and "computed" in out
    code, out, _ = run(["--home", home, "compute", "-i", "NI-19"], capsys)
    assert code == 0 and "unchanged" in out
    csv = tmp_path / "out.csv"
    code, _, _ = run(["--home", home, "export", "-o", str(csv)], capsys)
    assert code == 0 and set(pd.read_csv(csv)["indicator"]) == {"NI-19", "ADP-WAIT"}
    parquet = tmp_path / "out.parquet"
    assert run(["--home", home, "export", "-i", "NI-19", "-o", str(parquet)], capsys)[0] == 0
    assert set(pd.read_parquet(parquet)["indicator"]) == {"NI-19"}
    xlsx = tmp_path / "out.xlsx"
    assert (
        run(["--home", home, "export", "--format", "xlsx", "-i", "NI-19", "-o", str(xlsx)], capsys)[
            0
        ]
        == 0
    )
    book = openpyxl.load_workbook(xlsx, read_only=True)
    assert book.sheetnames == ["results", "inequality", "metadata"]
    meta = pd.read_excel(xlsx, sheet_name="metadata")
    assert list(meta["indicator"]) == ["NI-19"]
    assert pd.read_excel(xlsx, sheet_name="results")["indicator"].eq("NI-19").all()
    assert "PHS Core Suite NI-19" in meta.set_index("indicator").loc["NI-19", "follows"]
    code, _, err = run(["--home", home, "export", "-o", str(tmp_path / "x.txt")], capsys)
    assert code == 2 and "unknown export format 'txt'" in err


def test_compute_unknown_engine(
    fresh_workspace: Workspace, capsys: pytest.CaptureFixture[str]
) -> None:
    code, _, err = run(
        ["--home", str(fresh_workspace.home), "compute", "-i", "NI-19", "--engine", "oracle"],
        capsys,
    )
    assert code == 2 and "unknown engine 'oracle'" in err
