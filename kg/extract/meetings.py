"""Meetings: diplomatic encounters the article reports as having taken place.

A sentence holding a meeting word (`التقى`, `استقبل`, `لقاء`, `محادثات`, `اتصالا هاتفيا`...) opens a
meeting whose participants are the officials that sentence mentions (by name, alias or title),
completed from the previous sentence when it names fewer than two (`خلال لقائهما`) and by the
article's principal when it names one (`وخلال لقائه مع ...`).  `كلا على حدة` splits a list into
separate bilateral meetings.  Sentences with `بحضور`/`حضر اللقاء` add attendees to the meeting
they follow.  Planned meetings (`سيلتقي`, `من المقرر`, `المقبل`) and encounters of a single party
(all participants from one country) are dropped.

Each meeting's passage runs from its sentence to the next meeting's; its topics are the cues of
that passage (titles excluded).  Its date, place and mode come from its own sentence, else from
the dateline.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache

from kg import gazetteer
from kg.extract import lexicon as lx
from kg.extract.dates import find_dates
from kg.extract.doc import Doc
from kg.extract.officials import Mention
from kg.extract.topics import topics_in
from kg.records import Dateline, Meeting, Official, Place, Span
from kg.text import fold, fold_in_place

_TRIGGER_PREFIXES = tuple(
    fold(w)
    for w in (
        "التقى",
        "التقت",
        "التقيا",
        "استقبل",
        "استقبال",
        "الاستقبال",
        "لقاء",
        "لقائ",
        "اللقاء",
        "اجتمع",
        "اجتماعا",
        "محادثات",
        "المحادثات",
        "مباحثات",
        "المباحثات",
        "مشاورات",
        "اتصالا",
        "اتصال",
        "الاتصال",
        "مكالمة",
        "المكالمة",
        "هاتف",
        "شارك",
        "استضاف",
        "اجتماع",
        "قمة",
        "جمعه",
        "جمعها",
        "جمعهما",
        "وداع",
        "توديع",
    )
)
_PAST_VERBS = tuple(
    fold(w)
    for w in (
        "التقى",
        "التقت",
        "التقيا",
        "استقبل",
        "اجتمع",
        "أجرى",
        "أجرت",
        "أجريا",
        "عقد",
        "تلقى",
        "تلقت",
        "شارك",
        "استضاف",
        "هاتف",
        "اتصل",
        "تباحث",
        "بحث",
        "ناقش",
        "جمعه",
        "جمعها",
        "جمعهما",
        "جمعت",
    )
)
_WEAK_TRIGGERS = {fold(w) for w in ("بحث", "بحثا", "ناقش", "ناقشا", "تباحث", "تباحثا", "بحثت", "ناقشت")}
# a superset of what _is_trigger accepts, to rule sentences out quickly
_TRIGGER_SCAN = re.compile(
    r"(?<!\S)[وفبل]?(?:" + "|".join(map(re.escape, (*_TRIGGER_PREFIXES, *_WEAK_TRIGGERS))) + ")"
)
_PRESENT_TENSE = re.compile(r"^(?:و|ف)?(?:ي|ت)(?:لتقي|ستقبل|بحث|ناقش|جري|عقد|زور|تباحث)")
_FUTURE_VERB = re.compile(r"^(?:و|ف)?س(?:ي|ت)(?:لتقي|ستقبل|بحث|ناقش|جري|عقد|زور|تباحث|قوم)")
_SEPARATELY = re.compile(
    fold("(?:كلا|كل|كلٌّ) على حد[ةه]|كل على انفراد|بشكل منفصل|على انفراد|لقاءات|اجتماعات منفصلة|محادثات منفصلة")
)
# "ومن الجانب الأمريكي ..." right after "حضر الاجتماع ..." names more attendees
_OTHER_SIDE = re.compile(fold(r"^\W*و?من (?:الجانب|جانب) "))
_ATTENDANCE = re.compile(
    fold(
        r"بحضور|حضر(?:ه|ها)? (?:اللقاء|الاستقبال|الاجتماع|المحادثات|المباحثات|المؤتمر|القمة|الجلسة)"
        r"|وحضر|حضره|حضرها"
    )
)
# searched in fold_in_place text, so the pattern is folded the same way (ة -> ه)
_DELEGATION = re.compile(
    fold_in_place(r"(?<!\w)(?:و|ب)?(?:وفد(?:ا|اً)?|وفود|ممثلين عن|ممثلي|ممثلو|قادة)(?!\w)")
)
_VIDEO = re.compile(fold(r"الفيديو|فيديو|افتراضي|الافتراضي|عن بعد|المرئي"))
_PHONE = re.compile(fold(r"هاتفي|الهاتف|مكالمة|مكالمه|اتصالا(?!ت)"))
_PLACE_PREPOSITION = re.compile(
    fold(
        r"(?:^|\s)(?:في|ب|الى|إلى|زار|يزور|تزور|وصل|وصوله|بمدينة|مدينة|العاصمة|بالعاصمة|للعاصمة)(?:\s+ال\w+)?\s*$"
    )
)
_MARGIN = re.compile(fold(r"على هامش"))
_OCCASION_STOP = {
    fold(w)
    for w in (
        "المنعقد",
        "المنعقدة",
        "الذي",
        "التي",
        "المقام",
        "المقامة",
        "منذ",
        "حيث",
        "اليوم",
        "هنا",
        "أمس",
        "امس",
        "يوم",
        "بمدينة",
        "بالعاصمة",
    )
}


@dataclass
class _Draft:
    sentence: int
    people: list[int]
    retold: list[int] = field(default_factory=list)  # sentences that come back to this meeting
    passages: list[tuple[int, int]] = field(default_factory=list)  # sentence ranges [first, last)
    attendees: list[int] = field(default_factory=list)
    later: list[int] = field(default_factory=list)  # sentences after the passage that return to it


def extract_meetings(
    doc: Doc,
    officials: list[Official],
    mentions: list[Mention],
    dateline: Dateline | None,
    anchor: date | None,
    exclude: list[tuple[int, int]],
) -> list[Meeting]:
    """Meetings reported in the article, in text order."""
    if not mentions:
        return []  # a meeting's people are mentioned officials: none here (most articles of an archive)
    sentences = doc.sentences
    greeted = _greeted(doc, mentions)
    # each sentence's mentions, grouped once (not rescanned per sentence: long articles stay linear)
    live_in: list[list[Mention]] = [[] for _ in sentences]
    for m in mentions:
        if id(m) not in greeted and sentences:
            live_in[doc.sentence_of(m.start)].append(m)
    people_in = [_people(live_in[n], s, e) for n, (s, e) in enumerate(sentences)]
    drafts: list[_Draft] = []
    principal_count: dict[int, int] = {}
    for n, (s, e) in enumerate(sentences):
        folded = fold(doc.text[s:e])
        attendance = _ATTENDANCE.search(folded)
        words = (_ATTENDANCE.sub(" ", folded) if attendance else folded).split()
        if drafts and not attendance and _OTHER_SIDE.search(folded) and not _has_trigger(words):
            attendance = _OTHER_SIDE.search(folded)
        if drafts and attendance and not _has_trigger(words):
            drafts[-1].attendees += [p for p in people_in[n] if p not in drafts[-1].people]
            continue
        if not _has_trigger(words) or _is_future(words, folded):
            continue
        if drafts and not _opens_meeting(words):
            continue  # "وجرى خلال اللقاء ...": the meeting already told, not a new one
        for clause_people, clause_text, subject_unnamed in _clauses(doc, s, e, live_in[n]):
            people = clause_people
            if subject_unnamed and principal_count:
                principal = max(principal_count, key=principal_count.get)
                if principal not in people:
                    people = [principal, *people]  # "وأجرى الوزير ... لقاءات مع ...": the article's principal
            if len(people) < 2 and n > 0 and not people and people_in[n - 1]:
                people = list(people_in[n - 1])
            if len(people) == 1:
                principal = max(principal_count, key=principal_count.get) if principal_count else None
                if principal is not None and principal != people[0]:
                    people = [principal, *people]
            if len(people) < 2:
                continue
            groups = [people]
            if len(people) >= 3 and _SEPARATELY.search(clause_text):
                groups = [[people[0], other] for other in people[1:]]
            for group in groups:
                if (
                    drafts
                    and set(group) <= set(drafts[-1].people + drafts[-1].attendees)
                    and len(groups) == 1
                    and not _ANOTHER.search(clause_text)  # "كما عقد ... اجتماعا موسعا": a second one
                    and not _side_meeting(clause_text, group, drafts[-1])
                ):
                    # the same encounter told again ("وفي لقائه مع دار ..."): its passage goes on here
                    if n > drafts[-1].sentence and n not in drafts[-1].retold:
                        drafts[-1].retold.append(n)
                    continue
                last = drafts[-1] if drafts else None
                if (
                    last is not None
                    and set(last.people) < set(group)
                    and n - last.sentence <= 2
                    and not _ANOTHER.search(clause_text)
                ):
                    # "وكان كينياتا في استقبال اوباما ... وصافح نائب الرئيس": more of the same encounter
                    last.attendees += [p for p in group if p not in last.people and p not in last.attendees]
                    continue
                told = None
                if not _ANOTHER.search(clause_text):
                    told = next((d for d in drafts if set(d.people) == set(group)), None)
                if told is not None:
                    told.retold.append(n)  # "وخلال لقائه مع رئيسي": back to a meeting listed before
                    continue
                drafts.append(_Draft(n, group))
                for p in group:
                    principal_count[p] = principal_count.get(p, 0) + 1
    # each meeting's passages run from where it is told to where the next meeting is told
    starts = sorted({d.sentence for d in drafts} | {r for d in drafts for r in d.retold})
    in_many = {p for p in principal_count if principal_count[p] > 1}
    for d in drafts:
        for first in [d.sentence, *d.retold]:
            last = next((x for x in starts if x > first), len(sentences))
            d.passages.append((first, last))
        # a later sentence about a meeting's counterpart ("وأشاد جريجوريان ...") still tells of it
        own = set(d.people + d.attendees) - in_many
        end = max(last for _, last in d.passages)
        d.later = [n for n in range(end, len(sentences)) if n not in starts and own & set(people_in[n])]
    occasion = _occasion(doc)
    meetings = []
    for k, d in enumerate(drafts):
        m = _build(doc, d, officials, dateline, anchor, exclude, occasion, first_meeting=k == 0)
        if m is not None:
            meetings.append(m)
    return meetings


def _side_meeting(clause_text: str, group: list[int], last: _Draft) -> bool:
    """Two of a multilateral meeting's people meeting apart: "والتقى يانغ بميركل على هامش المؤتمر"."""
    everyone = set(last.people + last.attendees)
    verbs = [_core(w) for w in clause_text.split()]
    return len(everyone) > len(group) and any(v.startswith(_PAST_VERBS) for v in verbs)


