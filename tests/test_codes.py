"""The code lists against the published standards, and the rules that read them (CAMEO → PLOVER type, PLOVER
mode → type, channel platform).

The expected values below were written by hand from the published files, not computed from the package:
GDELT's `CAMEO.eventcodes.txt` / `CAMEO.goldsteinscale.txt` (copies in mpiccirilli/UNDP-BCPR-Project, commit
e009a802f0e8), the PLOVER manual draft 2.0 (openeventdata/PLOVER `PLOVER_MANUAL.tex`, commit 5e0c24fba623) and
its `CAMEO2PLOVER-2021.txt`, and acledR's `acled_event_categories` / `acled_interaction_codes` tables.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

import corrupt
import encoding_example
import polars as pl
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from dataset.__main__ import main
from dataset.schema import codes
from dataset.schema.tables import CHANNELS, PLATFORMS, TABLES
from dataset.validation import validate_package
from dataset.validation.rules import Rule, rules

# Codes per root in GDELT's CAMEO.eventcodes.txt (its 3- and 4-digit lines; the 2-digit lines are the roots).
CODES_PER_ROOT = {
    "01": 10, "02": 27, "03": 28, "04": 7, "05": 8, "06": 5, "07": 6, "08": 25, "09": 5, "10": 27,
    "11": 12, "12": 26, "13": 22, "14": 26, "15": 5, "16": 13, "17": 12, "18": 13, "19": 7, "20": 7,
}  # fmt: skip

# (code, name, Goldstein) as GDELT's two lookup files print them (trailing spaces dropped), several per root.
SPOT_VALUES = [
    ("010", "Make statement, not specified below", 0.0), ("012", "Make pessimistic comment", -0.4),
    ("015", "Acknowledge or claim responsibility", 0.0), ("016", "Deny responsibility", -2.0),
    ("020", "Appeal, not specified below", 3.0), ("0211", "Appeal for economic cooperation", 3.4),
    ("0214", "Appeal for intelligence", 3.4),
    ("030", "Express intent to cooperate, not specified below", 4.0),
    ("0311", "Express intent to cooperate economically", 5.2),
    ("0356", "Express intent to de-escalate military engagement", 7.0),
    ("040", "Consult, not specified below", 1.0), ("042", "Make a visit", 1.9), ("045", "Mediate", 5.0),
    ("050", "Engage in diplomatic cooperation, not specified below", 3.5), ("052", "Defend verbally", 3.5),
    ("055", "Apologize", 7.0), ("057", "Sign formal agreement", 8.0),
    ("060", "Engage in material cooperation, not specified below", 6.0), ("062", "Cooperate militarily", 7.4),
    ("070", "Provide aid, not specified below", 7.0), ("072", "Provide military aid", 8.3),
    ("075", "Grant asylum", 7.0),
    ("080", "Yield, not specified below", 5.0), ("0811", "Ease restrictions on political freedoms", 5.0),
    ("0814", "Ease state of emergency or martial law", 5.0),
    ("090", "Investigate, not specified below", -2.0), ("092", "Investigate human rights abuses", -2.0),
    ("100", "Demand, not specified below", -5.0), ("1011", "Demand economic cooperation", -5.0),
    ("1014", "Demand intelligence cooperation", -5.0),
    ("110", "Disapprove, not specified below", -2.0), ("111", "Criticize or denounce", -2.0),
    ("1123", "Accuse of aggression", -2.0),
    ("120", "Reject, not specified below", -4.0), ("1211", "Reject economic cooperation", -4.0),
    ("1221", "Reject request for economic aid", -4.0),
    ("130", "Threaten, not specified below", -4.4), ("1311", "Threaten to reduce or stop aid", -5.8),
    ("132", "Threaten with administrative sanctions, not specified below", -5.8),
    ("140", "Engage in political dissent, not specified below", -6.5),
    ("1411", "Demonstrate for leadership change", -6.5),
    ("1414", "Demonstrate for change in institutions, regime", -6.5),
    ("150", "Demonstrate military or police power, not specified below", -7.2),
    ("152", "Increase military alert status", -7.2),
    ("160", "Reduce relations, not specified below", -4.0), ("162", "Reduce or stop aid, not specified below", -5.6),
    ("1623", "Reduce or stop humanitarian assistance", -5.6),
    ("170", "Coerce, not specified below", -7.0), ("1711", "Confiscate property", -9.2),
    ("1721", "Impose restrictions on political freedoms", -5.0),
    ("180", "Use unconventional violence, not specified below", -9.0),
    ("182", "Physically assault, not specified below", -9.5), ("1823", "Kill by physical assault", -10.0),
    ("186", "Assassinate", -10.0),
    ("190", "Use conventional military force, not specified below", -10.0), ("192", "Occupy territory", -9.5),
    ("195", "Employ aerial weapons", -10.0),
    ("200", "Use unconventional mass violence, not specified below", -10.0),
    ("202", "Engage in mass killings", -10.0),
    ("2041", "Use chemical, biological, or radiologicalweapons", -10.0),
]  # fmt: skip

# The manual's table "PLOVER equivalents to CAMEO cue categories" (root 08 split at 084; root 20 "FIGHT" is no
# PLOVER 2.0 type).
MANUAL_ROOT_TYPES = {
    "03": "AGREE", "04": "CONSULT", "05": "SUPPORT", "06": "COOPERATE", "07": "AID", "09": "ACCUSE", "10": "REQUEST",
    "11": "ACCUSE", "12": "REJECT", "13": "THREATEN", "14": "PROTEST", "15": "MOBILIZE", "16": "SANCTION",
    "17": "COERCE", "18": "ASSAULT", "19": "ASSAULT",
}  # fmt: skip

# CAMEO code → PLOVER type(s): first the CAMEO2PLOVER-2021.txt type, then the manual's cue-category type where
# it differs; () where the manual drops the root (01, 02). Every code whose 2021 type is not its root's is here.
PLOVER_SPOTS = {
    "010": (), "015": (), "020": (), "0256": (),
    "030": ("AGREE",), "0356": ("AGREE",), "041": ("CONSULT",), "044": ("CONSULT",), "051": ("SUPPORT",),
    "064": ("COOPERATE",), "075": ("AID",), "080": ("CONCEDE",), "0831": ("CONCEDE",), "0871": ("RETREAT",),
    "0813": ("RETREAT", "CONCEDE"), "094": ("ACCUSE",), "1056": ("REQUEST",), "111": ("ACCUSE",),
    "1125": ("ACCUSE",), "129": ("REJECT",), "1385": ("THREATEN",), "1444": ("PROTEST",), "154": ("MOBILIZE",),
    "161": ("SANCTION",), "163": ("COERCE", "SANCTION"), "173": ("COERCE",), "1712": ("ASSAULT", "COERCE"),
    "186": ("ASSAULT",), "191": ("COERCE", "ASSAULT"), "195": ("ASSAULT",), "2042": ("ASSAULT",),
    "0814": ("RETREAT", "CONCEDE"), "175": ("ASSAULT", "COERCE"), "192": ("COERCE", "ASSAULT"), "200": ("ASSAULT",),
    "201": ("ASSAULT",), "202": ("ASSAULT",), "203": ("ASSAULT",), "204": ("ASSAULT",), "2041": ("ASSAULT",),
}  # fmt: skip

QUICK = settings(max_examples=60, deadline=None, database=None, suppress_health_check=[HealthCheck.too_slow])


def test_every_cameo_code_of_the_published_file_per_root():
    roots: dict[str, int] = {}
    for code in codes.CAMEO:
        roots[code[:2]] = roots.get(code[:2], 0) + 1
    assert roots == CODES_PER_ROOT
    assert len(codes.CAMEO) == sum(CODES_PER_ROOT.values()) == 291
    assert list(codes.CAMEO_ROOTS) == [f"{r:02d}" for r in range(1, 21)]
    assert codes.CAMEO_ROOTS["19"] == "FIGHT" and codes.CAMEO_ROOTS["20"] == "USE UNCONVENTIONAL MASS VIOLENCE"


@pytest.mark.parametrize(("code", "name", "goldstein"), SPOT_VALUES, ids=[s[0] for s in SPOT_VALUES])
def test_cameo_spot_values_match_the_published_files(code, name, goldstein):
    assert codes.CAMEO[code] == (name, goldstein)


def test_the_garbled_name_of_044_is_given_as_the_codebook_prints_it():
    assert codes.CAMEO["044"] == ("Meet at a 'third' location", 2.5)
    assert not any(ch in name for name, _ in codes.CAMEO.values() for ch in "ÒÓ")
    assert not any(name != " ".join(name.split()) for name, _ in codes.CAMEO.values())


def test_codebook_files_are_the_published_bytes():
    """The shipped lookup files are the published ones byte for byte (sha256 prefixes of the files in
    mpiccirilli/UNDP-BCPR-Project at e009a802f0e8, taken when they were copied)."""
    digests = {p.name: hashlib.sha256(p.read_bytes()).hexdigest()[:16] for p in codes.CODEBOOKS.iterdir()}
    assert digests == {"CAMEO.eventcodes.txt": "d7da9a9e20d81805", "CAMEO.goldsteinscale.txt": "22ae69794e081b8c"}
    first = (codes.CODEBOOKS / "CAMEO.goldsteinscale.txt").read_text(encoding="utf-8").splitlines()[:3]
    assert first == ["CAMEOEVENTCODE\tGOLDSTEINSCALE", "01\t0.0", "010\t0.0"]


def test_quad_class_per_root():
    expected = {**dict.fromkeys(("01", "02", "03", "04", "05"), 1), **dict.fromkeys(("06", "07", "08", "09"), 2),
                **dict.fromkeys(("10", "11", "12", "13", "14"), 3),
                **dict.fromkeys(("15", "16", "17", "18", "19", "20"), 4)}
    assert {code[:2]: codes.gdelt_quad_class(code) for code in codes.CAMEO} == expected


def test_plover_types_modes_and_contexts_of_the_manual():
    assert len(codes.PLOVER_EVENT_TYPES) == 16
    counts = {t: len(m) for t, m in codes.PLOVER_MODES_OF_TYPE.items() if m}
    assert counts == {"CONSULT": 4, "RETREAT": 6, "REQUEST": 4, "ACCUSE": 3, "REJECT": 4, "THREATEN": 6,
                      "PROTEST": 7, "SANCTION": 4, "MOBILIZE": 4, "COERCE": 10, "ASSAULT": 15}
    assert sum(counts.values()) == 67 and len(codes.PLOVER_MODES) == 59
    assert codes.PLOVER_MODES_OF_TYPE["REQUEST"] == codes.PLOVER_MODES_OF_TYPE["REJECT"]  # "shared with REJECT"
    assert len(codes.PLOVER_CONTEXTS) == 37 and {"military", "diplomatic", "illegal_drugs"} <= set(
        codes.PLOVER_CONTEXTS)
    assert codes.PLOVER_AUXILIARY_MODES == ("historical", "future", "hypothetical", "negation")


@pytest.mark.parametrize(("code", "types"), PLOVER_SPOTS.items(), ids=list(PLOVER_SPOTS))
def test_plover_types_of_cameo_follow_the_published_crosswalks(code, types):
    assert codes.PLOVER_OF_CAMEO[code] == types


def test_every_cameo_code_of_roots_03_to_20_has_a_plover_type():
    assert set(codes.PLOVER_OF_CAMEO) == set(codes.CAMEO)
    assert all(types for code, types in codes.PLOVER_OF_CAMEO.items() if code[:2] not in ("01", "02"))
    assert {t for types in codes.PLOVER_OF_CAMEO.values() for t in types} <= set(codes.PLOVER_EVENT_TYPES)


def test_acled_vocabularies_match_acledr():
    assert len(codes.ACLED_EVENT_TYPES) == 6 and len(codes.ACLED_ALL_SUB_EVENT_TYPES) == 25
    assert codes.ACLED_SUB_EVENT_TYPES["Riots"] == ("Violent demonstration", "Mob violence")
    assert codes.ACLED_SUB_EVENT_TYPES["Explosions/Remote violence"][1] == "Air/drone strike"
    assert len(codes.ACLED_INTERACTIONS) == 41 and codes.ACLED_INTERACTIONS[-2:] == (78, 80)
    assert list(codes.ACLED_INTER)[1:] == list(range(1, 9))


def test_channels_cover_how_officials_speak_and_keep_the_first_release_values():
    assert list(CHANNELS)[:6] == ["phone_call", "x", "news_agency_report", "cabinet_decision", "public_remarks",
                                  "unspecified"]
    assert {"interview", "broadcast", "press_release", "written_statement", "press_conference", "speech",
            "social_media", "letter"} <= set(CHANNELS)
    fields = {f.name: f for f in TABLES["statements"].fields}
    assert fields["channel"].enum == tuple(CHANNELS)
    assert fields["channel_platform"].enum == PLATFORMS and not fields["channel_platform"].required


# --- the rules, on frames built for them ------------------------------------------------------------------------


def _rule(name: str) -> Rule:
    return next(r for r in rules() if r.name == name)


def _fails(rule: Rule, **columns: list) -> list[bool]:
    frame = pl.DataFrame(columns, schema={c: pl.String for c in columns})
    return frame.select(rule.expression.fill_null(True).not_())[:, 0].to_list()


@QUICK
@given(code=st.sampled_from(codes.CAMEO_CODES), plover=st.sampled_from((None, *codes.PLOVER_EVENT_TYPES)))
def test_plover_type_agrees_with_cameo_exactly_when_the_crosswalk_allows(code, plover):
    allowed = _published_plover_types(code)
    agrees = plover in allowed if allowed else plover is None
    assert _fails(_rule("rules.plover-type-of-cameo"), plover_event_type=[plover], cameo_code=[code]) == [not agrees]


def _published_plover_types(code: str) -> tuple[str, ...]:
    """The test's oracle, from the hand-written tables above: a listed code's types, else its root's."""
    if code in PLOVER_SPOTS:
        return PLOVER_SPOTS[code]
    root = ("CONCEDE" if code[:3] < "084" else "RETREAT") if code[:2] == "08" else MANUAL_ROOT_TYPES.get(code[:2])
    return (root,) if root else ()


