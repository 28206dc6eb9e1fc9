"""Estimate groups in the database: candidates, evidence and the conflict check for each new figure.

``estimates`` holds the rules; this applies them to the ledger's tables, one story and one unit
family at a time. A figure's candidate groups are the groups of its story whose units compare
with its own (index ``ix_estimate_groups_story``); whether a member states the same value is one
indexed lookup (``ix_estimate_members_value``); whether the figure contradicts a stored member
is one more, so a figure costs the same in a group of ten members or ten thousand. Groups and
members this transaction (or COPY batch) made are kept in memory until it is written.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import Boolean, Connection, Date, Float, and_, bindparam, insert, or_, select, update

from . import schema as t
from .estimates import (
    ARTICLE_VOICE, COUNTS, INF, Candidate, Facets, Point, base_key, best_group, conflicting, group_label, lexicon,
    own_claim, point, unit_family,
)

_g, _m, _f = t.estimate_groups, t.estimate_members, t.figures


@dataclass(slots=True)
class _Group:
    id: int
    facets: Facets
    story: int | None
    noun: str | None
    holder_name: str | None
    place_name: str | None
    conflict: bool = False
    members: int = 0
    stored: int = 0  # of the members, those in the table before this transaction
    min: float | None = None
    max: float | None = None
    first: date | None = None
    last: date | None = None
    new: list[tuple[Point, float | None, str | None]] = field(default_factory=list)  # point, value, verb
    changed: bool = False

    @property
    def cumulative(self) -> bool:
        return self.facets.predicate in lexicon()["cumulative"]

    @property
    def grows(self) -> bool:
        """A count that only grows, so a later and lower figure from another source contradicts
        an earlier one. Sums of money are single transactions as often as totals: not these."""
        return self.cumulative and self.facets.unit in COUNTS


_SAME_VALUE = (select(_m.c.group_id, _f.c.verb).join(_f, _f.c.id == _m.c.figure_id)
               .join(_g, _g.c.id == _m.c.group_id)
               .where(_g.c.story_id.is_not_distinct_from(bindparam("story")), _g.c.family == bindparam("family"),
                      _m.c.value == bindparam("value")))
# A stored member the new figure contradicts: another source, the same scope and days, disjoint.
_SAME_KIND_OF_VOICE = (_m.c.voice.like(ARTICLE_VOICE + "%")) == bindparam("own", type_=Boolean)
_CONTRADICTED = select(_m.c.id).where(
    _m.c.group_id == bindparam("gid"), _m.c.scope == bindparam("scope"),
    _m.c.voice != bindparam("voice"), _SAME_KIND_OF_VOICE,
    or_(and_(_m.c.date_start.is_(None), bindparam("undated", type_=Boolean)),
        and_(_m.c.date_start <= bindparam("end_after", type_=Date), _m.c.date_end >= bindparam("start_before", type_=Date))),
    or_(_m.c.interval_low > bindparam("high", type_=Float),
        and_(_m.c.interval_high.is_not(None), _m.c.interval_high < bindparam("low", type_=Float)))).limit(1)


# For a measure that only grows: a stored member of another source that is earlier and wholly
# above the new figure, or later and wholly below it.
_FALLS = select(_m.c.id).where(
    _m.c.group_id == bindparam("gid"), _m.c.scope == bindparam("scope"),
    _m.c.voice != bindparam("voice"), _SAME_KIND_OF_VOICE,
    or_(and_(_m.c.date_end < bindparam("start", type_=Date), _m.c.interval_low > bindparam("high", type_=Float)),
        and_(_m.c.date_start > bindparam("end", type_=Date), _m.c.interval_high.is_not(None),
             _m.c.interval_high < bindparam("low", type_=Float)))).limit(1)


class GroupIndex:
    """The estimate groups of one transaction's (or batch's) figures."""

    def __init__(self, conn: Connection):
        self.conn = conn
        self.groups: dict[int, _Group] = {}
        self.slots: dict[tuple[int | None, str], list[int]] = {}

    def assign(self, fig: dict) -> tuple[int, Point | None]:
        """The group of a figure row (its measure columns, value, bound, dates, voice, scope)."""
        facets = _facets(fig)
        pt = point(fig["bound"], fig["value"], fig["low"], fig["high"], fig["text"], fig["said_on"], fig["published"],
                   article=fig["article_id"], voice=fig["voice"], scope=fig["scope"])
        value = fig["value"] if fig["value"] is not None else (pt.low if pt else None)
        slot = (fig["story_id"], unit_family(facets.unit))
        ids = self._slot(slot)
        same = self._same_value(slot, ids, value)
        candidates = [Candidate(gid, self.groups[gid].facets, same_value=gid in same,
                                same_verb=fig["verb"] is not None and fig["verb"] in same.get(gid, ()),
                                members=self.groups[gid].members)
                      for gid in ids]
        chosen = best_group(facets, value, candidates) if pt is not None else None
        group = self.groups[chosen.id] if chosen is not None else self._create(slot, facets, fig)
        if chosen is not None:
            merged = group.facets.merged(facets)
            if merged != group.facets:
                group.facets, group.changed = merged, True
                group.holder_name = group.holder_name or fig["holder_name"]
                group.place_name = group.place_name if merged.place else None
        if pt is not None:
            if not group.conflict:
                group.conflict = any(conflicting(pt, other, group.grows) for other, _, _ in group.new) or \
                    (group.stored > 0 and self._contradicts_stored(group.id, pt, group.grows))
            group.new.append((pt, value, fig["verb"]))
            group.min = value if group.min is None else min(group.min, value)
            group.max = value if group.max is None else max(group.max, value)
            if pt.start is not None:
                group.first = pt.start if group.first is None else min(group.first, pt.start)
                group.last = pt.end if group.last is None else max(group.last, pt.end)
        group.members += 1
        return group.id, pt

    def _slot(self, slot) -> list[int]:
        if slot not in self.slots:
            story, family = slot
            rows = self.conn.execute(select(_g).where(_g.c.story_id.is_not_distinct_from(story), _g.c.family == family)
                                     .order_by(_g.c.id)).mappings().all()
            for r in rows:
                if r["id"] in self.groups:
                    continue
                self.groups[r["id"]] = _Group(
                    id=r["id"], story=r["story_id"], noun=None, holder_name=r["holder"], place_name=r["place"],
                    facets=Facets(unit=r["unit"], kind=r["kind"], modifiers=frozenset(filter(None, r["modifiers"].split("+"))),
                                  holder=_holder(r["holder_entity_id"], r["holder"]), predicate=r["predicate_class"],
                                  place=_eid(r["place_entity_id"]), period=r["period"], part=bool(r["part"])),
                    conflict=bool(r["conflict"]), members=r["members"], stored=r["members"], min=r["min_value"],
                    max=r["max_value"], first=r["first_date"], last=r["last_date"])
            self.slots[slot] = [r["id"] for r in rows]
        return self.slots[slot]

    def _same_value(self, slot, ids: list[int], value) -> dict[int, set[str | None]]:
        """Groups of the slot with a member stating ``value`` -> the verbs of those members."""
        found: dict[int, set[str | None]] = {}
        if value is None or not ids:
            return found
        if any(self.groups[i].stored for i in ids):
            for gid, verb in self.conn.execute(_SAME_VALUE, {"story": slot[0], "family": slot[1], "value": value}):
                found.setdefault(gid, set()).add(verb)
        for gid in ids:
            for _, v, verb in self.groups[gid].new:
                if v == value:
                    found.setdefault(gid, set()).add(verb)
        return found

    def _contradicts_stored(self, gid: int, pt: Point, cumulative: bool) -> bool:
        if cumulative and pt.start is not None and self.conn.execute(_FALLS, dict(
                gid=gid, scope=pt.scope, voice=pt.voice, own=own_claim(pt.voice), start=pt.start, end=pt.end, low=pt.low,
                high=pt.high if pt.high != INF else INF_SQL)).first() is not None:
            return True
        # Nothing lies wholly above an open interval (INF_SQL): only members wholly below it count.
        return self.conn.execute(_CONTRADICTED, dict(
            gid=gid, scope=pt.scope, voice=pt.voice, own=own_claim(pt.voice), undated=pt.start is None,
            end_after=pt.end, start_before=pt.start, low=pt.low,
            high=pt.high if pt.high != INF else INF_SQL)).first() is not None

    def _create(self, slot, facets: Facets, fig: dict) -> _Group:
        story, family = slot
        place_name = fig["place_name"] if facets.place else None
        label = group_label(facets, fig["head"], fig["holder_name"], place_name)
        gid = self.conn.execute(insert(_g).values(
            story_id=story, base_key=base_key(story, facets), label=label, unit=facets.unit, family=family,
            kind=facets.kind, modifiers="+".join(sorted(facets.modifiers)), holder_entity_id=_num(facets.holder),
            holder=fig["holder_name"],
            predicate_class=facets.predicate, place_entity_id=_num(facets.place), place=place_name,
            period=facets.period, part=facets.part, cumulative=facets.predicate in lexicon()["cumulative"],
            conflict=False, members=0,
        ).returning(_g.c.id)).scalar_one()
        group = _Group(id=gid, facets=facets, story=story, noun=fig["head"], holder_name=fig["holder_name"],
                       place_name=place_name)
        self.groups[gid] = group
        self.slots.setdefault(slot, []).append(gid)
        return group

    def members(self, group_id: int, pt: Point, value) -> dict:
        return dict(group_id=group_id, interval_low=pt.low, interval_high=None if pt.high == INF else pt.high,
                    date_start=pt.start, date_end=pt.end, article_id=pt.article, voice=pt.voice, scope=pt.scope,
                    value=value)

    def flush(self) -> None:
        touched = [g for g in self.groups.values() if g.new or g.changed or g.members != g.stored]
        if not touched:
            return
        self.conn.execute(_UPDATE, [dict(
            gid=g.id, new_conflict=g.conflict, new_members=g.members, new_min=g.min, new_max=g.max,
            new_first=g.first, new_last=g.last) for g in touched])
        changed = [g for g in touched if g.changed]
        if changed:
            self.conn.execute(_UPDATE_FACETS, [dict(
                gid=g.id, new_kind=g.facets.kind, new_modifiers="+".join(sorted(g.facets.modifiers)),
                new_holder=_num(g.facets.holder), new_holder_name=g.holder_name, new_predicate=g.facets.predicate, new_place_id=_num(g.facets.place),
                new_period=g.facets.period, new_unit=g.facets.unit, new_base=base_key(g.story, g.facets),
                new_cumulative=g.cumulative, new_place=g.place_name,
                new_label=group_label(g.facets, g.noun, g.holder_name, g.place_name)) for g in changed])
        for g in touched:
            g.stored, g.new, g.changed = g.members, [], False


# A bound no stored interval reaches: "wholly above an open interval" never holds.
INF_SQL = 1e308

_UPDATE = update(_g).where(_g.c.id == bindparam("gid")).values(
    conflict=bindparam("new_conflict"), members=bindparam("new_members"), min_value=bindparam("new_min"),
    max_value=bindparam("new_max"), first_date=bindparam("new_first"), last_date=bindparam("new_last"))
_UPDATE_FACETS = update(_g).where(_g.c.id == bindparam("gid")).values(
    kind=bindparam("new_kind"), modifiers=bindparam("new_modifiers"), holder_entity_id=bindparam("new_holder"),
    holder=bindparam("new_holder_name"),
    predicate_class=bindparam("new_predicate"), place_entity_id=bindparam("new_place_id"),
    period=bindparam("new_period"), unit=bindparam("new_unit"), base_key=bindparam("new_base"),
    cumulative=bindparam("new_cumulative"), label=bindparam("new_label"), place=bindparam("new_place"))


def _eid(entity_id: int | None) -> str | None:
    return None if entity_id is None else f"E{entity_id}"


def _holder(entity_id: int | None, text: str | None) -> str | None:
    """A holder by its canonical entity (E7), else by the common noun that names it (~programme)."""
    return _eid(entity_id) if entity_id is not None else (f"~{text}" if text else None)


def _num(ref: str | None) -> int | None:
    return int(ref[1:]) if ref and ref.startswith("E") else None


def _facets(fig: dict) -> Facets:
    return Facets(unit=fig["unit"], kind=fig["kind"], modifiers=frozenset(filter(None, (fig["modifiers"] or "").split("+"))),
                  holder=_holder(fig["holder_entity_id"], fig["holder"]), predicate=fig["predicate_class"],
                  place=_eid(fig["place_entity_id"]), period=fig["period"], part=bool(fig["part"]))
