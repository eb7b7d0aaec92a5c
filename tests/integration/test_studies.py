"""The seed's questions as studies, and Cederman & Gleditsch (2004), run small through the CLI."""

import csv
import re

import pytest
from typer.testing import CliRunner

from foedus.cli import app
from foedus.reproductions import cederman_gleditsch_2004 as cg
from foedus.studies import all_studies

runner = CliRunner()
SHORT = ["--set", "initPeriod=60", "--set", "duration=300", "--set", "nx=20", "--set", "ny=20",
         "--set", "initPolarity=40"]  # fmt: skip


def run(*args):
    return runner.invoke(app, [str(a) for a in args])


def read_table(path):
    with open(path, newline="") as f:
        return list(csv.DictReader(f))


@pytest.mark.parametrize("name", ["picked-off", "splinter-unity", "collective-vs-none"])
def test_each_study_writes_a_report_figures_and_intervals_from_its_stored_runs(tmp_path, name):
    out = tmp_path / name
    args = ["study", name, "--quick", "--replications", 3, "--workers", 1, "--out", out, *SHORT]
    first = run(*args)
    assert first.exit_code == 0, first.output
    study = all_studies()[name]
    rows = read_table(out / "table.csv")
    assert {r["measure"] for r in rows} <= set(study.MEASURES)
    assert len({r["setting"] for r in rows}) == len(study.settings(quick=True))
    for r in rows:
        if r["n"] == "0":
            assert r["mean"] == r["low95"] == r["high95"] == ""
        else:
            assert float(r["low95"]) <= float(r["mean"]) <= float(r["high95"]) and int(r["n"]) <= 3
    report = (out / "report.md").read_text()
    figures = re.findall(r"!\[[^\]]*\]\(([^)]+)\)", report)
    assert figures and all((out / f).exists() for f in figures)
    again = run(*args)  # resumes from the store: nothing rerun, the same table
    assert again.exit_code == 0 and read_table(out / "table.csv") == rows
    verified = run("results", "verify", "--store", out / "results.duckdb")
    assert verified.exit_code == 0, verified.output


def test_an_unknown_study_is_named_with_the_known_ones():
    result = run("study", "picked-of")
    assert result.exit_code == 1 and "did you mean picked-off" in result.output


def test_cederman_gleditsch_2004_writes_its_table_with_the_three_configurations(tmp_path):
    result = run("reproduce", "cederman-gleditsch-2004", "--replications", 2, "--workers", 1,
                 "--out", tmp_path, *SHORT)  # fmt: skip
    assert result.exit_code == 0, result.output
    rows = read_table(tmp_path / "table.csv")
    assert list(rows[0]) == cg.COLUMNS
    assert [r["setting"] for r in rows] == ["base", "regime_change", "collective_security"]
    for r in rows:
        assert r["replications"] == "2"
        assert 0 <= float(r["dem_share_mean"]) <= 1
        assert float(r["runs_above_50pct"]) <= float(r["runs_above_10pct"])
    report = (tmp_path / "report.md").read_text()
    assert "not used (a prediction)" in report and (tmp_path / "democratic_share.png").exists()


def test_the_calibration_ranks_grid_points_by_distance_to_the_published_row(tmp_path):
    rows = cg.calibrate(
        tmp_path, {"rc_base": [0.0, 0.01], "rc_midpoint": [0.5], "rc_slope": [10.0]}, replications=2,
        workers=1, progress=False, periods=700,
    )  # fmt: skip
    assert rows[0]["setting"] == "base" and len(rows) == 3
    losses = [r["loss"] for r in rows[1:]]
    assert losses == sorted(losses)
    for r in rows[1:]:
        assert r["loss"] == pytest.approx(cg.calibration_loss(r, cg.PUBLISHED["regime_change"]))
    assert (tmp_path / "calibration.csv").exists()


def test_calibration_loss_is_zero_at_the_published_row_and_grows_away_from_it():
    target = cg.PUBLISHED["regime_change"]
    assert cg.calibration_loss(dict(target), target) == 0
    worse = {**target, "runs_above_50pct": target["runs_above_50pct"] + 0.05}
    assert cg.calibration_loss(worse, target) == pytest.approx(1.0)


def test_cusack_stoll_writes_its_settings_and_a_verdict_for_every_finding(tmp_path):
    from foedus.reproductions import cusack_stoll as cs

    result = run("reproduce", "cusack-stoll", "--replications", 3, "--workers", 1, "--periods", 150,
                 "--out", tmp_path)  # fmt: skip
    assert result.exit_code == 0, result.output
    rows = read_table(tmp_path / "table.csv")
    assert [r["setting"] for r in rows] == list(cs.SETTINGS) and list(rows[0]) == cs.COLUMNS
    found = read_table(tmp_path / "findings.csv")
    assert len(found) == len(cs.findings({m: {s: [None] for s in cs.SETTINGS} for m in cs.MEASURES}))
    allowed = {"reproduced", "contradicted", "not reproduced (interval includes 0)", "differs from 0",
               "no detectable difference", "undefined"}  # fmt: skip
    assert {r["verdict"] for r in found} <= allowed
    assert "## Findings" in (tmp_path / "report.md").read_text()


def test_a_verdict_needs_the_whole_interval_on_the_predicted_side():
    from foedus.analysis.intervals import Estimate
    from foedus.reproductions.cusack_stoll import verdict

    assert verdict(Estimate(0.2, 0.1, 0.3, 50), 1) == "reproduced"
    assert verdict(Estimate(0.2, -0.1, 0.3, 50), 1).startswith("not reproduced")
    assert verdict(Estimate(-0.2, -0.3, -0.1, 50), 1) == "contradicted"
    assert verdict(Estimate(-0.2, -0.3, -0.1, 50), 0) == "differs from 0"