def test_111_with_agree_is_a_problem_and_with_accuse_is_not():
    rule = _rule("rules.plover-type-of-cameo")
    assert _fails(rule, plover_event_type=["AGREE", "ACCUSE", None, None, "AGREE"],
                  cameo_code=["111", "111", "111", "010", "010"]) == [True, False, True, False, True]


@QUICK
@given(plover=st.sampled_from((None, *codes.PLOVER_EVENT_TYPES)), mode=st.sampled_from((None, *codes.PLOVER_MODES)))
def test_plover_mode_must_be_one_of_its_types_modes(plover, mode):
    good = mode is None or (plover is not None and mode in codes.PLOVER_MODES_OF_TYPE[plover])
    assert _fails(_rule("rules.plover-mode-of-type"), plover_mode=[mode], plover_event_type=[plover]) == [not good]


@pytest.mark.parametrize(("channel", "platform", "fails"), [
    ("social_media", "telegram", False), ("social_media", None, False), ("x", None, False),
    ("speech", None, False), ("speech", "youtube", True), ("x", "x", True),
])
def test_platform_only_for_social_media(channel, platform, fails):
    assert _fails(_rule("rules.platform-of-social-media"), channel_platform=[platform], channel=[channel]) == [fails]


# --- the validator on the real package and on corrupted copies ----------------------------------------------------

