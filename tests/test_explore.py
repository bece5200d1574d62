"""The evidence explorer (`python -m dataset explore`, `docs/explorer.html`): what the page holds, that the CLI
refuses invalid packages, `--serve` on loopback, and — in headless Chromium — that every span is drawn, rows
and spans link both ways, filters narrow the list, nothing is fetched and no record can inject markup.

`UPDATE_SCREENSHOTS=1 python -m pytest tests/test_explore.py` rewrites docs/explorer.png from the page."""

from __future__ import annotations

import json
import os
import re
import signal
import subprocess
import sys
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

try:
    import corrupt
    import explore_browser
except ImportError:  # pytest run with --import-mode=importlib
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    import corrupt
    import explore_browser

from dataset.__main__ import main
from dataset.explore import EXPLORER_PATH, explorer_html
from dataset.explore.page import conflicting_claims, script_json, victim_group
from dataset.schema.tables import TABLES

SCREENSHOT = "docs/explorer.png"
DISPUTED = "jilani-axis-of-security-and-military-cooperation"
PLANTED = '<script>window.__planted = 1</script><img src="x" onerror="window.__planted = 2">'


def _blank(table: str, **values: Any) -> dict[str, Any]:
    return {**{f.name: None for f in TABLES[table].fields}, **values}


def evidence_of(rows: dict[str, list[dict]], column: str, key: str) -> set[str]:
    return {e["evidence_id"] for e in rows["evidence"] if e[column] == key}


# --- the page as bytes -----------------------------------------------------------------------------------------

@given(st.text())
def test_script_json_escapes_everything_that_could_end_the_element(text: str):
    encoded = script_json({"text": text, "list": [text]})
    assert not set(encoded) & {"<", ">", "&", "\u2028", "\u2029"}
    assert json.loads(encoded) == {"text": text, "list": [text]}


def test_conflicting_claims_are_different_figures_for_the_same_victims_from_another_claimant(rows):
    assert conflicting_claims(rows["casualties"]) == {c["casualty_id"]: [] for c in rows["casualties"]}
    base = next(c for c in rows["casualties"] if c["casualty_id"] == "police-station-attack-officers-killed")
    other = {**base, "casualty_id": "other", "claimed_by_actor_id": "government-of-iran", "count_best": 12,
             "count_high": 12}
    same_claimant = {**other, "casualty_id": "same", "claimed_by_actor_id": base["claimed_by_actor_id"]}
    agreeing = {**base, "casualty_id": "agreeing", "claimed_by_actor_id": "iran"}
    other_victims = {**other, "casualty_id": "elsewhere", "victim_actor_id": None}
    found = conflicting_claims([base, other, same_claimant, agreeing, other_victims])
    # "same" contradicts only another claimant ("agreeing"): its own claimant's 11 is a revision, not a conflict
    assert found == {base["casualty_id"]: ["other"], "other": ["agreeing", base["casualty_id"]],
                     "same": ["agreeing"], "agreeing": ["other", "same"], "elsewhere": []}


def claims(incident: str, claimant: str, *figures: tuple[str, int]) -> list[dict[str, Any]]:
    """One claimant's casualty rows for one incident: (victim description, count) each, all killed."""
    return [_blank("casualties", casualty_id=f"{claimant}-{n}", incident_id=incident, outcome="killed",
                   count_low=count, count_best=count, count_high=count, victim_description=victims,
                   claimed_by_actor_id=claimant) for n, (victims, count) in enumerate(figures)]


AGREEING = [*claims("strike", "police", ("3 women", 3), ("4 children", 4)),
            *claims("strike", "ministry", ("three women", 3), ("4 children", 4))]


def test_claimants_who_agree_on_each_victim_group_are_not_contradicting():
    """Two claimants who both say "3 women and 4 children" (in digits or words): nothing contradicts."""
    assert conflicting_claims(AGREEING) == {c["casualty_id"]: [] for c in AGREEING}