def _clauses(doc: Doc, start: int, end: int, live: list[Mention]) -> list[tuple[list[int], str, bool]]:
    """A sentence telling several encounters, cut at each meeting word after the first:
    "أجرى لقاءات مع A ونظيره B، وعقد اجتماعا مع C" -> (subject, A, B) and (subject, C).
    The subject, named before the first meeting word, takes part in each.  A clause with plural
    meetings ("لقاءات") is one bilateral meeting per person."""
    rng = doc.token_range(start, end)
    words = [doc.tokens[k].norm for k in rng]
    cuts = [doc.tokens[rng.start + k].start for k in _opening_indices(words)]
    if len(cuts) < 2:
        return [(_people(live, start, end), fold(doc.text[start:end]), False)]
    bounds = [start, *cuts[1:], end]
    subject = _people(live, start, cuts[0])
    first_clause = _people(live, start, cuts[1])
    if not subject and len(first_clause) == 1:
        # "ضمن مشاوراته ... زار المبعوث X بكين حيث التقى مع A، وB": X alone in the first clause
        # is the one who meets in the next ones
        subject = first_clause
    out: list[tuple[list[int], str, bool]] = []
    for a, b in zip(bounds, bounds[1:], strict=False):
        own = [p for p in _people(live, a, b) if p not in subject]
        text = fold(doc.text[a:b])
        if not out or own:
            out.append((subject + own, text, not subject))
        else:  # nobody new: the clause goes on telling the encounter before it
            out[-1] = (out[-1][0], out[-1][1] + " " + text, out[-1][2])
    return out


