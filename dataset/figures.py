"""Pictures of the dataset: a timeline of incidents and statements, and a map of who spoke to and struck whom.

`render()` returns both as PNG bytes that are identical on every run and in every process (Agg renderer, fixed
size, DPI, style and the DejaVu Sans font that ships with matplotlib, no metadata that changes, positions computed
here rather than by a randomised layout). Needs matplotlib (`pip install 'pakistan-iran-ties-2024[docs]'`); it
is imported only when a picture is drawn, and the global matplotlib backend is never changed: figures are plain
`matplotlib.figure.Figure` objects rendered by the Agg canvas.
"""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from dataset.schema import codes

if TYPE_CHECKING:
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure

TIMELINE_PATH = "docs/timeline.png"
ACTOR_MAP_PATH = "docs/actor_map.png"
DPI = 150

PAKISTAN, IRAN = "PAK", "IRN"
COLOURS = {PAKISTAN: "#1b7a3a", IRAN: "#1f5fa8", None: "#666666"}
"""Line and text colour by country of the acting side: Pakistan green, Iran blue, anyone else grey."""
TINTS = {PAKISTAN: "#e6f2ea", IRAN: "#e5edf7", None: "#f0f0f0"}
COUNTRY_NAMES = {PAKISTAN: "Pakistan", IRAN: "Iran", None: "other or none"}
INCIDENT_RED = "#b3141c"

STYLE: dict[str, Any] = {
    "font.family": "DejaVu Sans",
    "font.size": 9,
    "mathtext.fontset": "dejavusans",
    "text.usetex": False,
    "text.hinting": "default",
    "text.antialiased": True,
    "axes.unicode_minus": True,
    "figure.dpi": DPI,
    "savefig.dpi": DPI,
    "savefig.facecolor": "white",
    "figure.facecolor": "white",
    "hatch.linewidth": 0.8,
    "path.simplify": True,
}

SHORT_NAMES = {
    "government-of-pakistan": "Govt. of Pakistan",
    "government-of-iran": "Govt. of Iran",
    "cabinet-of-pakistan": "Federal Cabinet",
    "embassy-of-pakistan-tehran": "Pakistan Embassy, Tehran",
    "officials-of-pakistan-and-iran": "Officials of both countries",
    "iranian-police": "Police of Iran",
}
"""Short names for the timeline's row labels; persons go by their family name, everyone else by name."""

CAMEO_SHORT = {
    "010": "statement",
    "013": "optimistic comment",
    "015": "claims responsibility",
    "020": "appeal or request",
    "030": "intent to cooperate",
    "0312": "intent to cooperate militarily",
    "032": "intent: diplomatic cooperation",
    "0356": "intent to de-escalate",
    "036": "intent to meet or negotiate",
    "041": "phone call",
    "050": "diplomatic cooperation",
    "051": "praise or endorse",
    "111": "criticize or denounce",
    "112": "accuse",
    "190": "conventional military force",
    "195": "aerial weapons",
}
"""A few words for each CAMEO code; codes not listed fall back to the start of the CAMEO name."""
CHANNEL_WORDS = {"x": "on X", "cabinet_decision": "cabinet decision", "news_agency_report": "news agency"}


# ---------------------------------------------------------------------------------------------------------------
# Data


@dataclass(frozen=True)
class _Data:
    actors: dict[str, dict[str, Any]]
    statements: list[dict[str, Any]]
    incidents: list[dict[str, Any]]
    casualties: list[dict[str, Any]]

    @classmethod
    def load(cls) -> _Data:
        from dataset.loader import load

        def rows(name: str) -> list[dict[str, Any]]:
            return load(name, engine="pyarrow").to_pylist()  # type: ignore[union-attr]

        actors = {a["actor_id"]: a for a in rows("actors")}
        return cls(actors, rows("statements"), rows("incidents"), rows("casualties"))

    def country(self, actor_id: str | None) -> str | None:
        """PAK, IRN or None: the first country code up the actor's parent chain, if it is one of the two."""
        seen: set[str] = set()
        while actor_id and actor_id not in seen:
            seen.add(actor_id)
            actor = self.actors[actor_id]
            if actor["country_iso3"]:
                return actor["country_iso3"] if actor["country_iso3"] in (PAKISTAN, IRAN) else None
            actor_id = actor["parent_actor_id"]
        return None

    def short(self, actor_id: str | None) -> str:
        if actor_id is None:
            return "no target"
        actor = self.actors[actor_id]
        if actor_id in SHORT_NAMES:
            return SHORT_NAMES[actor_id]
        return actor["name"].split()[-1] if actor["actor_type"] == "person" else actor["name"]


