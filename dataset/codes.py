"""Code lists taken from published event-coding standards.

Only code *values* are copied here (see ../shared/reference/event-coding.md for the sources of each list).
They feed the field definitions (enums) and the cross-column rules (CAMEO → Goldstein and quad class, ACLED
sub-event → event type).
"""

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

# CAMEO code → (name, Goldstein score from the GDELT lookup table). Codes are strings: leading zeros matter.
CAMEO: dict[str, tuple[str, float]] = {
    "010": ("Make statement, not specified below", 0.0),
    "013": ("Make optimistic comment", 0.4),
    "015": ("Acknowledge or claim responsibility", 0.0),
    "016": ("Deny responsibility", -2.0),
    "020": ("Make an appeal or request, not specified below", 3.0),
    "030": ("Express intent to cooperate, not specified below", 4.0),
    "0312": ("Express intent to cooperate militarily", 5.2),
    "0314": ("Express intent to cooperate on intelligence", 5.2),
    "032": ("Express intent to provide diplomatic cooperation such as policy support", 4.5),
    "0356": ("Express intent to de-escalate military engagement", 7.0),
    "036": ("Express intent to meet or negotiate", 4.0),
    "040": ("Consult, not specified below", 1.0),
    "041": ("Discuss by telephone", 1.0),
    "042": ("Make a visit", 1.9),
    "043": ("Host a visit", 2.8),
    "046": ("Engage in negotiation", 7.0),
    "050": ("Engage in diplomatic cooperation, not specified below", 3.5),
    "051": ("Praise or endorse", 3.4),
    "053": ("Rally support on behalf of", 3.8),
    "054": ("Grant diplomatic recognition", 6.0),
    "057": ("Sign formal agreement", 8.0),
    "110": ("Disapprove, not specified below", -2.0),
    "111": ("Criticize or denounce", -2.0),
    "112": ("Accuse, not specified below", -2.0),
    "1123": ("Accuse of aggression", -2.0),
    "114": ("Complain officially", -2.0),
    "130": ("Threaten, not specified below", -4.4),
    "1313": ("Threaten to reduce or break relations", -5.8),
    "138": ("Threaten to use military force, not specified below", -7.0),
    "1384": ("Threaten conventional attack", -7.0),
    "161": ("Reduce or break diplomatic relations", -4.0),
    "180": ("Use unconventional violence, not specified below", -9.0),
    "183": ("Conduct suicide, car, or other non-military bombing", -10.0),
    "190": ("Use conventional military force, not specified below", -10.0),
    "193": ("Fight with small arms and light weapons", -10.0),
    "194": ("Fight with artillery and tanks", -10.0),
    "195": ("Employ aerial weapons", -10.0),
}
CAMEO_CODES = tuple(CAMEO)


def gdelt_quad_class(cameo_code: str) -> int:
    """GDELT QuadClass of a CAMEO code: 1 verbal cooperation (01–05), 2 material cooperation (06–09),
    3 verbal conflict (10–14), 4 material conflict (15–20)."""
    root = int(cameo_code[:2])
    return 1 if root <= 5 else 2 if root <= 9 else 3 if root <= 14 else 4


# PLOVER event types and modes (openeventdata/PLOVER manual, draft 2.0).
PLOVER_EVENT_TYPES = (
    "AGREE", "CONSULT", "SUPPORT", "CONCEDE", "COOPERATE", "AID", "RETREAT", "REQUEST", "ACCUSE",
    "REJECT", "THREATEN", "PROTEST", "SANCTION", "MOBILIZE", "COERCE", "ASSAULT",
)  # fmt: skip
PLOVER_MODES = (
    "visit", "third-party", "multilateral", "phone",
    "withdraw", "release", "disarm", "ceasefire", "access", "resign",
    "disapprove", "investigate", "allege",
    "restrict", "arrest", "relations", "expel", "territory", "violence",
    "convict", "discontinue",
    "abduct", "beat", "torture", "sexual", "targeted", "destroy", "primitive", "firearms", "explosives",
    "suicide-attack", "aerial", "drone", "heavy-weapons", "crowd-control", "unconventional",
)  # fmt: skip

WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")

# ACLED actor types (`inter1`, `inter2`) and interaction codes (acledR `acled_codebook.rda`,
# `acled_interaction_codes.rda`; event-coding.md §1.4). Labels as the codebook table gives them.
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

# UCDP GED code lists (event-coding.md §2, secondary sources).
UCDP_TYPE_OF_VIOLENCE = {1: "state-based conflict", 2: "non-state conflict", 3: "one-sided violence"}
UCDP_EVENT_CLARITY = {1: "reporting identifies the event fully", 2: "otherwise (e.g. aggregated reports)"}
UCDP_DATE_PREC = {1: "exact date", 2: "span of 2–6 days", 3: "a known week", 4: "a known month", 5: "a known year"}
UCDP_WHERE_PREC = {
    1: "exact location", 2: "limited area around a location", 3: "ADM2 centroid", 4: "ADM1 centroid",
    5: "larger than ADM1, between two places, or non-specific", 6: "country centroid",
    7: "water or international airspace",
}

# PLOVER entity sectors (PLOVER manual draft 2.0; event-coding.md §4).
PLOVER_SECTORS = (
    "COP", "GOV", "JUD", "LEG", "MIL", "PRM", "PTY", "REB", "SPY", "UAF", "UNK",
    "AGR", "BUS", "CRM", "CVL", "EDU", "ELI", "JRN", "LAB", "MED", "REF", "OPP", "PRE", "REL", "SOC",
)  # fmt: skip

# GDELT 2.0: QuadClass values (event-coding.md §5, §10).
GDELT_QUAD_CLASSES = {1: "Verbal Cooperation", 2: "Material Cooperation", 3: "Verbal Conflict", 4: "Material Conflict"}