def test_only_claims_about_the_same_victim_group_with_other_figures_contradict():
    rows = [*AGREEING, *claims("strike", "witness", ("5 women", 5), ("a child", 1)),
            *claims("strike", "army", ("No one", 0)),  # names no group: compared with every group
            *claims("other-strike", "rebels", ("3 women", 9))]  # another incident
    assert conflicting_claims(rows) == {
        "police-0": ["army-0", "witness-0"], "police-1": ["army-0", "witness-1"],
        "ministry-0": ["army-0", "witness-0"], "ministry-1": ["army-0", "witness-1"],
        "witness-0": ["army-0", "ministry-0", "police-0"], "witness-1": ["army-0", "ministry-1", "police-1"],
        "army-0": ["ministry-0", "ministry-1", "police-0", "police-1", "witness-0", "witness-1"],
        "rebels-0": []}


@pytest.mark.parametrize(("description", "group"), [
    ("3 women", "woman"), ("three women", "woman"), ("a woman", "woman"), ("4 children", "child"),
    ("11 officers", "officer"), ("two hundred and five civilians", "civilian"),
    ("Iranian nationals", "iranian national"), ("No one", ""), ("6", ""), (None, ""),
])
def test_a_victim_group_is_its_description_without_numbers_in_the_singular(description, group):
    assert victim_group(description) == group


def test_the_command_writes_exactly_the_committed_page(root: Path, tmp_path: Path, capsys):
    """One code path: the CLI, reading the package through the loader, gives the build's bytes."""
    out = tmp_path / "page.html"
    assert main(["explore", "--out", str(out)]) == 0
    assert out.read_bytes() == (root / EXPLORER_PATH).read_bytes()
    assert f"wrote {out}" in capsys.readouterr().out


def test_the_page_is_self_contained(root: Path):
    page = (root / EXPLORER_PATH).read_text(encoding="utf-8")
    assert not re.search(r"<(link|img|iframe|object|embed|base)\b", page)
    assert not re.search(r"\b(src|href)\s*=", page)
    assert "@import" not in page and "url(" not in page and "@font-face" not in page
    policy = re.search(r'http-equiv="Content-Security-Policy" content="([^"]+)"', page).group(1)
    assert "default-src 'none'" in policy and "unsafe-inline" not in policy
    assert page.count("<script") == 2 and '<script type="application/json" id="explorer-data">' in page


# --- refusing bad input ----------------------------------------------------------------------------------------

@pytest.fixture
def pkg(tmp_path: Path) -> Path:
    return corrupt.copy_package(tmp_path / "pkg")


def test_a_package_with_a_bad_span_is_refused_with_the_validators_report(pkg: Path, tmp_path: Path, capsys):
    corrupt.edit_row(pkg, "evidence", "actor-israel-01", start=1790)
    out = tmp_path / "page.html"
    assert main(["explore", str(pkg), "--out", str(out)]) == 1
    err = capsys.readouterr().err
    assert "not drawn" in err and "INVALID" in err and "actor-israel-01" in err and "[provenance]" in err
    assert not out.exists()


def test_a_package_without_its_text_is_refused(pkg: Path, tmp_path: Path, capsys):
    (pkg / corrupt.TEXT).unlink()
    out = tmp_path / "page.html"
    assert main(["explore", str(pkg / "datapackage.json"), "--out", str(out)]) == 2  # unreadable, as for validate
    err = capsys.readouterr().err
    assert "not drawn" in err and "cannot be read" in err and corrupt.TEXT in err
    assert not out.exists()


def test_no_package_at_the_path_is_misuse(tmp_path: Path, capsys):
    assert main(["explore", str(tmp_path), "--out", str(tmp_path / "page.html")]) == 2
    assert "no datapackage.json" in capsys.readouterr().err


def test_without_the_validate_extra_the_command_names_it(root: Path, tmp_path: Path):
    code = ("import sys; sys.modules['pandera'] = None\n"
            f"from dataset.__main__ import main; sys.exit(main(['explore', '--out', {str(tmp_path / 'x.html')!r}]))")
    done = subprocess.run([sys.executable, "-c", code], cwd=root, capture_output=True, text=True)
    assert done.returncode == 2
    assert "pip install 'pakistan-iran-ties-2024[validate]'" in done.stderr and "Traceback" not in done.stderr


# --- --serve ---------------------------------------------------------------------------------------------------