_ANOTHER = re.compile(fold(r"موسع|كما (?:عقد|التقى|استقبل|اجتمع)"))
_JOINING = tuple(fold(w) for w in ("شارك", "استضاف", "حضر"))


def _core(w: str) -> str:
    return w[1:] if w[:1] in ("و", "ف") and len(w) > 4 else w


def _opening_indices(words: list[str]) -> list[int]:
    found = []
    for k, w in enumerate(words):
        if k > 0 and words[k - 1] == fold("هامش"):
            continue  # "على هامش اجتماع ...": the occasion, not another meeting
        if _core(w).startswith(_JOINING):
            continue  # "وشارك فيه ...": more people in the same encounter, not a new one
        if _opens_at(words, k):
            found.append(k)
    return found


def _people(mentions: list[Mention], start: int, end: int) -> list[int]:
    seen: list[int] = []
    for m in mentions:
        if start <= m.start < end and m.person not in seen:
            seen.append(m.person)
    return seen


_BACK_REFERENCE = tuple(
    fold(w)
    for w in (
        "اللقاء",
        "الاستقبال",
        "الاجتماع",
        "المحادثات",
        "المباحثات",
        "الاتصال",
        "المكالمة",
        "لقائه",
        "لقائها",
        "محادثاته",
        "مباحثاته",
        "محادثاتهما",
        "مباحثاتهما",
        "اتصاله",
    )
)
_WITH = fold("مع")