DENOUNCES = "amir-abdollahian-denounces-zionist-regime"  # 111, ACCUSE, disapprove
CALLS = "amir-abdollahian-calls-jilani"  # 041, CONSULT, phone
STRIKE = "iran-strikes-jaish-ul-adl-in-balochistan"  # 195, ASSAULT


def test_shipped_package_validates():
    report = corrupt.validate(corrupt.ROOT)
    assert not report.problems, corrupt.show(report.problems)


@pytest.mark.parametrize(("table", "key", "changes", "rule", "message"), [
    ("statements", DENOUNCES, {"plover_event_type": "AGREE", "plover_mode": None}, "rules.plover-type-of-cameo",
     "plover_event_type AGREE does not agree with cameo_code 111: expected ACCUSE"),
    ("statements", CALLS, {"plover_mode": "allege"}, "rules.plover-mode-of-type",
     "plover_mode allege is not a mode of plover_event_type CONSULT: its modes are visit, third-party, "
     "multilateral, phone"),
    ("statements", CALLS, {"channel_platform": "telegram"}, "rules.platform-of-social-media", "channel_platform"),
    ("incidents", STRIKE, {"plover_event_type": "PROTEST"}, "rules.plover-type-of-cameo",
     "plover_event_type PROTEST does not agree with cameo_code 195: expected ASSAULT"),
])
@pytest.mark.parametrize("in_memory", [True, False], ids=["in-memory", "out-of-core"])
def test_a_contradicting_code_is_reported_with_both_codes(tmp_path: Path, table, key, changes, rule, message,
                                                          in_memory):
    pkg = corrupt.copy_package(tmp_path / "pkg")
    corrupt.edit_row(pkg, table, key, **changes)
    report = validate_package(pkg, frictionless=False, in_memory=in_memory)
    found = corrupt.find(report.problems, layer="rules", table=table, rule=rule)
    assert [p.row for p in found] == [key], corrupt.show(found)
    assert message in found[0].message