def test_serve_answers_on_loopback_until_interrupted(root: Path):
    server = subprocess.Popen([sys.executable, "-m", "dataset", "explore", "--serve"], cwd=root, text=True,
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    try:
        address = server.stdout.readline().strip()
        assert re.fullmatch(r"http://127\.0\.0\.1:\d+/", address), address
        page = (root / EXPLORER_PATH).read_bytes()
        for path in ("", "index.html", "explorer.html"):
            with urllib.request.urlopen(address + path, timeout=10) as response:
                assert response.status == 200 and response.read() == page
                assert response.headers["Content-Type"] == "text/html; charset=utf-8"
        with pytest.raises(urllib.error.HTTPError) as missing:
            urllib.request.urlopen(address + "data/evidence.parquet", timeout=10)
        assert missing.value.code == 404
    finally:
        server.send_signal(signal.SIGINT)
        code = server.wait(timeout=20)
        server.stdout.close()
        server.stderr.close()
    assert code == 0


# --- in the browser --------------------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    with explore_browser.chromium() as launched:
        yield launched


@pytest.fixture
def opened(browser, root: Path) -> Iterator[explore_browser.Opened]:
    page = explore_browser.open_file(browser, root / EXPLORER_PATH)
    yield page
    assert page.errors == []
    assert page.requests == [page.url], "the page made a request other than loading itself"
    page.close()


def marked(page: Any) -> set[str]:
    return set(page.eval_on_selector_all(".ev.marked", "nodes => nodes.map(n => n.dataset.ev)"))


def test_every_evidence_span_is_drawn_on_its_exact_words(opened, rows):
    page = opened.page
    # each piece wraps one segment of the text (and the pieces of shorter spans over it): its words, in order
    drawn = page.eval_on_selector_all(".ev", """nodes => {
        const text = {};
        for (const n of nodes) text[n.dataset.ev] = (text[n.dataset.ev] || "") + n.textContent;
        return text;
    }""")
    assert drawn == {e["evidence_id"]: e["text"] for e in rows["evidence"]}
    styles = page.eval_on_selector_all(".ev.first", """nodes => nodes.map(n => [n.dataset.ev,
        getComputedStyle(n).borderBottomStyle, n.getAttribute('tabindex'), n.getAttribute('aria-label')])""")
    assert len(styles) == len(rows["evidence"])
    line = {"actor_id": "dotted", "statement_id": "solid", "incident_id": "double", "casualty_id": "dashed"}
    by_id = {e["evidence_id"]: e for e in rows["evidence"]}
    for evidence_id, style, tabindex, label in styles:
        column = next(c for c in line if by_id[evidence_id][c])
        assert (style, tabindex) == (line[column], "0"), evidence_id
        assert label and by_id[evidence_id]["field"] in label
    key = page.inner_text(".legend")  # the text alternative of colour and line style
    for f in TABLES["evidence"].foreign_keys:
        if f.references != "sources":
            spans = sum(1 for e in rows["evidence"] if e[f.name])
            assert f"{TABLES[f.references].title} ({spans} spans, {line[f.name]} line)" in key


def test_clicking_a_statement_marks_exactly_its_spans(opened, rows):
    page = opened.page
    for statement in ("cabinet-decides-to-restore-ties-with-iran", DISPUTED):
        page.click(f".row[data-key='{statement}']")
        assert marked(page) == evidence_of(rows, "statement_id", statement)
        assert page.get_attribute(f".row[data-key='{statement}']", "aria-pressed") == "true"
    assert page.locator(".row[aria-pressed=true]").count() == 1
    page.keyboard.press("Escape")
    page.focus(".row[data-key='police-station-attack-officers-killed']")
    page.keyboard.press("Enter")
    assert marked(page) == evidence_of(rows, "casualty_id", "police-station-attack-officers-killed")
    # the claim's words are near the end of the article: the texts scrolled to them
    top, bottom = page.eval_on_selector("[data-ev='casualty-police-station-attack-officers-killed-01']",
                                        "n => [n.getBoundingClientRect().top, n.getBoundingClientRect().bottom]")
    assert page.eval_on_selector(".texts", "n => n.scrollTop") > 0
    assert top >= 0 and bottom <= explore_browser.VIEWPORT["height"]


def _shown(page: Any) -> set[str]:
    return set(page.eval_on_selector_all(".rows li:not([hidden])", "nodes => nodes.map(n => n.dataset.key)"))


def test_the_filters_narrow_the_list(opened, rows):
    page = opened.page
    supported = {f.references: f.name for f in TABLES["evidence"].foreign_keys if f.references != "sources"}
    everything = {r[TABLES[t].primary_key] for t in supported for r in rows[t]}
    assert _shown(page) == everything
    assert page.inner_text("#row-count") == f"{len(everything)} of {len(everything)} rows shown"

    page.select_option("#filter-actor", "rahim-hayat-qureshi")
    expected = {"rahim-hayat-qureshi"} | {r[TABLES[t].primary_key] for t in supported for r in rows[t]
                                          for f in TABLES[t].foreign_keys
                                          if f.references == "actors" and r[f.name] == "rahim-hayat-qureshi"}
    assert _shown(page) == expected and {"qureshi-refrain-from-escalating-tensions"} < expected

    page.select_option("#filter-actor", "")
    page.select_option("#filter-table", "incidents")
    assert _shown(page) == {r["incident_id"] for r in rows["incidents"]}

    page.select_option("#filter-table", "statements")
    page.fill("#filter-from", "2024-01-18")
    page.fill("#filter-to", "2024-01-18")
    day = {r["statement_id"] for r in rows["statements"]
           if str(r["date_start"]) <= "2024-01-18" <= str(r["date_end"])}
    assert _shown(page) == day and len(day) < len(rows["statements"])
    assert page.inner_text("#row-count") == f"{len(day)} of {len(everything)} rows shown"
    page.click("#filter-reset")
    from playwright.sync_api import expect  # a locator waits without evaluating a string in the page (CSP)

    expect(page.locator(".rows li[hidden]")).to_have_count(0)


def test_hovering_and_focusing_a_span_shows_its_rows(opened, rows):
    page = opened.page
    page.hover("[data-ev='casualty-police-station-attack-officers-killed-01']")
    card = page.locator("#card")
    assert card.is_visible()
    text = card.inner_text()
    assert "killed" in text and "Tehran Times" in text and "claims for this incident, side by side" in text
    assert card.locator("table.claims th[scope=col]").count() == sum(
        1 for c in rows["casualties"] if c["incident_id"] == "jaish-ul-adl-attacks-police-station-in-iran")

    page.focus(f"[data-ev='statement-{DISPUTED}-01']")
    first = card.locator(f"section.record[data-record='statements:{DISPUTED}']")
    assert first.is_visible()
    text = first.inner_text()
    for words in ("Jalil Abbas Jilani", "Iran", "CAMEO 0312", "PLOVER AGREE", "2024-01-19", "speaker disputed"):
        assert words in text, words
    page.keyboard.press("Enter")
    assert marked(page) == evidence_of(rows, "statement_id", DISPUTED)
    assert page.get_attribute(f".row[data-key='{DISPUTED}']", "aria-pressed") == "true"
    page.keyboard.press("Escape")
    assert not card.is_visible()


def test_the_keyboard_reaches_spans_and_rows_with_a_visible_focus(opened, rows):
    page = opened.page
    page.keyboard.press("Tab")
    focused = page.evaluate("""() => { const n = document.activeElement;
        return [n.classList.contains('ev') && n.classList.contains('first'), n.dataset.ev || null,
                getComputedStyle(n).outlineStyle, n.getAttribute('role')]; }""")
    assert focused[0] and focused[2] == "solid" and focused[3] == "button", focused
    assert page.locator("#card").is_visible()
    page.keyboard.press(" ")
    evidence = next(e for e in rows["evidence"] if e["evidence_id"] == focused[1])
    column = next(f.name for f in TABLES["evidence"].foreign_keys if f.references != "sources" and evidence[f.name])
    assert marked(page) == evidence_of(rows, column, evidence[column])
    page.keyboard.press("Escape")
    assert not page.locator("#card").is_visible()
    page.focus(".row[data-key='iran-strikes-jaish-ul-adl-in-balochistan']")
    page.keyboard.press(" ")
    assert marked(page) == evidence_of(rows, "incident_id", "iran-strikes-jaish-ul-adl-in-balochistan")
    assert page.evaluate("getComputedStyle(document.activeElement).outlineStyle") == "solid"


def test_the_page_prints_the_texts_and_rows_without_the_controls(opened):
    page = opened.page
    page.emulate_media(media="print")
    assert not page.locator(".filters").is_visible() and not page.locator("#card").is_visible()
    assert page.locator(".rows li").first.is_visible()
    assert page.eval_on_selector(".ev.t-incidents", "n => getComputedStyle(n).borderBottomStyle") == "double"
    assert page.pdf(format="A4").startswith(b"%PDF")


def test_disputed_speakers_are_marked_on_the_text_and_in_the_list(opened, rows):
    page = opened.page
    disputed = {r["statement_id"] for r in rows["statements"] if r["speaker_disputed"]}
    flagged = set(page.eval_on_selector_all(".row:has(.badge.disputed)", "nodes => nodes.map(n => n.dataset.key)"))
    assert flagged == disputed
    flag = page.eval_on_selector(f".ev.disputed.last[data-ev^='statement-{DISPUTED}']",
                                 "n => getComputedStyle(n, '::after').content")
    assert flag == '"⚑"'


@pytest.fixture(scope="module")
def scratch(browser, tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Path, explore_browser.Opened]]:
    """One page in one browser context for many made-up packages: rewrite the file, then reload."""
    file = tmp_path_factory.mktemp("made-up") / "made-up.html"
    file.write_text('<!DOCTYPE html><body data-ready="true"><p>placeholder</p></body>', encoding="utf-8")
    opened = explore_browser.open_file(browser, file)
    yield file, opened
    opened.close()