def _opens_meeting(words: list[str]) -> bool:
    """Some word tells of a new encounter (see `_opens_at`)."""
    return any(_opens_at(words, k) for k in range(len(words)))


def _opens_at(words: list[str], k: int) -> bool:
    """Word k tells of a new encounter: a verb (التقى), an indefinite noun (لقاء مع), or any
    meeting noun followed by "مع" (وخلال المحادثات مع ...)."""
    w = words[k]
    core = w[1:] if w[:1] in ("و", "ف", "ب", "ل") and len(w) > 4 else w
    is_trigger = (
        w.startswith(_TRIGGER_PREFIXES) or core.startswith(_TRIGGER_PREFIXES) or core in _WEAK_TRIGGERS
    )
    if not is_trigger:
        return False
    return not core.startswith(_BACK_REFERENCE) or _WITH in words[k + 1 : k + 4]


_GREETING = {
    fold(w)
    for w in (
        "تحيات",
        "تحياته",
        "تحيات",
        "تهاني",
        "وتهاني",
        "تهنئة",
        "رسالة",
        "نيابة",
        "بالنيابة",
        "وتحيات",
        "تحياتهما",
        "وتمنيات",
        "تمنيات",
        "خطية",
    )
}


def _greeted(doc: Doc, mentions: list[Mention]) -> set[int]:
    """Mentions of people who only send greetings or a message: everyone named after
    "نقل تحيات" in the sentence ("تحيات الملك، وولي العهد، وتمنياتهم لأمير قطر"), up to the next
    meeting verb."""
    out = set()
    for m in mentions:
        i = doc.token_index(m.start)
        s_start, _ = doc.sentences[doc.sentence_of(m.start)]
        first = doc.token_index(s_start)
        for k in range(i - 1, first - 1, -1):
            norm = doc.tokens[k].norm
            if norm in _GREETING:
                out.add(id(m))
                break
            if _core(norm).startswith(_PAST_VERBS):
                break
    return out