def cameo_words(code: str) -> str:
    """A few words for a CAMEO code."""
    if code in CAMEO_SHORT:
        return CAMEO_SHORT[code]
    name = codes.CAMEO.get(code, ("?", 0.0))[0].split(",")[0]
    return name if len(name) <= 30 else name[:29] + "…"


def _snippet(text: str, limit: int) -> str:
    words: list[str] = []
    for word in text.split():
        if len(" ".join([*words, word])) > limit:
            break
        words.append(word)
    cut = " ".join(words).rstrip(",.;:")
    return cut + ("…" if cut != text.rstrip(",.;: ") else "")


# ---------------------------------------------------------------------------------------------------------------
# Style and rendering


@contextmanager
def _style() -> Iterator[None]:
    """Matplotlib's default style plus STYLE, whatever the user's matplotlibrc says."""
    import matplotlib
    import matplotlib.style

    with matplotlib.style.context("default"), matplotlib.rc_context(STYLE):
        yield


def _new_figure(width: float, height: float) -> Figure:
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    figure = Figure(figsize=(width, height), dpi=DPI)
    FigureCanvasAgg(figure)
    return figure


def _png(figure: Figure) -> bytes:
    buffer = io.BytesIO()
    with _style():
        figure.savefig(buffer, format="png", dpi=DPI, metadata={"Software": None})
    return buffer.getvalue()


def render() -> dict[str, bytes]:
    """Both pictures as PNG bytes, by their path in the repository."""
    data = _Data.load()
    with _style():
        figures = {TIMELINE_PATH: _timeline(data), ACTOR_MAP_PATH: _actor_map(data)}
    return {path: _png(figure) for path, figure in figures.items()}


def timeline() -> Figure:
    """December 2023 to January 2024 on one broken time axis: incidents and statements, coloured by country."""
    with _style():
        return _timeline(_Data.load())


def actor_map() -> Figure:
    """Who spoke to or about whom (CAMEO) and who struck whom (ACLED), people nested in their governments."""
    with _style():
        return _actor_map(_Data.load())


# ---------------------------------------------------------------------------------------------------------------
# Timeline

_DEC = (dt.date(2023, 12, 1), dt.date(2024, 1, 1))
_JAN = (dt.date(2024, 1, 14), dt.date(2024, 2, 1))
"""The two panels, [start, end): December 2023, and 14–31 January 2024."""


@dataclass
class _Item:
    kind: str  # "incident" or "statement"
    who: str  # row label: who → whom
    what: str  # the label drawn next to the marker or inside the bar
    start: dt.date
    end: dt.date  # inclusive
    precision: str
    country: str | None
    external: dt.date | None = None
    group: str | None = None
    """Rows of one event (a telephone call) share a group and get a bracket."""

    @property
    def dated(self) -> bool:
        return self.precision == "day" and self.start == self.end

    @property
    def height(self) -> float:
        """Row height: an incident known only to a range gets three lines (annotation, bar, description)."""
        return 1.0 if self.kind == "statement" else 1.25 if self.dated and self.external is None else 2.1


def _claims(data: _Data, incident_id: str) -> str:
    """The casualty figures of an incident in words, grouped by claimant."""
    by_claimant: dict[str, list[str]] = {}
    rows = [r for r in data.casualties if r["incident_id"] == incident_id]
    for row in sorted(rows, key=lambda r: (r["claimed_by_actor_id"], r["outcome"] != "killed", r["casualty_id"])):
        victims, count = row["victim_description"], row["count_best"]
        words = victims if victims.startswith(f"{count} ") else f"no {victims}" if count == 0 else f"{count} {victims}"
        by_claimant.setdefault(row["claimed_by_actor_id"], []).append(f"{words} {row['outcome']}")
    return "; ".join(f"{', '.join(parts)}, says {data.short(claimant)}"
                     for claimant, parts in by_claimant.items())