@settings(max_examples=12, deadline=None)
@given(data=st.data())
def test_spans_are_cut_by_code_points_and_may_overlap_in_any_way(scratch, data):
    """A made-up package (not validated: the page builder is a pure function) whose text holds characters
    outside the Basic Multilingual Plane, markup and newlines, with spans nested, crossing and identical: each
    span is drawn on exactly its code points."""
    text = data.draw(st.text(st.sampled_from(["a", " ", "\n", "😀", "é", "<", "&", "\U0001d11e", "b"]),
                             min_size=1, max_size=40))
    bounds = st.integers(0, len(text))
    spans = data.draw(st.lists(st.tuples(bounds, bounds).map(sorted).filter(lambda ab: ab[0] < ab[1]),
                               min_size=1, max_size=8))
    rows = {name: [] for name in TABLES}
    rows["sources"] = [_blank("sources", source_id="s", title="made up", publisher="p", text_path="t.txt",
                              text_start=0, text_end=len(text))]
    rows["actors"] = [_blank("actors", actor_id="a", name="A", actor_type="person", aliases=[])]
    rows["evidence"] = [_blank("evidence", evidence_id=f"e{k}", source_id="s", start=a, end=b, text=text[a:b],
                               field="reference", actor_id="a") for k, (a, b) in enumerate(spans)]
    file, opened = scratch
    file.write_bytes(explorer_html({"name": "made-up", "title": "t", "version": "0"}, rows, {"t.txt": text}))
    opened.page.reload()
    opened.page.wait_for_selector("body[data-ready=true] .texts", timeout=10_000)
    drawn = opened.page.eval_on_selector_all(".ev", """nodes => {
        const text = {};
        for (const n of nodes) text[n.dataset.ev] = (text[n.dataset.ev] || "") + n.textContent;
        return text;
    }""")
    assert drawn == {e["evidence_id"]: e["text"] for e in rows["evidence"]}
    assert opened.page.eval_on_selector(".text", "n => n.textContent") == text
    assert opened.errors == [] and set(opened.requests) == {opened.url}