def _has_trigger(words: list[str]) -> bool:
    # one regex over the sentence first: most sentences hold no meeting word at all
    if not _TRIGGER_SCAN.search(" ".join(words)):
        return False
    return any(_is_trigger(w) for w in words)


@lru_cache(maxsize=200_000)
def _is_trigger(w: str) -> bool:
    core = w[1:] if w[:1] in ("و", "ف", "ب", "ل") and len(w) > 4 else w
    return (
        w.startswith(_TRIGGER_PREFIXES)
        or core.startswith(_TRIGGER_PREFIXES)
        or w in _WEAK_TRIGGERS
        or core in _WEAK_TRIGGERS
    )


def _is_future(words: list[str], folded: str) -> bool:
    if any(_FUTURE_VERB.match(w) for w in words):
        return True
    if any(w in lx.FUTURE_MARKERS for w in words):
        return True
    if fold("من المقرر") in folded:
        return True
    cores = [w[1:] if w[:1] in ("و", "ف") and len(w) > 4 else w for w in words]
    # a noun (محادثات) has no tense: only a past verb shows the encounter happened
    past = any(c.startswith(_PAST_VERBS) for c in cores) or any(c in _WEAK_TRIGGERS for c in cores)
    return _present_meeting(words) and not past


_RELATIVE = {fold("التي"), fold("الذي"), fold("اللتين"), fold("اللذين")}


def _present_meeting(words: list[str]) -> bool:
    """A meeting told in the present tense, i.e. planned in news copy: "يلتقي خلالها", "تجري خلالها
    محادثات"; not a relative clause ("التي تجري على مستوى عال")."""
    for k, w in enumerate(words):
        if not _PRESENT_TENSE.match(w) or (k > 0 and words[k - 1] in _RELATIVE):
            continue
        verb_is_meeting = not re.match(r"^(?:و|ف)?(?:ي|ت)جري", w)
        if verb_is_meeting or _has_trigger(words[k + 1 : k + 4]):
            return True
    return False


def _build(
    doc: Doc,
    d: _Draft,
    officials: list[Official],
    dateline: Dateline | None,
    anchor: date | None,
    exclude: list[tuple[int, int]],
    occasion: str | None,
    first_meeting: bool = False,
) -> Meeting | None:
    s, e = doc.sentences[d.sentence]
    people = d.people + [a for a in d.attendees if a not in d.people]
    countries: list[str] = []
    orgs: list[str] = []
    for p in people:
        o = officials[p]
        if o.country and o.country not in countries:
            countries.append(o.country)
        if o.org and o.org not in orgs:
            orgs.append(o.org)
    for code in _delegations(doc, s, e):
        if code not in countries:
            countries.append(code)
    if len(set(countries)) + len(set(orgs)) < 2:
        return None  # a domestic meeting, or one whose other party is unknown
    lead_start = doc.sentences[0][0] if first_meeting else s
    folded = fold(doc.text[lead_start:e])
    mode = "video" if _VIDEO.search(folded) else "phone" if _PHONE.search(folded) else "in_person"
    passage = [(s, e)] + [(doc.sentences[a][0], doc.sentences[b - 1][1]) for a, b in d.passages]
    when, basis = _date(doc, passage, dateline, anchor)
    place = None if mode != "in_person" else _place(doc, passage, dateline)
    if place is None and mode == "in_person" and _RECEIVED.search(folded):
        host = officials[people[0]]
        if host.country:  # "استقبل أمير دولة قطر ... في قصره": received at home
            place = Place(None, host.country)
    topics: list[str] = []
    spans = [(doc.sentences[a][0], doc.sentences[b - 1][1]) for a, b in d.passages]
    spans += [doc.sentences[n] for n in d.later]
    for ps, pe in spans:
        topics += [t for t in topics_in(doc.text, ps, pe, exclude=exclude) if t not in topics]
    return Meeting(
        participants=[officials[p].key for p in people],
        countries=countries,
        organizations=orgs,
        mode=mode,
        date=when,
        date_basis=basis,
        place=place,
        occasion_ar=occasion,
        topics=topics,
        span=Span(s, e),
    )