def _timeline_items(data: _Data) -> tuple[list[_Item], list[_Item]]:
    incidents = []
    for row in sorted(data.incidents, key=lambda r: (r["date_start"], r["date_end"], r["incident_id"])):
        claims = _claims(data, row["incident_id"])
        who = f"{data.short(row['perpetrator_actor_id'])} → {data.short(row['target_actor_id'])}"
        incidents.append(_Item(
            "incident", f"{who}\n{row['admin1'] or row['location_text']}",
            row["sub_event_type"] + (f" · {claims}" if claims else ""), row["date_start"], row["date_end"],
            row["date_precision"], data.country(row["perpetrator_actor_id"]), row["external_date"]))

    def order(r: dict[str, Any]) -> tuple[Any, ...]:
        return (r["date_start"], r["date_end"], r["channel"] == "phone_call", r["cameo_code"] != "041",
                data.short(r["speaker_actor_id"]), r["cameo_code"], r["statement_id"])

    statements = []
    for row in sorted(data.statements, key=order):
        what = f"{row['cameo_code']} {cameo_words(row['cameo_code'])}"
        if row["channel"] in CHANNEL_WORDS:
            what += f" ({CHANNEL_WORDS[row['channel']]})"
        if row["quote_type"] == "direct":
            what += f": “{_snippet(row['text'], 30)}”"
        statements.append(_Item(
            "statement", f"{data.short(row['speaker_actor_id'])} → {data.short(row['target_actor_id'])}", what,
            row["date_start"], row["date_end"], row["date_precision"], data.country(row["speaker_actor_id"]),
            group=f"telephone call\n“{row['date_text']}”" if row["channel"] == "phone_call" else None))
    return incidents, statements


_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


def _day(day: dt.date, *, year: bool = False) -> str:
    """'15 Dec' or '15 Dec 2023', in English whatever the locale."""
    return f"{day.day} {_MONTHS[day.month - 1]}" + (f" {day.year}" if year else "")


def _text_box(alpha: float = 0.92) -> dict[str, Any]:
    return dict(boxstyle="square,pad=0.12", fc="white", ec="none", alpha=alpha)


def _brackets(ax: Axes, rows: list[_Item | str], centres: list[float], num: Any) -> None:
    """A bracket left of each run of rows that belong to one event, with the event's words."""
    runs: list[tuple[str, dt.date, list[float]]] = []
    for row, y in zip(rows, centres, strict=True):
        group = None if isinstance(row, str) else row.group
        if group is None or isinstance(row, str):
            continue
        if runs and runs[-1][0] == group and runs[-1][1] == row.start:
            runs[-1][2].append(y)
        else:
            runs.append((group, row.start, [y]))
    for group, day, ys in runs:
        x = num(day) + 0.1
        ax.plot([x + 0.12, x, x, x + 0.12], [min(ys) - 0.3, min(ys) - 0.3, max(ys) + 0.3, max(ys) + 0.3],
                color="#777777", lw=1.0, zorder=4)
        ax.text(x - 0.15, (min(ys) + max(ys)) / 2, group, ha="right", va="center", fontsize=8, style="italic",
                color="#555555", linespacing=1.4)


