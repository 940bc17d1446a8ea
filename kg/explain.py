"""What extraction found in one article, with the evidence for each fact: the records of
`kg.pipeline.extract_article` as JSON-ready dicts or as a plain-text report.

Every span is `[start, end)` in code points into the article text, quoted, so a reader can see
why the graph says what it says.
"""

from __future__ import annotations

from typing import Any

from kg.records import ArticleRecord, Span

_QUOTE_LIMIT = 160


def evidence(text: str, span: Span | None) -> dict[str, Any] | None:
    if span is None:
        return None
    return {"start": span.start, "end": span.end, "text": text[span.start : span.end]}


def as_dict(record: ArticleRecord) -> dict[str, Any]:
    """The record with each span replaced by `{"start", "end", "text"}`."""
    text = record.article.text
    dateline = record.dateline
    by_key = {o.key: o.name_ar for o in record.officials}
    return {
        "id": record.article.id,
        "dateline": None
        if dateline is None
        else {
            "place_ar": dateline.place_ar,
            "country": dateline.country,
            "date": dateline.date,
            "agency": dateline.agency,
            "evidence": evidence(text, dateline.span),
        },
        "officials": [
            {
                "key": o.key,
                "name_ar": o.name_ar,
                "aliases_ar": o.aliases_ar,
                "titles_ar": o.titles_ar,
                "country": o.country,
                "org": o.org,
                "mentions": [evidence(text, s) for s in o.spans],
            }
            for o in record.officials
        ],
        "meetings": [
            {
                "participants": m.participants,
                "participant_names": [by_key[k] for k in m.participants],
                "countries": m.countries,
                "organizations": m.organizations,
                "mode": m.mode,
                "date": m.date,
                "date_basis": m.date_basis,
                "place": None
                if m.place is None
                else {
                    "city_ar": m.place.city_ar,
                    "country": m.place.country,
                    "evidence": evidence(text, m.place.span),
                },
                "occasion_ar": m.occasion_ar,
                "topics": m.topics,
                "evidence": evidence(text, m.span),
            }
            for m in record.meetings
        ],
        "countries": record.countries,
        "organizations": record.organizations,
        "topics": record.topics,
    }


def as_text(record: ArticleRecord) -> str:
    """A report for people: one block per official and meeting, each fact with its evidence."""
    data = as_dict(record)
    lines = [f"Article {data['id']}"]
    if data["dateline"]:
        d = data["dateline"]
        lines.append(
            f"  dateline  {d['place_ar'] or '-'} ({d['country'] or '?'}) {d['date'] or ''} {d['agency'] or ''}"
        )
    lines.append(f"Officials ({len(data['officials'])})")
    for o in data["officials"]:
        who = o["country"] or o["org"] or "?"
        lines.append(f"  {o['key']}  {o['name_ar']}  [{who}]")
        if o["aliases_ar"]:
            lines.append(f"      aliases   {' | '.join(o['aliases_ar'])}")
        if o["titles_ar"]:
            lines.append(f"      titles    {' | '.join(o['titles_ar'])}")
        spans = ", ".join(f"{e['start']}-{e['end']}" for e in o["mentions"])
        lines.append(f"      mentions  {spans}")
    lines.append(f"Meetings ({len(data['meetings'])})")
    for n, m in enumerate(data["meetings"], 1):
        place = m["place"]
        where = "-" if place is None else f"{place['city_ar'] or '-'} ({place['country']})"
        when = f"{m['date']} ({m['date_basis']})" if m["date"] else "-"
        lines.append(f"  {n}. {m['mode']}  date {when}  place {where}")
        lines.append(f"      participants  {' | '.join(m['participant_names'])}")
        lines.append(f"      countries     {' '.join(m['countries'] + m['organizations'])}")
        if m["occasion_ar"]:
            lines.append(f"      occasion      {m['occasion_ar']}")
        if m["topics"]:
            lines.append(f"      topics        {' '.join(m['topics'])}")
        e = m["evidence"]
        if e:
            quote = e["text"] if len(e["text"]) <= _QUOTE_LIMIT else e["text"][:_QUOTE_LIMIT] + "…"
            lines.append(f"      evidence      [{e['start']}-{e['end']}] {quote}")
    lines.append(f"Countries  {' '.join(data['countries']) or '-'}")
    if data["organizations"]:
        lines.append(f"Organizations  {' '.join(data['organizations'])}")
    lines.append(f"Topics  {' '.join(data['topics']) or '-'}")
    return "\n".join(lines)
