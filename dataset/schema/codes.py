"""Code lists of the published event-coding standards, each defined once here (or in the codebook file it
loads) and cited. They feed the field definitions (enums) and the cross-column rules (CAMEO → Goldstein, quad
class and PLOVER event type; ACLED sub-event → event type; PLOVER mode → event type).

Sources, all public:

- **CAMEO** event codes: the CAMEO 1.1b3 codebook (Schrodt, P. A. 2012, *CAMEO Conflict and Mediation Event
  Observations Event and Actor Codebook*, version 1.1b3, Penn State), as GDELT publishes its codes, names and
  Goldstein scores in the lookup files `CAMEO.eventcodes.txt` and `CAMEO.goldsteinscale.txt`
  (gdeltproject.org/data/lookups/). The copies in `dataset/schema/codebooks/` are, byte for byte, the copies of those
  files in the public repository mpiccirilli/UNDP-BCPR-Project (commit e009a802f0e8, paths `CAMEO.eventcodes.txt`,
  `CAMEO.goldsteinscale.txt`): 20 cue categories (roots 01–20) and 291 event codes. Names are read with their
  runs of white space collapsed and trailing spaces dropped; the one name GDELT's file prints garbled
  (`044`, "Meet at a ÒhirdÓlocation", Mac Roman quotes read as Latin-1) is given as `CAMEO2PLOVER-2021.txt`
  prints it (Schrodt's `CAMEO.SCALE.txt`, as linwoodc3/gdeltPyR carries it, has the same words in curly quotes).
  Other spelling slips of the file (`0331` "matyerial", `2041` "radiologicalweapons") are kept as published.
  Quad classes per root as the GDELT 2.0 event codebook defines them.
- **PLOVER** event types, modes per event type, contexts and auxiliary modes: the PLOVER manual, draft version 2.0
  (openeventdata/PLOVER, `PLOVER_MANUAL.tex`, commit 5e0c24fba623, tables "… modes", "General contexts" and
  section "Auxiliary modes"; modes commented out in the manual's tables are not included).
- **CAMEO → PLOVER**: the manual's table "PLOVER equivalents to CAMEO cue categories" (same commit, chapter
  "CAMEO vs. PLOVER") and the code-level conversion table `CAMEO2PLOVER-2021.txt` of the same repository (Schrodt,
  17 September 2021). See `PLOVER_OF_CAMEO` and `plover_types_of_cameo`.
- **ACLED** vocabularies: the ACLED codebook as acledR exposes it (dtacled/acledR, commit 1e05ba93adf3,
  `data/acled_event_categories.rda`, `data/acled_codebook.rda`, `data/acled_interaction_codes.rda`); checked
  whole against those tables.
- **PLOVER sectors**: the manual's table "Sector Codes" (same commit). **UCDP GED** and **GDELT** QuadClass
  code lists: the UCDP GED codebook and the GDELT 2.0 event codebook (not re-checked in this change).
"""

from __future__ import annotations

from pathlib import Path

CODEBOOKS = Path(__file__).resolve().parent / "codebooks"
"""The published lookup files this module reads, shipped inside the package."""

# ACLED event_type → sub_event_type, exact strings (acledR `acled_event_categories.rda`).
ACLED_SUB_EVENT_TYPES: dict[str, tuple[str, ...]] = {
    "Battles": ("Armed clash", "Government regains territory", "Non-state actor overtakes territory"),
    "Explosions/Remote violence": (
        "Chemical weapon",
        "Air/drone strike",
        "Suicide bomb",
        "Shelling/artillery/missile attack",
        "Remote explosive/landmine/IED",
        "Grenade",
    ),
    "Protests": ("Peaceful protest", "Protest with intervention", "Excessive force against protesters"),
    "Riots": ("Violent demonstration", "Mob violence"),
    "Strategic developments": (
        "Agreement",
        "Arrests",
        "Change to group/activity",
        "Disrupted weapons use",
        "Headquarters or base established",
        "Looting/property destruction",
        "Non-violent transfer of territory",
        "Other",
    ),
    "Violence against civilians": ("Sexual violence", "Attack", "Abduction/forced disappearance"),
}
ACLED_EVENT_TYPES = tuple(ACLED_SUB_EVENT_TYPES)
ACLED_ALL_SUB_EVENT_TYPES = tuple(s for subs in ACLED_SUB_EVENT_TYPES.values() for s in subs)
ACLED_DISORDER_TYPES = (
    "Political violence",
    "Demonstrations",
    "Political violence; Demonstrations",
    "Strategic developments",
)


def _lookup(name: str) -> list[tuple[str, str]]:
    """The rows of one tab-separated GDELT lookup file after its header line, as (code, value) pairs."""
    lines = (CODEBOOKS / name).read_text(encoding="utf-8").splitlines()[1:]
    return [(code, " ".join(value.split())) for code, value in (line.split("\t") for line in lines if line)]