def _timeline(data: _Data) -> Figure:
    import matplotlib.dates as mdates
    from matplotlib.lines import Line2D
    from matplotlib.patches import Patch

    incidents, statements = _timeline_items(data)
    rows: list[_Item | str] = ["Violent incidents (ACLED)", *incidents, "Statements (CAMEO)", *statements]
    heights = [1.0 if isinstance(row, str) else row.height for row in rows]
    centres = [sum(heights[:i]) + h / 2 for i, h in enumerate(heights)]
    total = sum(heights)
    unit = 0.25  # inches per row unit
    height = 1.5 + unit * total
    figure = _new_figure(12.0, height)
    grid = figure.add_gridspec(1, 2, width_ratios=[1.0, 2.3], wspace=0.025, left=0.215, right=0.985,
                               top=1 - 0.62 / height, bottom=0.8 / height)
    dec: Axes = figure.add_subplot(grid[0, 0])
    jan: Axes = figure.add_subplot(grid[0, 1], sharey=dec)
    num = mdates.date2num

    for ax, (lo, hi) in ((dec, _DEC), (jan, _JAN)):
        ax.set_xlim(num(lo), num(hi))
        ax.set_ylim(total, 0)
        day = lo
        while day < hi:  # weekends shaded
            if day.weekday() >= 5:
                ax.axvspan(num(day), num(day + dt.timedelta(1)), color="#f3f3f3", zorder=0, lw=0)
            day += dt.timedelta(1)
        for row, y, h in zip(rows, centres, heights, strict=True):
            if isinstance(row, str):
                ax.axhspan(y - h / 2, y + h / 2, color="#e6e6e6", zorder=0.5, lw=0)
            elif row.kind == "incident":
                ax.axhspan(y - h / 2, y + h / 2, color="#fbeaea", zorder=0.5, lw=0)
                ax.axhline(y + h / 2, color="white", lw=1.2, zorder=0.6)
            else:
                ax.axhline(y, color="#e2e2e2", lw=0.6, zorder=0.6)
        ax.tick_params(axis="y", length=0)
        for side in ("top", "right", "left"):
            ax.spines[side].set_visible(False)
        ax.plot([1.0 if ax is dec else 0.0], [0.0], transform=ax.transAxes, marker=[(-1, -1.6), (1, 1.6)], ms=9,
                ls="none", color="black", mew=1.0, clip_on=False)  # broken-axis mark where the panels meet

    dec_days = [dt.date(2023, 12, d) for d in (1, 8, 15, 22, 29)]
    dec.set_xticks([num(d) + 0.5 for d in dec_days], [_day(d) for d in dec_days], fontsize=8)
    jan_days = [_JAN[0] + dt.timedelta(k) for k in range((_JAN[1] - _JAN[0]).days)]
    jan.set_xticks([num(d) + 0.5 for d in jan_days], [f"{codes.WEEKDAYS[d.weekday()][:3]}\n{d.day}" for d in jan_days],
                   fontsize=8)
    jan.tick_params(axis="y", labelleft=False)
    dec.set_xlabel("December 2023", fontsize=9)
    jan.set_xlabel("January 2024", fontsize=9)

    for row, y in zip(rows, centres, strict=True):
        if isinstance(row, str):
            continue
        colour = COLOURS[row.country]
        tall = row.height > 2
        bar_y = y - 0.15 if tall else y
        text_y = y + 0.55 if tall else y
        for ax, (lo, hi) in ((dec, _DEC), (jan, _JAN)):
            if row.end < lo or row.start >= hi:
                continue
            if row.dated:
                incident = row.kind == "incident"
                ax.plot([num(row.start) + 0.5], [bar_y], marker="D" if incident else "o", ms=7.5 if incident else 6,
                        color=colour, mec="white", mew=0.8, zorder=4, ls="none")
                ax.text(num(row.start) + 1.0, text_y, row.what, va="center", ha="left", fontsize=8,
                        color="#222222", zorder=5)
                continue
            left, right = max(row.start, lo), min(row.end + dt.timedelta(1), hi)
            thick = 0.5 if tall else 0.52
            ax.broken_barh([(num(left), num(right) - num(left))], (bar_y - thick / 2, thick),
                           facecolors=TINTS[row.country], edgecolors=colour, hatch="////", lw=1.0, zorder=3)
            if ax is (dec if row.start < _JAN[0] else jan):
                what = f"◀ from {_day(row.start, year=True)} · {row.what}" if row.start < lo else row.what
                ax.text(num(left) + 0.3, text_y, what, va="center", ha="left", fontsize=8, color="#222222",
                        zorder=5, bbox=None if tall else _text_box(), clip_on=False)
        if row.external is not None:
            ax = dec if row.external < _DEC[1] else jan
            ax.plot([num(row.external) + 0.5], [bar_y], marker="D", ms=7.5, mfc="white", mec=colour, mew=1.6,
                    zorder=6, ls="none")
            ax.text(num(row.external) + 0.5, y - 0.72, f"{_day(row.external)}: day from other sources",
                    va="center", ha="left", fontsize=7.5, style="italic", color=colour, zorder=6)

    _brackets(jan, rows, centres, num)
    dec.set_zorder(jan.get_zorder() + 1)  # December's long labels may run on over the axis break
    figure.align_xlabels([dec, jan])
    dec.set_yticks(centres, [row if isinstance(row, str) else row.who for row in rows], fontsize=8.5)
    for tick, row in zip(dec.get_yticklabels(), rows, strict=True):
        if isinstance(row, str):
            tick.set_fontweight("bold")
        else:
            tick.set_color(COLOURS[row.country])

    figure.text(0.012, 1 - 0.12 / height, "Pakistan–Iran crisis, December 2023 – January 2024, as the Tehran Times "
                "article reports it", ha="left", va="top", fontsize=11.5, fontweight="bold")
    figure.text(0.012, 1 - 0.36 / height,
                "One row per dataset row. Colour: country of the side that speaks or strikes. The time axis skips "
                "1–13 January; weekends shaded.", fontsize=8.5, color="#444444", ha="left", va="top")
    handles = [Patch(fc=TINTS[c], ec=COLOURS[c], label=COUNTRY_NAMES[c]) for c in (PAKISTAN, IRAN, None)] + [
        Line2D([], [], marker="D", ls="none", color="#444444", mec="white", ms=7, label="incident on a known day"),
        Line2D([], [], marker="o", ls="none", color="#444444", mec="white", ms=6, label="statement on a known day"),
        Patch(fc="white", ec="#444444", hatch="////", label="known only to a month or a range"),
        Line2D([], [], marker="D", ls="none", mfc="white", mec="#444444", mew=1.6, ms=7,
               label="day given by other sources"),
    ]
    figure.legend(handles=handles, loc="lower left", bbox_to_anchor=(0.012, 0.0), ncol=7, frameon=False,
                  fontsize=8, handlelength=1.6, columnspacing=1.4)
    return figure