# --- authoring: the records file refuses the same mistakes, naming its file and line ------------------------------

ARTICLE = "data/records/gazette-border.yaml"


@pytest.fixture
def authored(tmp_path: Path) -> Path:
    """A package folder started by `init` and encoded with the tests' example article (not yet built)."""
    text = tmp_path / "article.txt"
    text.write_text(encoding_example.TEXT, encoding="utf-8")
    folder = tmp_path / "pkg"
    assert main(["init", str(folder), "--text", str(text), "--publisher", "Test Gazette", "--source-id",
                 "gazette-border", "--title", "Minister says border crossing will reopen", "--published",
                 "2024-03-05"]) == 0
    encoding_example.encode(folder / ARTICLE)
    return folder


def _edit(folder: Path, old: str, new: str) -> str:
    path = folder / ARTICLE
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return str(path)


def test_a_social_media_statement_with_its_platform_builds(authored, capsys):
    _edit(authored, "channel: public_remarks", "channel: social_media\n    channel_platform: telegram")
    assert main(["build", str(authored)]) == 0, capsys.readouterr().err
    assert not validate_package(authored).problems


@pytest.mark.parametrize(("old", "new", "rule"), [
    ("channel: public_remarks", "channel: speech\n    channel_platform: youtube", "rules.platform-of-social-media"),
    ("plover_event_type: ASSAULT", "plover_event_type: AGREE", "rules.plover-type-of-cameo"),
    ("plover_event_type: ASSAULT", "plover_event_type: ASSAULT\n    plover_mode: phone", "rules.plover-mode-of-type"),
    ('cameo_code: "010"', 'cameo_code: "010"\n    plover_event_type: SUPPORT', "rules.plover-type-of-cameo"),
])
def test_records_with_contradicting_codes_do_not_build(authored, capsys, old, new, rule):
    path = _edit(authored, old, new)
    assert main(["build", str(authored)]) == 1
    err = capsys.readouterr().err
    assert any(f"{path}:" in line and rule in line for line in err.splitlines()), err
    assert "Traceback" not in err and not (authored / "datapackage.json").exists()
