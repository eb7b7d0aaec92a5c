"""Each page's main path in a real browser (Debian's Chromium): the query, the answer, the figure
drawn; a bad input shown as a message; an experiment started, watched, stopped, resumed and
downloaded into pandas. Screenshots go to docs/screenshots (linked from the README)."""

from __future__ import annotations

import json
import re
import subprocess
import sys

import pytest

from tests.browser.conftest import shot

pytestmark = pytest.mark.browser


def test_alliances_page_shows_members_timeline_and_network_on_a_date(page):
    page.goto(page.base + "/#/alliances?treaty=CSTO&on=2016-09-01")
    page.wait_for_selector("#network svg .node")
    members = page.locator("h3[data-status=member] + table")
    assert members.locator("tbody tr").count() == 6
    assert "ARM" in members.inner_text()
    observers = page.locator("h3[data-status=observer] + table").inner_text()
    assert "AFG" in observers and "Parliamentary Assembly" in observers  # the body it observes
    assert "UZB" in page.locator("h3[data-status=suspended] + table").inner_text()
    assert {page.locator("#network .node").nth(i).get_attribute("data-state") for i in range(9)} >= {
        "RUS",
        "ARM",
    }
    # hovering a phase tells its status, dates, confidence and sources
    page.locator("#timeline rect.phase").first.hover()
    assert re.search(r"confidence \w+; sources C\d+", page.inner_text("#detail"))
    # the slider moves the date over the treaty's life: in 2010 Uzbekistan was a member again
    page.eval_on_selector(
        "input[name=day]", "(s) => { s.value = 2650; s.dispatchEvent(new Event('input')); }"
    )
    page.wait_for_function("document.querySelector('input[name=on]').value.startsWith('2010')")
    cells = "[...document.querySelectorAll('h3[data-status=member] + table td')]"
    page.wait_for_function(f"{cells}.some(td => td.textContent === 'UZB')")
    assert "#/alliances?treaty=CSTO&on=2010" in page.url
    shot(page, "alliances")


def test_who_must_help_answers_with_articles_invocations_and_the_same_cli_command(page):
    page.goto(page.base + "/#/help")
    page.fill("input[name=victim]", "USA")
    page.fill("input[name=on]", "2001-09-12")
    page.click("button[type=submit]")
    page.wait_for_selector("#cli")
    rows = page.locator("#answer table").first.locator("tbody tr")
    must = {r.split("\t")[0] for r in rows.all_inner_texts() if "\tNATO\tArt. 5\tmust" in r}
    assert {"GBR", "FRA", "DEU", "CAN"} <= must
    assert "North Atlantic Council" in page.inner_text("#answer")  # the invocation recorded that day
    command = page.inner_text("#cli")
    assert command == "foedus obligations --victim USA --on 2001-09-12"
    # the command the page shows gives the same answer on the command line
    cli = subprocess.run([sys.executable, "-m", "foedus", *command.split()[1:], "--json"],
                         capture_output=True, text=True, check=True)  # fmt: skip
    answer = json.loads(cli.stdout)
    assert {
        o["state"] for o in answer["obligations"] if o["treaty"] == "NATO" and o["obliged"] is True
    } == must
    shot(page, "who-must-help")


def test_bad_input_is_a_message_in_the_page(page):
    page.goto(page.base + "/#/help?victim=Atlantis&on=2016-09-01")
    assert "Atlantis" in page.locator("#answer [role=alert]").inner_text()
    page.fill("input[name=victim]", "ARM")
    page.fill("input[name=on]", "2016-13-01")
    page.click("button[type=submit]")
    page.wait_for_selector("#answer [role=alert]:has-text('month 13')")
    assert "Traceback" not in page.inner_text("#answer")


def test_simulate_draws_the_map_over_time_and_the_war_size_fit(page):
    page.goto(page.base + "/#/simulate?model=geosim&seed=3&params=" + '{"duration":3000}')
    page.wait_for_selector("#params input[name=nx]")
    page.click("#run")
    page.wait_for_selector("#war-sizes svg .points circle")
    assert page.locator("#war-sizes svg path.line").count() == 1  # the fitted line
    assert "slope" in page.inner_text("#war-sizes")
    page.eval_on_selector("#scrubber", "(s) => { s.value = 0; s.dispatchEvent(new Event('input')); }")
    assert page.inner_text("#frame-label") == "t = 0 (200 states)"
    page.eval_on_selector("#scrubber", "(s) => { s.value = s.max; s.dispatchEvent(new Event('input')); }")
    assert page.inner_text("#frame-label").startswith("t = 3500 (")
    shot(page, "simulate", "#result")