# ---------------------------------------------------------------------------------------------------------------
# Actor map


_MAP_SIZE = (12.0, 10.0)
"""The actor map's figure size in inches; its data coordinates are inches too (origin bottom left)."""
_BOXES: dict[str, tuple[float, float, float, float]] = {
    "pakistan": (0.3, 2.5, 4.5, 8.4),
    "government-of-pakistan": (0.5, 4.1, 4.1, 7.95),
    "iran": (7.5, 2.5, 11.7, 8.4),
    "government-of-iran": (7.9, 4.1, 11.5, 7.95),
}
"""Actors drawn as boxes around the actors that belong to them: (left, bottom, right, top)."""
_NODES: dict[str, tuple[float, float]] = {
    "cabinet-of-pakistan": (2.3, 7.45),
    "jalil-abbas-jilani": (2.3, 6.45),
    "rahim-hayat-qureshi": (2.3, 4.65),
    "embassy-of-pakistan-tehran": (3.05, 3.3),
    "hossein-amir-abdollahian": (9.5, 5.95),
    "iranian-police": (10.7, 4.7),
    "jaish-ul-adl": (9.3, 1.65),
    "pakistani-separatists": (1.35, 1.65),
    "israel": (10.9, 9.05),
    "analysts": (5.2, 9.05),
    "western-linked-individuals": (7.75, 9.05),
    "officials-of-pakistan-and-iran": (6.0, 8.1),
    "reuters": (3.3, 9.05),
    "pakistani-media-outlets": (1.0, 9.05),
}
"""Centres of the actors drawn as nodes. Actors not listed are lined up along the bottom."""
_ROUTES: dict[tuple[str, str], dict[str, Any]] = {
    ("cabinet-of-pakistan", "reuters"): {"t": 0.8, "dx": 0.12, "ha": "left"},
    ("jalil-abbas-jilani", "iran"): {"b": (7.5, 7.05), "t": 0.66},
    ("hossein-amir-abdollahian", "jalil-abbas-jilani"): {"t": 0.45},
    ("jalil-abbas-jilani", "hossein-amir-abdollahian"): {"t": 0.5},
    ("hossein-amir-abdollahian", "pakistan"): {"b": (4.5, 5.25), "t": 0.72},
    ("rahim-hayat-qureshi", "iran"): {"t": 0.62},
    ("iran", "pakistan"): {"a": (7.5, 3.9), "b": (4.5, 3.9)},
    ("pakistan", "iran"): {"a": (4.5, 2.8), "b": (7.5, 2.8)},
    ("iran", "jaish-ul-adl"): {"a": (8.3, 2.5), "t": 0.5, "dx": -0.15, "ha": "right"},
    ("hossein-amir-abdollahian", "jaish-ul-adl"): {"t": 0.28},
    ("jaish-ul-adl", "iranian-police"): {"t": 0.5, "dx": 0.16, "ha": "left"},
    ("government-of-pakistan", "pakistani-separatists"): {"a": (1.35, 4.1), "t": 0.82},
    ("hossein-amir-abdollahian", "israel"): {"t": 0.3, "dx": -0.1, "ha": "right"},
}
"""Hand routing where the default would cross or crowd: fixed ends a and b, label position t along the edge."""


