"""``placewell import`` and ``placewell fetch`` against fixture files in the published layouts."""

from __future__ import annotations

import socket
from pathlib import Path

import pytest

from placewell.cli.main import main
from placewell.geography.hierarchy import AreaHierarchy
from placewell.workspace import Workspace

OFFICIAL = Path(__file__).parents[1] / "data" / "fixtures" / "official"


def run(args: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    try:
        main(args)
        code = 0
    except SystemExit as exc:
        code = int(exc.code or 0)
    captured = capsys.readouterr()
    return code, captured.out, captured.err


@pytest.fixture
def home(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> str:
    path = str(tmp_path / "ws")
    assert run(["--home", path, "init"], capsys)[0] == 0
    return path


def test_import_simd_localities_population(home: str, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(
        ["--home", home, "import", "simd", str(OFFICIAL / "phs_simd2020v2_lookup.csv")], capsys
    )
    assert code == 0, err
    assert "rows into area_deprivation" in out and "rows into areas" in out
    code, out, err = run(
        ["--home", home, "import", "localities", str(OFFICIAL / "hscp_localities.csv")], capsys
    )
    assert code == 0, err
    geo = AreaHierarchy.from_warehouse(Workspace(Path(home)).warehouse)
    assert geo.counts_by_level().get("locality", 0) > 0
    assert geo.check() == []
    code, out, err = run(
        ["--home", home, "import", "population", str(OFFICIAL / "phs_population.csv")], capsys
    )
    assert code == 0, err and "rows into population" in out


def test_import_bad_file_names_row_and_column(
    home: str, capsys: pytest.CaptureFixture[str]
) -> None:
    code, _, err = run(
        ["--home", home, "import", "simd", str(OFFICIAL / "phs_simd2020v2_lookup_bad_rank.csv")],
        capsys,
    )
    assert code == 2 and "row 3" in err and "SIMD2020V2Rank" in err
    assert Workspace(Path(home)).warehouse.table_counts() == {}


def test_import_delayed_discharge_file(home: str, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(
        [
            "--home",
            home,
            "import",
            "delayed-discharge",
            str(OFFICIAL / "delayed_discharge_beddays_council_area.csv"),
        ],
        capsys,
    )
    assert code == 0, err
    assert "rows into delayed_discharge_monthly" in out


def test_fetch_offline_gives_one_clear_line(home: str, capsys: pytest.CaptureFixture[str]) -> None:
    with socket.socket() as s:  # a port on this machine with nothing listening
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    code, _, err = run(
        ["--home", home, "fetch", "delayed-discharge", "--base-url", f"http://127.0.0.1:{port}"],
        capsys,
    )
    assert code == 2
    assert err.startswith("error:") and "import delayed-discharge" in err


def test_real_sg_simd_file(home: str, shared_dir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    real = shared_dir / "reference" / "simd2020v2_datazones.csv"
    if not real.exists():
        pytest.skip("the SIMD 2020v2 file is not beside the checkout")
    code, _, err = run(["--home", home, "import", "simd", str(real)], capsys)
    assert code == 0, err
    counts = Workspace(Path(home)).warehouse.table_counts()
    assert counts["area_deprivation"] == 6976
    geo = AreaHierarchy.from_warehouse(Workspace(Path(home)).warehouse)
    ayrshire = [a for a in geo.areas("partnership") if "Ayrshire" in a.name]
    assert sum(len(geo.datazones(a.code)) for a in ayrshire) == 502
