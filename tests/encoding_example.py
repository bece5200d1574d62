"""A short article written for the tests (fictional) and its encoding: four actors, a statement, an incident and
two casualty figures (one a stated zero), as an encoder adds them to the records file `init` starts."""

from __future__ import annotations

from pathlib import Path

TEXT = (
    "Minister says border crossing will reopen\n"
    "LISBON - Portugal’s foreign minister Ana Costa said on Monday that \"the crossing will reopen next week.\"\n"
    "Armed men attacked a police station in Porto on Sunday, killing 3 officers, police said. "
    "No one was injured, the police said.\n"
)

ACTORS = """
  - actor_id: portugal
    name: Portugal
    aliases: [Portugal]
    actor_type: state
    country_iso3: PRT
    evidence:
      - {line: 2, quote: "Portugal", field: name}

  - actor_id: ana-costa
    name: Ana Costa
    aliases: [Ana Costa]
    actor_type: person
    country_iso3: PRT
    parent_actor_id: portugal
    role_text: foreign minister
    evidence:
      - {line: 2, quote: "foreign minister Ana Costa", field: name}

  - actor_id: police-of-portugal
    name: Police of Portugal
    aliases: []
    actor_type: security_forces
    country_iso3: PRT
    parent_actor_id: portugal
    evidence:
      - {line: 3, quote: "police", occurrence: 2, field: reference}

  - actor_id: armed-men
    name: Armed men
    aliases: []
    actor_type: unnamed_group
    evidence:
      - {line: 3, quote: "Armed men", field: reference}
"""

STATEMENTS = """statements:
  - statement_id: costa-crossing-will-reopen
    speaker_actor_id: ana-costa
    quote_type: direct
    text: the crossing will reopen next week.
    channel: public_remarks
    date_start: 2024-03-04
    date_end: 2024-03-04
    date_precision: day
    date_text: on Monday
    date_resolution: '"on Monday" is the Monday before publication on Tuesday 2024-03-05.'
    cameo_code: "010"
    speaker_disputed: false
    evidence:
      - {line: 2, field: text}
      - {line: 2, quote: "on Monday", field: date}
"""

INCIDENTS = """incidents:
  - incident_id: armed-men-attack-police-station-in-porto
    perpetrator_actor_id: armed-men
    target_actor_id: police-of-portugal
    target_text: a police station
    disorder_type: Political violence
    event_type: Battles
    sub_event_type: Armed clash
    cameo_code: "190"
    plover_event_type: ASSAULT
    date_start: 2024-03-03
    date_end: 2024-03-03
    date_precision: day
    date_text: on Sunday
    date_resolution: '"on Sunday" is the Sunday before publication on Tuesday 2024-03-05.'
    country_iso3: PRT
    location_text: Porto
    geo_precision: 1
    where_prec: 1
    description: Armed men attacked a police station in Porto.
    evidence:
      - {line: 3, quote: "Armed men attacked a police station in Porto on Sunday", field: mention}
"""

CASUALTIES = """casualties:
  - casualty_id: porto-officers-killed
    incident_id: armed-men-attack-police-station-in-porto
    outcome: killed
    count_low: 3
    count_best: 3
    count_high: 3
    victim_description: 3 officers
    victim_actor_id: police-of-portugal
    claimed_by_actor_id: police-of-portugal
    evidence:
      - {line: 3, quote: "killing 3 officers, police said", field: count}

  - casualty_id: porto-no-one-injured
    incident_id: armed-men-attack-police-station-in-porto
    outcome: injured
    count_low: 0
    count_best: 0
    count_high: 0
    victim_description: No one
    claimed_by_actor_id: police-of-portugal
    evidence:
      - {line: 3, quote: "No one was injured, the police said", field: count}
"""

PUBLISHER_LINE = "    evidence: []    # a publisher needs no evidence: the text need not name it\n"


def encode(records: Path) -> None:
    """Add the example's records to a records file started by `init` (as an encoder would)."""
    text = records.read_text(encoding="utf-8")
    assert PUBLISHER_LINE in text and "\nstatements: []\n" in text, "init's records file changed shape"
    text = (text.replace(PUBLISHER_LINE, PUBLISHER_LINE + ACTORS, 1)
            .replace("\nstatements: []\n", "\n" + STATEMENTS, 1)
            .replace("\nincidents: []\n", "\n" + INCIDENTS, 1)
            .replace("\ncasualties: []\n", "\n" + CASUALTIES, 1))
    records.write_text(text, encoding="utf-8")