@dataclass
class _Edge:
    source: str
    target: str
    kind: str  # "statement", "incident" or "reported"
    labels: list[str]
    colour: str
    width: float
    rad: float = 0.0


def _map_edges(data: _Data) -> list[_Edge]:
    grouped: dict[tuple[str, str], list[str]] = {}
    for row in sorted(data.statements, key=lambda r: (r["cameo_code"], r["statement_id"])):
        if row["target_actor_id"] is not None:
            grouped.setdefault((row["speaker_actor_id"], row["target_actor_id"]), []).append(row["cameo_code"])
    edges = []
    for (source, target), cameo in sorted(grouped.items()):
        distinct = sorted(set(cameo), key=cameo.index)
        if len(distinct) <= 2:
            labels = [f"{c} {cameo_words(c)}" + (f" ×{cameo.count(c)}" if cameo.count(c) > 1 else "")
                      for c in distinct]
        else:
            labels = [", ".join(c + (f" ×{cameo.count(c)}" if cameo.count(c) > 1 else "") for c in distinct)]
        edges.append(_Edge(source, target, "statement", labels, COLOURS[data.country(source)],
                           1.1 + 0.35 * (len(cameo) - 1)))
    for row in sorted(data.incidents, key=lambda r: r["incident_id"]):
        edges.append(_Edge(row["perpetrator_actor_id"], row["target_actor_id"], "incident",
                           [row["sub_event_type"], _date_words(row)], INCIDENT_RED, 3.2))
    reported = set()
    for row in data.statements:
        if row["reported_by_actor_id"]:
            reported.add((row["speaker_actor_id"], row["reported_by_actor_id"], "reported by"))
        if row["reported_by_actor_id"] and row["reporter_source_actor_id"]:
            reported.add((row["reported_by_actor_id"], row["reporter_source_actor_id"], "quoting"))
    for source, target, words in sorted(reported):
        edges.append(_Edge(source, target, "reported", [words], "#888888", 1.0))
    pairs = {(e.source, e.target) for e in edges}
    for edge in edges:  # two directions between the same pair: bend both, they bulge to opposite sides
        if (edge.target, edge.source) in pairs and edge.source in _NODES and edge.target in _NODES:
            edge.rad = 0.07
    return edges


def _date_words(row: dict[str, Any]) -> str:
    start, end = row["date_start"], row["date_end"]
    if start == end:
        return _day(start, year=True)
    if row["date_precision"] == "month":
        return f"{_MONTHS[start.month - 1]} {start.year}"
    if (start.year, start.month) == (end.year, end.month):
        return f"{start.day}–{_day(end, year=True)}"
    return f"{_day(start, year=True)} – {_day(end, year=True)}"


def _clamp(value: float, low: float, high: float) -> float:
    return min(max(value, low), high)


