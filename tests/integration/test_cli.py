"""The command line end to end: JSON contracts, golden outputs, exit codes, files written."""

import json
import re
from pathlib import Path

import pytest
from typer.testing import CliRunner

from foedus.cli import app
from tests.helpers import check_golden

runner = CliRunner()


def run(*args):
    return runner.invoke(app, list(args))


@pytest.mark.parametrize(
    "name,args",
    [
        ("members_csto_2016.json", ["members", "CSTO", "--on", "2016-09-01", "--json"]),
        (
            "obligations_usa_2001.json",
            ["obligations", "--victim", "United States", "--on", "2001-09-12", "--json"],
        ),
        (
            "obligations_kaz_2022.json",
            ["obligations", "--victim", "KAZ", "--on", "2022-01-06", "--requested", "--json"],
        ),
        ("audit_2025.json", ["audit", "--on", "2025-06-01", "--json"]),
        ("history_uzb.json", ["history", "Uzbekistan", "--json"]),
    ],
)
def test_golden_json_outputs(name, args):
    result = run(*args)
    assert result.exit_code == 0, result.output
    json.loads(result.stdout)
    check_golden(name, result.stdout)


def test_members_json_contract():
    data = json.loads(run("members", "NATO", "--on", "2024-03-07", "--json", "--status", "member").stdout)
    assert len(data) == 32
    assert {"state", "status", "since"} <= set(data[0])


def test_obligations_json_contract():
    data = json.loads(
        run("obligations", "--victim", "TJK", "--aggressor", "AFG", "--on", "2016-09-01", "--json").stdout
    )
    assert {"situation", "assumptions", "obligations", "invocations", "notes"} <= set(data)
    assert data["situation"]["theatre"] == "home" and data["assumptions"][0].startswith("theatre: home")
    rows = data["obligations"]
    assert rows and all(
        {"state", "treaty", "obliged", "kind", "article", "participation"} <= set(r) for r in rows
    )
    assert {r["obliged"] for r in rows} <= {True, False, "unknown"}


@pytest.mark.parametrize(
    "args,needle",
    [
        (["members", "NATOO", "--on", "2016-09-01"], "did you mean"),
        (["members", "NATO", "--on", "2016-02-30"], "29 days"),
        (["members", "NATO", "--on", "1700-01-01"], "coverage"),
        (["history", "Tajikistn"], "TJK"),
        (["cite", "NATO.art99"], "art5"),
        (["obligations", "--victim", "FRA", "--on", "1999"], "judged on an exact day"),
        (["members", "NATO", "--on", "1999-13"], "month 13"),
    ],
)
def test_bad_input_exits_1_with_a_clear_message(args, needle):
    result = run(*args)
    assert result.exit_code == 1
    assert needle in result.stderr.replace("\n", " ")


@pytest.mark.parametrize(
    "args",
    [
        ["obligations", "--victim", "TJK", "--on", "2016-09-01", "--theatre", "moon"],
        ["members", "NATO", "--on", "2016-09-01", "--status", "sleeping"],
        ["audit", "--on", "2016-09-01", "--reading", "loose"],
        ["facts", "--confidence", "certain"],
        ["members", "NATO", "--on", "2016-09-01", "--format", "xml"],
    ],
)
def test_every_choice_error_is_a_usage_error_exit_2(args):
    result = run(*args)
    assert result.exit_code == 2, result.stderr


def test_in_force():
    data = json.loads(run("in-force", "--on", "1960-01-01", "--json").stdout)
    ids = {r["treaty"] for r in data}
    assert {"NATO", "WARSAW", "SEATO", "RIO"} <= ids and "CST" not in ids


def test_usage_errors_exit_2():
    assert run("members", "NATO").exit_code == 2


def test_validate_reports_file_line_and_field(tmp_path):
    good = Path(__file__).parents[2] / "src/foedus/data/treaties/nato.yaml"
    assert run("validate", str(good)).exit_code == 0
    bad = tmp_path / "bad.yaml"
    bad.write_text(good.read_text().replace("kind: treaty", "kind: treaty\nflavour: x", 1))
    result = run("validate", str(bad))
    assert result.exit_code == 1
    assert "bad.yaml" in result.stderr and "line 6" in result.stderr and "flavour" in result.stderr


def test_timeline_and_cite(tmp_path):
    out = tmp_path / "t.png"
    assert run("timeline", "CSTO", "NATO", "--out", str(out)).exit_code == 0
    assert out.stat().st_size > 10_000
    text = run("cite", "NATO.DEU").stdout
    assert "conflicting" in text and "N6" in text