_GARBLED_NAMES = {"044": "Meet at a 'third' location"}
"""The one name GDELT's file prints garbled ("Meet at a ÒhirdÓlocation"), as the PLOVER crosswalk prints it."""
_NAMES = {code: _GARBLED_NAMES.get(code, name) for code, name in _lookup("CAMEO.eventcodes.txt")}
_GOLDSTEIN = {code: float(score) for code, score in _lookup("CAMEO.goldsteinscale.txt")}

CAMEO_ROOTS: dict[str, str] = {code: name for code, name in _NAMES.items() if len(code) == 2}
"""The 20 CAMEO cue categories (roots), e.g. `"19": "FIGHT"`."""
CAMEO: dict[str, tuple[str, float]] = {
    code: (name, _GOLDSTEIN[code]) for code, name in _NAMES.items() if len(code) > 2
}
"""Every CAMEO event code (3 or 4 digits, a string: leading zeros matter) → (name, GDELT Goldstein score)."""
CAMEO_CODES = tuple(CAMEO)


def gdelt_quad_class(cameo_code: str) -> int:
    """GDELT QuadClass of a CAMEO code: 1 verbal cooperation (01–05), 2 material cooperation (06–09),
    3 verbal conflict (10–14), 4 material conflict (15–20)."""
    root = int(cameo_code[:2])
    return 1 if root <= 5 else 2 if root <= 9 else 3 if root <= 14 else 4


# PLOVER event types and their modes, in the manual's order (PLOVER manual draft 2.0, the "… modes" tables).
PLOVER_MODES_OF_TYPE: dict[str, tuple[str, ...]] = {
    "AGREE": (),
    "CONSULT": ("visit", "third-party", "multilateral", "phone"),
    "SUPPORT": (),
    "CONCEDE": (),
    "COOPERATE": (),
    "AID": (),
    "RETREAT": ("withdraw", "release", "disarm", "ceasefire", "access", "resign"),
    "REQUEST": ("assist", "change", "yield", "meet"),
    "ACCUSE": ("disapprove", "investigate", "allege"),
    "REJECT": ("assist", "change", "yield", "meet"),
    "THREATEN": ("restrict", "arrest", "relations", "expel", "territory", "violence"),
    "PROTEST": ("demo", "riot", "strike", "hunger", "boycott", "obstruct", "vandalize"),
    "SANCTION": ("convict", "expel", "withdraw", "discontinue"),
    "MOBILIZE": ("troops", "weapons", "police", "militia"),
    "COERCE": ("seize", "restrict", "censor", "curfew", "martial-law", "arrest", "deport", "withhold",
               "misinformation", "cyber"),
    "ASSAULT": ("abduct", "beat", "torture", "sexual", "targeted", "destroy", "primitive", "firearms", "explosives",
                "suicide-attack", "aerial", "drone", "heavy-weapons", "crowd-control", "unconventional"),
}
PLOVER_EVENT_TYPES = tuple(PLOVER_MODES_OF_TYPE)
PLOVER_MODES = tuple(dict.fromkeys(m for modes in PLOVER_MODES_OF_TYPE.values() for m in modes))
"""Every PLOVER mode once (several event types share a mode name, e.g. `restrict`, `expel`, `withdraw`)."""
PLOVER_CONTEXTS = (
    "military", "intelligence", "executive", "legislative", "election", "political_institutions", "pro_democracy",
    "pro_autocracy", "economic", "legal", "reparations", "human_rights", "rights_freedoms", "repression",
    "human_security", "gender", "lgbt", "religion_ethnicity", "inequality", "diplomatic", "territory",
    "peacekeeping", "health", "asylum", "migration", "disasters", "natural_resource", "environment", "technology",
    "terrorism", "cbrn", "cyber", "misinformation", "crime", "corruption", "illegal_drugs", "trafficking",
)  # fmt: skip
"""The manual's "General contexts" table (37 contexts, usable with any event type)."""
PLOVER_AUXILIARY_MODES = ("historical", "future", "hypothetical", "negation")