def _box_point(box: tuple[float, float, float, float], toward: tuple[float, float]) -> tuple[float, float]:
    """Where an edge toward `toward` meets a box: straight across from it when it is beside the box."""
    left, bottom, right, top = box
    x, y = toward
    if x < left or x > right:
        return (left if x < left else right, _clamp(y, bottom + 0.15, top - 0.15))
    return (_clamp(x, left + 0.15, right - 0.15), bottom if y < bottom else top)


def _actor_map(data: _Data) -> Figure:
    from matplotlib.patches import FancyArrowPatch, FancyBboxPatch

    width, height = _MAP_SIZE
    figure = _new_figure(width, height)
    ax: Axes = figure.add_axes((0, 0, 1, 1))
    ax.set_xlim(0, width)
    ax.set_ylim(0, height)
    ax.set_axis_off()
    renderer = figure.canvas.get_renderer()  # type: ignore[attr-defined]
    to_data = ax.transData.inverted()

    edges = _map_edges(data)
    shown = sorted({e.source for e in edges} | {e.target for e in edges})
    no_target: dict[str, list[str]] = {}
    for row in sorted(data.statements, key=lambda r: (r["cameo_code"], r["statement_id"])):
        if row["target_actor_id"] is None:
            no_target.setdefault(row["speaker_actor_id"], []).append(row["cameo_code"])
            if row["speaker_actor_id"] not in shown:
                shown.append(row["speaker_actor_id"])
    boxes = dict(_BOXES)
    nodes = {a: _NODES[a] for a in shown if a in _NODES}
    spare = [a for a in sorted(shown) if a not in nodes and a not in boxes]
    for k, actor_id in enumerate(spare):  # actors the layout does not know yet: a row along the bottom; add to _NODES
        nodes[actor_id] = (1.0 + 2.2 * k, 1.2)

    # Boxes: states, then the governments inside them.
    for actor_id, (left, bottom, right, top) in sorted(boxes.items(), key=lambda kv: kv[1][2] - kv[1][0],
                                                      reverse=True):
        country = data.country(actor_id)
        state = data.actors[actor_id]["actor_type"] == "state"
        ax.add_patch(FancyBboxPatch((left, bottom), right - left, top - bottom,
                                    boxstyle="round,pad=0,rounding_size=0.12", fc=TINTS[country] if state else "white",
                                    ec=COLOURS[country], lw=1.6 if state else 1.1, ls="-" if state else (0, (4, 2)),
                                    zorder=1))
        name = data.actors[actor_id]["name"]
        label = f"{name.upper()} (state)" if state else name
        ax.text(left + 0.12, top - 0.1, label, ha="left", va="top", fontsize=10 if state else 8.5,
                fontweight="bold" if state else "normal", color=COLOURS[country], zorder=2)
        if actor_id in no_target:
            ax.text(left + 0.12, top - 0.34, f"+ {', '.join(no_target[actor_id])} without target", ha="left",
                    va="top", fontsize=7.5, style="italic", color="#555555", zorder=2)

    # Nodes: measured text in a rounded box.
    patches: dict[str, Any] = {}
    for actor_id, (x, y) in sorted(nodes.items()):
        actor = data.actors[actor_id]
        country = data.country(actor_id)
        label = actor["name"] + (f"\n{actor['role_text']}" if actor["actor_type"] == "person" and
                                 actor["role_text"] else "")
        text = ax.text(x, y, label, ha="center", va="center", fontsize=9, color="#111111", zorder=6,
                       linespacing=1.3)
        extent = text.get_window_extent(renderer).transformed(to_data)
        pad = 0.09
        patch = FancyBboxPatch((extent.x0 - pad, extent.y0 - pad), extent.width + 2 * pad, extent.height + 2 * pad,
                               boxstyle="round,pad=0,rounding_size=0.08", fc=TINTS[country], ec=COLOURS[country],
                               lw=1.2, zorder=5)
        ax.add_patch(patch)
        patches[actor_id] = patch
        if actor_id in no_target:
            ax.text(x, extent.y0 - pad - 0.05, f"+ {', '.join(no_target[actor_id])} without target", ha="center",
                    va="top", fontsize=7.5, style="italic", color="#555555", zorder=6)

    def centre(actor_id: str) -> tuple[float, float]:
        if actor_id in nodes:
            return nodes[actor_id]
        left, bottom, right, top = boxes[actor_id]
        return ((left + right) / 2, (bottom + top) / 2)

    for edge in edges:
        route = _ROUTES.get((edge.source, edge.target), {})
        a, b = centre(edge.source), centre(edge.target)
        if "a" in route:
            a = route["a"]
        elif edge.source in boxes:
            a = _box_point(boxes[edge.source], route.get("b", b))
        if "b" in route:
            b = route["b"]
        elif edge.target in boxes:
            b = _box_point(boxes[edge.target], a)
        style: dict[str, Any] = dict(arrowstyle="-|>", mutation_scale=11 + edge.width * 2, lw=edge.width,
                                     color=edge.colour, shrinkA=1.5, shrinkB=1.5, zorder=3,
                                     connectionstyle=f"arc3,rad={edge.rad}")
        if edge.kind == "reported":
            style.update(ls=(0, (2, 2)), mutation_scale=10)
        ax.add_patch(FancyArrowPatch(a, b, patchA=patches.get(edge.source) if "a" not in route else None,
                                     patchB=patches.get(edge.target) if "b" not in route else None, **style))
        t = route.get("t", 0.5)
        (ax_, ay), (bx, by) = a, b
        cx, cy = (ax_ + bx) / 2 + edge.rad * (by - ay), (ay + by) / 2 - edge.rad * (bx - ax_)
        lx = (1 - t) ** 2 * ax_ + 2 * t * (1 - t) * cx + t**2 * bx
        ly = (1 - t) ** 2 * ay + 2 * t * (1 - t) * cy + t**2 * by
        ax.text(lx + route.get("dx", 0.0), ly, "\n".join(edge.labels), ha=route.get("ha", "center"), va="center",
                zorder=7,
                fontsize=8.5 if edge.kind != "reported" else 7.5, color=edge.colour,
                fontweight="bold" if edge.kind == "incident" else "normal",
                style="italic" if edge.kind == "reported" else "normal",
                bbox=dict(boxstyle="round,pad=0.15", fc="white", ec="none", alpha=0.92))

    ax.text(0.2, height - 0.15, "Who spoke to or about whom, and who struck whom, in the Tehran Times article",
            ha="left", va="top", fontsize=11.5, fontweight="bold")
    ax.text(0.2, height - 0.45, "Arrows: statements (speaker → target, CAMEO codes; thicker = more statements), "
            "violent incidents (perpetrator → target, ACLED sub-event type). Boxes: who belongs to whom.",
            ha="left", va="top", fontsize=8.5, color="#444444")
    _map_key(ax, data)
    return figure