def test_the_page_flags_only_the_claims_that_differ(scratch):
    """Two claimants who agree on "3 women and 4 children" carry no ⚑; a third who says 5 women flags the women
    rows only (a made-up package, not validated)."""
    text = "Police said 3 women and 4 children died. A witness said 5 women and 4 children died.\n"
    rows = {name: [] for name in TABLES}
    rows["sources"] = [_blank("sources", source_id="s", title="made up", publisher="p", text_path="t.txt",
                              text_start=0, text_end=len(text))]
    rows["incidents"] = [_blank("incidents", incident_id="strike", source_id="s", description="A strike.")]
    rows["casualties"] = [*AGREEING, *claims("strike", "witness", ("5 women", 5), ("4 children", 4))]
    rows["evidence"] = [_blank("evidence", evidence_id=f"e-{c['casualty_id']}", source_id="s", start=12, end=38,
                               text=text[12:38], field="count", casualty_id=c["casualty_id"])
                        for c in rows["casualties"]]
    file, opened = scratch
    file.write_bytes(explorer_html({"name": "made-up", "title": "t", "version": "0"}, rows, {"t.txt": text}))
    opened.page.reload()
    opened.page.wait_for_selector("body[data-ready=true] .texts", timeout=10_000)
    flagged = opened.page.eval_on_selector_all(".row:has(.badge.conflict)", "ns => ns.map(n => n.dataset.key)")
    assert sorted(flagged) == ["ministry-0", "police-0", "witness-0"]
    assert opened.errors == []