def _delegations(doc: Doc, start: int, end: int) -> list[str]:
    """Countries present through an unnamed delegation: "وفدا من أفغانستان", "وفد صيني"."""
    codes = []
    for m in _DELEGATION.finditer(fold_in_place(doc.text[start:end])):
        # the list runs to the next full stop or clause comma after its last country
        window_end = min(end, start + m.end() + 120)
        pos = start + m.end()
        for c in gazetteer.find_countries(doc.text, pos, window_end):
            between = doc.text[pos : c.start]
            if len(between) > 25 or "." in between:
                break
            codes.append(c.code)
            pos = c.end
    return codes


def _date(
    doc: Doc, spans: list[tuple[int, int]], dateline: Dateline | None, anchor: date | None
) -> tuple[str | None, str | None]:
    """The date of the meeting's own sentence, else of a later sentence of its passage that tells of
    the visit or meeting ("لدى استقباله السفير ... اليوم"), else the dateline's."""
    from_dateline = dateline is not None and dateline.date is not None
    for k, (start, end) in enumerate(spans):
        if dateline is not None and dateline.span is not None and start < dateline.span.end:
            start = min(end, dateline.span.end)  # the dateline's own date is not the meeting's
        for dm in find_dates(doc.text, anchor, start, end):
            if dm.date is None or (k > 0 and not _tells_of_a_visit(doc, dm.start)):
                continue
            if dm.kind in ("explicit", "hijri"):
                return dm.date, "explicit"
            if dm.kind == "today" and from_dateline:
                return dm.date, "dateline"
            return dm.date, "relative"
    if from_dateline:
        assert dateline is not None
        return dateline.date, "dateline"
    return None, None


_VISIT = re.compile(fold(r"زيار|زار|يزور|وصل|وصول|استقبال|استقبل|التقى|لقائه"))
_RECEIVED = re.compile(fold(r"(?:^|\s)و?استقبل"))


def _tells_of_a_visit(doc: Doc, offset: int) -> bool:
    s, e = doc.sentences[doc.sentence_of(offset)]
    return bool(_VISIT.search(fold(doc.text[s:e])))


def _place(doc: Doc, spans: list[tuple[int, int]], dateline: Dateline | None) -> Place | None:
    """The city the meeting's own sentence puts it in ("في جدة", "بالعاصمة الإثيوبية أديس أبابا",
    "الذي يزور القاهرة"), else the rest of its passage, else the dateline.  A city without such a
    word ("قالت بكين") is a government, not a place."""
    for k, (start, end) in enumerate(spans):
        for c in doc.city_mentions:
            if not start <= c.start < end:
                continue
            if k > 0 and not _tells_of_a_visit(doc, c.start):
                continue  # later in the passage only a sentence about the visit or meeting places it
            before = fold(doc.text[max(0, c.start - 30) : c.start])
            glued = (
                c.start > 0
                and doc.text[c.start - 1] in "بف"
                and (c.start < 2 or doc.text[c.start - 2].isspace())
            )
            if glued or _PLACE_PREPOSITION.search(before):
                return Place(c.text, c.code, Span(c.start, c.end))
    if dateline is not None and dateline.place_ar and dateline.country:
        return Place(dateline.place_ar, dateline.country, dateline.span)
    return None


def _occasion(doc: Doc) -> str | None:
    """The wider event ("على هامش ..."), as written, up to a clause boundary."""
    m = _MARGIN.search(fold_in_place(doc.text))
    if m is None:
        return None
    i = doc.token_index(m.end())
    first = i
    while (
        i < len(doc.tokens)
        and (i == first or not doc.breaks_before(i))
        and doc.tokens[i].norm not in _OCCASION_STOP
    ):
        i += 1
    if i == first:
        return None
    return doc.text[doc.tokens[first].start : doc.tokens[i - 1].end]