def _map_key(ax: Axes, data: _Data) -> None:
    """The legend and the CAMEO codes used, along the bottom."""
    from matplotlib.lines import Line2D as line

    handles = [
        line([], [], color=COLOURS[PAKISTAN], lw=1.6, label="statement by the Pakistani side"),
        line([], [], color=COLOURS[IRAN], lw=1.6, label="statement by the Iranian side"),
        line([], [], color=COLOURS[None], lw=1.6, label="statement by others"),
        line([], [], color=INCIDENT_RED, lw=3.2, label="violent incident"),
        line([], [], color="#888888", lw=1.0, ls=(0, (2, 2)), label="reported by / quoting"),
    ]
    ax.legend(handles=handles, loc="lower left", bbox_to_anchor=(0.012, 0.005), frameon=False, fontsize=8,
              ncol=1, handlelength=2.2, title="Arrows", title_fontproperties={"weight": "bold", "size": 8.5},
              alignment="left")
    used = sorted({r["cameo_code"] for r in data.statements}, key=lambda c: (c[:3], c))
    lines = [f"{c}  {codes.CAMEO[c][0]}" for c in used if c in codes.CAMEO]
    per_column = (len(lines) + 1) // 2
    ax.text(3.35, 1.48, "CAMEO codes", ha="left", va="top", fontsize=8.5, fontweight="bold")
    for k in range(2):
        ax.text(3.35 + k * 4.35, 1.25, "\n".join(lines[k * per_column:(k + 1) * per_column]), ha="left", va="top",
                fontsize=7.5, color="#333333", linespacing=1.35)