def test_report_writes_markdown_and_figure(tmp_path):
    result = run("report", "--out", str(tmp_path))
    assert result.exit_code == 0, result.output
    md = (tmp_path / "report.md").read_text()
    assert "**Members (6):**" in md and "CSTO Parliamentary Assembly" in md
    assert (tmp_path / "timeline_csto_nato.png").exists()
    assert "## Picked off one by one" in md and "| no treaty (p_honor 0) |" in md
    for figure in re.findall(r"!\[[^\]]*\]\(([^)]+)\)", md):
        assert (tmp_path / figure).exists(), figure
    again = run("report", "--out", str(tmp_path))  # rebuilt, not resumed
    assert again.exit_code == 0 and (tmp_path / "report.md").read_text() == md


def test_run_geosim_json_and_figures(tmp_path):
    result = run(
        "run", "geosim", "--set", "supThresh=2.5", "--seed", "7", "--periods", "1500", "--json",
        "--map", str(tmp_path / "m.png"), "--wars-figure", str(tmp_path / "w.png"),
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["params"]["supThresh"] == 2.5 and data["params"]["duration"] == 1000
    assert {"slope", "r2", "wars", "range_decades", "states_final"} <= set(data["summary"])
    assert data["version"].startswith("2+")
    assert (tmp_path / "m.png").exists() and (tmp_path / "w.png").exists()
    again = json.loads(
        run("run", "geosim", "--set", "supThresh=2.5", "--seed", "7", "--periods", "1500", "--json").stdout
    )
    assert again["summary"] == data["summary"]


def test_models_and_strategies_are_listed_with_citation_and_version():
    models = {m["name"]: m for m in json.loads(run("models", "--json").stdout)}
    assert list(models) == ["earth", "geosim"]
    assert "Political Science Review" in models["geosim"]["citation"]
    assert "Cusack" in models["earth"]["citation"] and "+" in models["earth"]["version"]
    assert models["geosim"]["tables"]["wars"]["severity"] == "float64"
    assert models["earth"]["tables"]["crises"]["fought"] == "bool"
    strategies = json.loads(run("strategies", "--model", "geosim", "--json").stdout)
    by_name = {s["name"]: s for s in strategies}
    assert by_name["geosim"]["traits"]["memory"] == "campaign"


def test_version_option():
    result = run("--version")
    assert result.exit_code == 0 and result.stdout.startswith("foedus ")


@pytest.mark.parametrize(
    "args,needle",
    [
        (["run", "geosim", "--set", "supThres=2.5"], "supThres"),
        (["run", "geosim", "--set", "propMobile=2"], "less than or equal to 1"),
        (["run", "geosim", "--set", "propMobile"], "NAME=VALUE"),
        (["run", "tribute"], "unknown model"),
        (["run", "geosim", "--periods", "100"], "--periods"),
        (["run", "geosim", "--seed", "-3"], "seed"),
        (["reproduce", "geosim-2099"], "unknown reproduction"),
        (["experiment", "geosim", "--name", "x", "--vary", "propMobile"], "--vary"),
    ],
)
def test_simulation_bad_input(args, needle):
    result = run(*args)
    assert result.exit_code == 1 and needle in result.stderr


def test_experiment_and_results_commands(tmp_path):
    store = str(tmp_path / "s.duckdb")
    args = [
        "experiment", "geosim", "--name", "x", "--vary", "propMobile=0.5,0.9", "--replications", "2",
        "--periods", "800", "--workers", "1", "--store", store,
        "--set", "nx=20", "--set", "ny=20", "--set", "initPolarity=30",
    ]  # fmt: skip
    first = run(*args)
    assert first.exit_code == 0 and "4 replications run" in first.stdout
    assert "0 replications run, 4 already stored" in run(*args).stdout
    listed = json.loads(run("results", "list", "--store", store, "--json").stdout)
    assert listed[0]["experiment"] == "x" and listed[0]["runs"] == 4
    shown = json.loads(run("results", "show", "x", "--store", store, "--json").stdout)
    assert {r["setting"] for r in shown} == {"propMobile=0.5", "propMobile=0.9"}
    per_run = json.loads(run("results", "show", "x", "--runs", "--store", store, "--json").stdout)
    assert len(per_run) == 4 and {"seed", "slope", "states_final"} <= set(per_run[0])
    assert run("results", "export", "x", "--out", str(tmp_path / "pq"), "--store", store).exit_code == 0
    assert {p.name for p in (tmp_path / "pq").iterdir()} == {
        "runs.parquet", "summaries.parquet", "geosim__series.parquet", "geosim__wars.parquet",
        "geosim__territory.parquet", "geosim__final_states.parquet", "geosim__cohort.parquet",
    }  # fmt: skip
    assert run("results", "show", "nope", "--store", store).exit_code == 1
    assert run("results", "list", "--store", str(tmp_path / "missing.duckdb")).exit_code == 1
    assert "ok, 9 tables" in run("results", "verify", "--store", store).stdout


def test_reproduce_small(tmp_path):
    result = run(
        "reproduce",
        "geosim-2003",
        "--replications",
        "1",
        "--periods",
        "700",
        "--workers",
        "1",
        "--out",
        str(tmp_path),
    )
    assert result.exit_code == 0, result.output
    header = (tmp_path / "table.csv").read_text().splitlines()[0]
    assert header == (
        "setting,replications,slope_min,slope_median,slope_max,r2_min,r2_median,r2_max,range_median,wars_median,"
        "states_after_initial_phase_median,states_final_median,largest_war_share_median"
    )
    rows = (tmp_path / "table.csv").read_text().splitlines()[1:]
    assert [r.split(",")[0] for r in rows] == [
        "base", "shock10", "noshock", "nocontext", "shadow10", "shadow40", "thresh2.5_shock10",
        "mobile0.9", "offset0.2", "slope5", "grid75",
    ]  # fmt: skip
    assert (tmp_path / "map_t500.png").exists() and "| base |" in (tmp_path / "report.md").read_text()


def test_law_commands_for_people(tmp_path):
    assert run("--version").stdout.startswith("foedus ")
    treaties = json.loads(run("treaties", "--json").stdout)
    assert {"NATO", "US_ROC", "PRC_DPRK"} <= {t["treaty"] for t in treaties}
    arab = next(t for t in treaties if t["treaty"] == "ARAB_JDT")
    assert arab["coverage_gap"] and arab["checked"] == "2025-11-30"
    csv_text = run("members", "NATO", "--on", "1990-01-01", "--status", "member", "--format", "csv").stdout
    assert (
        csv_text.splitlines()[0].startswith("treaty,state,entity,status,participation")
        and len(csv_text.splitlines()) == 17
    )
    year = json.loads(run("members", "NATO", "--on", "1999", "--json").stdout)
    assert {r["state"]: r["holds"] for r in year}["POL"] == "unknown"  # joined in March 1999
    assert {r["state"]: r["holds"] for r in year}["FRA"] is True
    inforce = json.loads(run("in-force", "--on", "1977", "--json").stdout)
    seato = next(r for r in inforce if r["treaty"] == "SEATO")
    assert seato["in_force"] == "unknown" and seato["ended"] == "1977-06-30"  # ended during 1977
    assert run("members", "WTO", "--on", "1960-01-01").exit_code == 0
    assert json.loads(run("history", "Kirghizia", "--json").stdout)[0]["state"] == "KGZ"
    assert run("history", "Ivory Coast").exit_code == 0
    summary = json.loads(run("facts", "--summary", "--json").stdout)
    assert summary["sources_by_kind"]["treaty_text"] > 0 and "unsupported" in summary


def test_kb_option_adds_a_users_treaty_file_to_any_law_command(tmp_path):
    mine = tmp_path / "mine.yaml"
    text = (Path(__file__).parents[1] / "fixtures/good_treaty.yaml").read_text()
    deu = "  - state: DEU\n    phases:\n      - {status: member, start: 2000-01-01, source: [S1]}\nsources:"
    mine.write_text(text.replace("sources:", deu, 1))
    rows = json.loads(run("members", "TEST", "--on", "2005-01-01", "--kb", str(mine), "--json").stdout)
    assert [r["state"] for r in rows] == ["DEU", "FRA"]
    answer = json.loads(
        run("obligations", "--victim", "DEU", "--on", "2005-01-01", "--kb", str(mine), "--json").stdout
    )
    assert any(o["treaty"] == "TEST" and o["state"] == "FRA" for o in answer["obligations"])
    clash = tmp_path / "clash.yaml"
    clash.write_text(mine.read_text().replace("id: TEST", "id: NATO"))
    result = run("treaties", "--kb", str(clash))
    assert (
        result.exit_code == 1 and "duplicate treaty id, also in the bundled knowledge base" in result.stderr
    )