def test_the_screenshot_in_the_readme_is_the_page(opened, root: Path):
    """docs/explorer.png: the page with the disputed statement chosen. Compared by pixels with a small
    tolerance (fonts and anti-aliasing may vary a little between machines); UPDATE_SCREENSHOTS=1 rewrites it."""
    page = opened.page
    page.click(f".row[data-key='{DISPUTED}']")
    page.mouse.move(0, 0)
    shot = page.screenshot(animations="disabled", caret="hide")
    committed = root / SCREENSHOT
    if os.environ.get("UPDATE_SCREENSHOTS") == "1":
        committed.write_bytes(shot)
    assert committed.is_file(), f"{SCREENSHOT} is missing: run UPDATE_SCREENSHOTS=1 python -m pytest {__file__}"
    share = explore_browser.difference(committed.read_bytes(), shot)
    assert share is not None and share < 0.01, (
        f"{SCREENSHOT} differs from the page ({share!r} of pixels): look at the page, then rewrite it with "
        f"UPDATE_SCREENSHOTS=1 python -m pytest {Path(__file__).name}")


def test_planted_markup_is_shown_as_text_and_never_runs(browser, pkg: Path, tmp_path: Path, rows):
    """A copy whose source title and statement note hold markup and script, and which has a casualty claim
    that contradicts another: it validates, is drawn, shows the markup as text and marks the contradiction."""
    source = rows["sources"][0]["source_id"]
    corrupt.edit_row(pkg, "sources", source, title=PLANTED)
    corrupt.edit_row(pkg, "statements", DISPUTED, note=PLANTED)
    killed = next(c for c in rows["casualties"] if c["casualty_id"] == "police-station-attack-officers-killed")
    rival = {**killed, "casualty_id": "police-station-attack-officers-killed-rival", "count_low": 6,
             "count_best": 6, "count_high": 6, "claimed_by_actor_id": "government-of-iran"}
    corrupt.edit_rows(pkg, "casualties", lambda rs: [*rs, rival])
    evidence = next(e for e in rows["evidence"] if e["casualty_id"] == killed["casualty_id"])
    six = next(e for e in rows["evidence"] if e["casualty_id"] == "police-station-attack-officers-injured")
    # its victims are the words of the claim it contradicts, its count a 6 the text prints (count_in_evidence)
    corrupt.edit_rows(pkg, "evidence", lambda es: [*es, {**evidence, "evidence_id": "casualty-rival-01",
                                                         "casualty_id": rival["casualty_id"],
                                                         "field": "victim_description"},
                                                   {**six, "evidence_id": "casualty-rival-02",
                                                    "casualty_id": rival["casualty_id"]}])
    out = tmp_path / "planted.html"
    assert main(["explore", str(pkg), "--out", str(out)]) == 0
    assert "<script>window" not in out.read_text(encoding="utf-8")

    opened = explore_browser.open_file(browser, out)
    try:
        page = opened.page
        assert page.evaluate("window.__planted") is None
        assert page.evaluate("document.scripts.length") == 2 and page.locator("img").count() == 0
        assert page.inner_text(f"#title-{source}") == PLANTED
        page.focus(f"[data-ev='statement-{DISPUTED}-01']")
        assert PLANTED in page.inner_text(f"#card section[data-record='statements:{DISPUTED}']")
        conflicted = set(page.eval_on_selector_all(".row:has(.badge.conflict)", "ns => ns.map(n => n.dataset.key)"))
        assert conflicted == {killed["casualty_id"], rival["casualty_id"]}
        page.hover("[data-ev='casualty-rival-01']")  # the same words as the claim it contradicts: both shown
        for claim in (killed["casualty_id"], rival["casualty_id"]):
            claims = page.locator(f"#card section[data-record='casualties:{claim}'] table.claims")
            assert claims.locator("td.conflict .flag").count() == 2 and claims.locator("td.current").count() == 4
        assert page.evaluate("window.__planted") is None
        assert opened.errors == [] and opened.requests == [opened.url]
    finally:
        opened.close()