# CAMEO → PLOVER. The manual's table maps each cue category (root) to one PLOVER type; it drops roots 01 and 02
# (None here), splits 08 between CONCEDE (081–083) and RETREAT (084–087), and prints "FIGHT" for root 20, which is
# not a PLOVER 2.0 event type (None here; the 2021 table codes every root-20 code ASSAULT).
PLOVER_OF_CAMEO_ROOT: dict[str, str | None] = {
    "01": None, "02": None, "03": "AGREE", "04": "CONSULT", "05": "SUPPORT", "06": "COOPERATE", "07": "AID",
    "081": "CONCEDE", "082": "CONCEDE", "083": "CONCEDE",
    "084": "RETREAT", "085": "RETREAT", "086": "RETREAT", "087": "RETREAT",
    "09": "ACCUSE", "10": "REQUEST", "11": "ACCUSE", "12": "REJECT", "13": "THREATEN", "14": "PROTEST",
    "15": "MOBILIZE", "16": "SANCTION", "17": "COERCE", "18": "ASSAULT", "19": "ASSAULT", "20": None,
}  # fmt: skip
# The codes of `CAMEO2PLOVER-2021.txt` whose type differs from their root's in the manual's table (or whose root the
# table leaves without a type). For every other code of roots 03-20 the 2021 table gives its root's type.
_PLOVER_2021_EXCEPTIONS = {
    "080": "CONCEDE", "0813": "RETREAT", "0814": "RETREAT", "163": "COERCE", "1712": "ASSAULT", "175": "ASSAULT",
    "191": "COERCE", "192": "COERCE", "200": "ASSAULT", "201": "ASSAULT", "202": "ASSAULT", "203": "ASSAULT",
    "204": "ASSAULT", "2041": "ASSAULT", "2042": "ASSAULT",
}  # fmt: skip


def _root_type(cameo_code: str) -> str | None:
    """The PLOVER type the manual's cue-category table gives a CAMEO code (None where it gives none)."""
    return PLOVER_OF_CAMEO_ROOT.get(cameo_code[:3], PLOVER_OF_CAMEO_ROOT.get(cameo_code[:2]))


def plover_types_of_cameo(cameo_code: str) -> tuple[str, ...]:
    """The PLOVER event types that agree with a CAMEO code: its type in the 2021 conversion table and its
    root's type in the manual's table (the two differ for a few codes, e.g. `163` COERCE / SANCTION). Empty for
    roots 01 and 02, which PLOVER drops: such a statement has no PLOVER type."""
    types = (_PLOVER_2021_EXCEPTIONS.get(cameo_code, _root_type(cameo_code)), _root_type(cameo_code))
    return tuple(dict.fromkeys(t for t in types if t))


PLOVER_OF_CAMEO: dict[str, tuple[str, ...]] = {code: plover_types_of_cameo(code) for code in CAMEO}
"""Every CAMEO code → the PLOVER event types that agree with it (empty: PLOVER has none)."""

WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")

# ACLED actor types (`inter1`, `inter2`) and interaction codes (acledR `acled_codebook.rda`,
# `acled_interaction_codes.rda`). Labels as the codebook table gives them.
ACLED_INTER: dict[int, str] = {
    0: "(none)", 1: "State Forces", 2: "Rebel Groups", 3: "Political Militias", 4: "Identity Militias",
    5: "Rioters", 6: "Protesters", 7: "Civilians", 8: "External/Other Forces",
}
ACLED_INTERACTIONS = (
    10, 11, 12, 13, 14, 15, 16, 17, 18, 20, 22, 23, 24, 25, 26, 27, 28, 30, 33, 34, 35, 36, 37, 38,
    40, 44, 45, 46, 47, 48, 50, 55, 56, 57, 58, 60, 66, 67, 68, 78, 80,
)  # fmt: skip
ACLED_TIME_PRECISION = {
    1: "actual date", 2: "a specific week or weekend (mid-point)", 3: "only the month (mid-month)",
}
ACLED_GEO_PRECISION = {
    1: "a particular town", 2: "near a known place, or a small part of a region", 3: "only the region",
}
ACLED_CIVILIAN_TARGETING = ("Civilian targeting",)

# UCDP GED code lists, as the UCDP GED codebook defines them (not re-checked against it in issue 21).
UCDP_TYPE_OF_VIOLENCE = {1: "state-based conflict", 2: "non-state conflict", 3: "one-sided violence"}
UCDP_EVENT_CLARITY = {1: "reporting identifies the event fully", 2: "otherwise (e.g. aggregated reports)"}
UCDP_DATE_PREC = {1: "exact date", 2: "span of 2–6 days", 3: "a known week", 4: "a known month", 5: "a known year"}
UCDP_WHERE_PREC = {
    1: "exact location", 2: "limited area around a location", 3: "ADM2 centroid", 4: "ADM1 centroid",
    5: "larger than ADM1, between two places, or non-specific", 6: "country centroid",
    7: "water or international airspace",
}

# PLOVER entity sectors (PLOVER manual draft 2.0, table "Sector Codes"; checked whole in issue 21).
PLOVER_SECTORS = (
    "COP", "GOV", "JUD", "LEG", "MIL", "PRM", "PTY", "REB", "SPY", "UAF", "UNK",
    "AGR", "BUS", "CRM", "CVL", "EDU", "ELI", "JRN", "LAB", "MED", "REF", "OPP", "PRE", "REL", "SOC",
)  # fmt: skip

# GDELT 2.0: QuadClass values (GDELT 2.0 event codebook).
GDELT_QUAD_CLASSES = {1: "Verbal Cooperation", 2: "Material Cooperation", 3: "Verbal Conflict", 4: "Material Conflict"}