def test_simulate_an_alliance_run_shows_who_honoured_and_who_abandoned(page):
    page.goto(page.base + '/#/simulate?model=geosim&seed=5&params={"duration":3000,"alliance_setup":"bloc"}')
    page.wait_for_selector("#params input[name=nx]")
    page.click("#run")
    page.wait_for_selector("#honoured svg rect.bar")
    assert re.search(r"honoured its duty \d+, abandoned it \d+", page.inner_text("#result"))


def test_simulate_rejects_a_parameter_out_of_range_with_its_name(page):
    page.goto(page.base + "/#/simulate?model=earth")
    page.wait_for_selector("#params input[name=rows]")
    page.fill("#params input[name=rows]", "1")
    page.click("#run")
    message = page.locator("#result [role=alert]").inner_text()
    assert "rows" in message and "Traceback" not in message


def test_simulate_earth_draws_its_hexagonal_map(page):
    page.goto(page.base + "/#/simulate?model=earth&seed=2")
    page.wait_for_selector("#params input[name=rows]")
    page.click("#run")
    page.wait_for_selector("canvas#map")
    assert page.eval_on_selector("canvas#map", "(c) => c.width") > 100


def test_an_experiment_is_started_watched_stopped_resumed_and_downloaded(page, tmp_path):
    import pandas as pd

    page.goto(page.base + "/#/experiments")
    page.fill("input[name=name]", "browser-test")
    page.fill("input[name=params]", '{"iterations": 2000}')
    page.fill("input[name=values]", "0, 0.5")
    page.fill("input[name=replications]", "400")
    page.click("#start")
    # progress is pushed while it runs: some runs done, a rate and time left
    page.wait_for_selector("#progress-text[data-state=running]:has-text('runs/s')")
    page.click("#stop")
    page.wait_for_selector("#progress-text[data-state=stopped]")
    stopped = int(re.search(r"(\d+) of 800", page.inner_text("#progress-text")).group(1))
    assert 0 < stopped < 800
    page.click("#resume")
    page.wait_for_selector("#progress-text[data-state=done]", timeout=240_000)
    assert "800 of 800" in page.inner_text("#progress-text")
    page.wait_for_selector("#estimates svg rect.bar")
    assert "share_collective_security=0.5" in page.inner_text("#results")
    shot(page, "experiments")
    for fmt, read in (("csv", pd.read_csv), ("parquet", pd.read_parquet)):
        with page.expect_download() as download:
            page.click(f"a[data-table=runs][data-format={fmt}]")
        path = tmp_path / f"runs.{fmt}"
        download.value.save_as(path)
        runs = read(path)
        assert len(runs) == 800 and runs["run_id"].is_unique  # no run lost or run twice
    with page.expect_download() as download:
        page.click("a[data-table=summaries][data-format=csv]")
    download.value.save_as(tmp_path / "summaries.csv")
    assert set(pd.read_csv(tmp_path / "summaries.csv")["measure"]) >= {"states_final"}


def test_an_experiment_that_is_too_large_is_refused_in_the_page(page):
    page.goto(page.base + "/#/experiments")
    page.fill("input[name=name]", "too-large")
    page.fill("input[name=replications]", "5000")
    page.click("#start")
    assert "above this server's limit" in page.locator("#watch [role=alert]").inner_text()


def test_scenarios_page_runs_the_catalogue_and_draws_survival_with_intervals(page):
    page.goto(page.base + "/#/scenarios")
    page.select_option("select[name=scenario]", "armenia-2024")
    page.fill("input[name=replications]", "20")
    page.click("#run")
    page.wait_for_selector(".survival svg path.interval")
    assert "frozen_excluded" in page.inner_text("#result")
    assert page.locator("#world svg .node").count() >= 5
    assert "thought experiment" in page.inner_text(".caveat")
    shot(page, "scenarios")
    page.fill("input[name=replications]", "100000")
    page.click("#run")
    assert "replications" in page.locator("#result [role=alert]").inner_text()
