"""Officials: named office-holders, found where a name meets a title phrase.

The rules, in order:
1. A *title phrase* opens with an office or rank (`وزير`, `الرئيس`, `سفير`, `اللواء`...) and runs
   over its complements: genitives and adjectives with "ال", nested offices (`ووزير`), country
   names and nationality adjectives, `لدى`/`في`/`إلى` + a country (where the office is held).
2. The person's name sits right after the phrase (`الرئيس الصيني شي جين بينغ`), or right before it
   (`قوه شنغ كون، عضو المكتب السياسي`, `آشتون كارتر وزير الدفاع الأميركي`), honorifics dropped.
3. Every phrase attached to one person gives a title; the first country or organisation named in a
   phrase (not the host after `لدى`) is the one the person represents.
4. Forms of one name are one person (`محمد بن سلمان` in `محمد بن سلمان بن عبدالعزيز`); later bare
   surnames (`شويجو`; for Chinese names the family name first, `قوه`) are aliases.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from kg.extract import lexicon as lx
from kg.extract.doc import Doc
from kg.extract.words import dictionary_form, is_word
from kg.records import Official, Span
from kg.text import fold, strip_marks

_RANK_HEADS = lx.RANKS - {
    fold(w) for w in ("أول", "ركن", "طيار", "بحري", "فريق", "لواء", "عميد", "عقيد", "مقدم", "رائد", "نقيب")
}
_RANK_MODIFIERS = {fold(w) for w in ("أول", "ركن", "طيار", "بحري")}
_HOST_MARKERS = {fold(w) for w in ("لدى", "في", "إلى", "الى", "عند")}
_ROYAL_START = {fold(w) for w in ("خادم", "العاهل")}
_FAMILY_NAME_FIRST = {"CN", "TW", "HK", "MO", "KP", "KR", "VN", "SG"}
_VISITING = {fold(w) for w in ("الزائر", "الزائرة", "الضيف", "الضيفة")}
_MAX_PHRASE = 22
_MAX_NAME = 6


@dataclass
class TitlePhrase:
    start: int  # token indices, [start, end)
    end: int
    country: str | None = None
    org: str | None = None
    former: bool = False
    name: tuple[int, int] | None = None  # token range of the attached name


@dataclass
class Mention:
    person: int  # index into the officials list
    start: int  # character offsets
    end: int
    kind: str  # "name" | "alias" | "title"


@dataclass
class _Person:
    forms: list[tuple[int, int]] = field(default_factory=list)  # token ranges of name mentions
    phrases: list[TitlePhrase] = field(default_factory=list)
    key: tuple[str, ...] = ()


def extract_officials(doc: Doc, home_country: str | None = None) -> tuple[list[Official], list[Mention]]:
    """Officials of the article and every mention of each (name, alias, or bare title phrase)."""
    phrases = find_title_phrases(doc)
    for p in phrases:
        p.name = _name_after(doc, p) or _name_before(doc, p)
    _split_spoken_for(doc, phrases)
    people = _group(doc, [p for p in phrases if p.name and not p.former])
    officials: list[Official] = []
    mentions: list[Mention] = []
    name_tokens: set[int] = set()
    explicit = [_represents(p, None) for p in people]
    for n, person in enumerate(people):
        if explicit[n] == (None, None):
            explicit[n] = (
                _side_country(doc, person)
                or _listed_after(doc, person, people, explicit)
                or _bare_title_country(doc, person, phrases, people, explicit),
                None,
            )
    for n, person in enumerate(people):
        # the fullest form names the person; between equally full ones, the first written (a
        # set's order would change with the process's string hashing, and so the graph's label)
        written = dict.fromkeys(_text(doc, f) for f in sorted(person.forms))
        forms = sorted(written, key=lambda s: (-len(s.split()), -len(s)))
        country, org = explicit[n] if explicit[n] != (None, None) else (home_country, None)
        titles: list[str] = []
        for p in person.phrases:
            for title in _titles(doc, p):
                if title not in titles:
                    titles.append(title)
        officials.append(
            Official(
                key=f"p{n + 1}",
                name_ar=forms[0],
                aliases_ar=forms[1:],
                titles_ar=titles,
                country=country,
                org=org,
            )
        )
        for f in person.forms:
            name_tokens.update(range(*f))
            mentions.append(Mention(n, doc.start_of(f[0]), doc.tokens[f[1] - 1].end, "name"))
        for p in person.phrases:
            mentions.append(Mention(n, doc.tokens[p.start].start, doc.tokens[p.end - 1].end, "title"))
    mentions += _aliases(doc, people, officials, name_tokens)
    for m in mentions:
        officials[m.person].spans.append(Span(m.start, m.end))
    for o in officials:
        o.spans.sort(key=lambda s: (s.start, s.end))
    mentions.sort(key=lambda m: (m.start, m.end))
    # bare title phrases ("نظيره الروسي") that name nobody, kept for the meeting rules
    for p in phrases:
        if p.name is None and not p.former and (p.country or p.org):
            ref = _resolve_title_only(doc, p, officials)
            if ref is not None:
                mentions.append(Mention(ref, doc.tokens[p.start].start, doc.tokens[p.end - 1].end, "title"))
    mentions.sort(key=lambda m: (m.start, m.end))
    return officials, mentions


# ---------------------------------------------------------------------- title phrases

_PLURAL_OFFICES = {
    fold(w) for w in ("وزراء", "رؤساء", "سفراء", "أمراء", "قادة", "مسؤولين", "رئيسا", "وزيرا", "نائبا")
}


def _office_follows(doc: Doc, i: int) -> bool:
    """Word i is an office (مساعد وزير الدفاع، أمير منطقة) rather than a given name (مساعد العيبان)."""
    if i > 0 and doc.core(i - 1) in lx.HONORIFICS:
        return False
    j = i + 1
    if j >= len(doc.tokens) or doc.breaks_before(j):
        return False
    core = doc.core(j)
    bare = core[2:] if core.startswith("ال") else core
    return (
        core in lx.TITLE_HEADS
        or bare in lx.TITLE_HEADS
        or core in lx.TITLE_COMPLEMENTS
        or bare in lx.TITLE_COMPLEMENTS
        or (core in lx.NOT_NAME and core not in lx.STOPWORDS)
        or doc.mention_at(j) is not None
    )


def _opens_phrase(doc: Doc, i: int) -> bool:
    core = doc.core(i)
    if core not in _OPENERS:
        return False  # the common case, checked first: most words open nothing
    if core in _PLURAL_OFFICES:
        return False
    if core in lx.GIVEN_NAMES and not _office_follows(doc, i):
        return False  # "الدكتور مساعد العيبان": the given name, not "مساعد" (assistant)
    if doc.clitic(i) and doc.clitic(i) not in ("و", "ب", "ل"):
        return False
    return core in lx.TITLE_HEADS or core in _RANK_HEADS or core in _ROYAL_START


_OPENERS = lx.TITLE_HEADS | _RANK_HEADS | _ROYAL_START
_HOST_WORDS = ("لدي", "في", "الي")  # folded لدى، في، إلى


def find_title_phrases(doc: Doc) -> list[TitlePhrase]:
    phrases: list[TitlePhrase] = []
    n = len(doc.tokens)
    # the words that may open a phrase, found in one pass: most words of an article open none
    openers = [k for k, (_, core) in enumerate(doc.analysed) if core in _OPENERS]
    i = 0
    for k in openers:
        if k < i:
            continue  # inside the phrase just read
        i = k
        if not _opens_phrase(doc, i):
            continue
        phrase = TitlePhrase(i, i + 1)
        j, host = i + 1, False
        while j < n and j - i < _MAX_PHRASE and not doc.breaks_before(j):
            mention = doc.mention_at(j)
            core = doc.core(j)
            if mention is not None:
                if not host:
                    if mention.kind == "org":
                        phrase.org = phrase.org or mention.code
                    elif phrase.country is None and phrase.org is None:
                        phrase.country = mention.code
                j = doc.tokens_of(mention).stop
                continue
            if core in _HOST_MARKERS:
                nxt = j + 1
                if (
                    nxt < n
                    and not doc.breaks_before(nxt)
                    and (
                        doc.mention_at(nxt) is not None
                        or (core != fold("في") and doc.core(nxt).startswith("ال"))
                    )
                ):
                    host = True
                    j += 1
                    continue
                break
            if core in lx.FORMER_MARKERS:
                phrase.former = True
                j += 1
                continue
            if (
                core in lx.TITLE_HEADS
                or core in lx.RANKS
                or core in _RANK_MODIFIERS
                or core in _ROYAL_START
                or core == fold("باسم")
            ):
                j += 1
                continue
            if _construct_with_particle(doc, j):
                j += 1  # "رئيس الجمعية لتحفيظ القرآن", "المنسق الأوروبي لمكافحة الإرهاب"
                continue
            if j in doc.city_tokens and not host:
                j += 1  # "أمير منطقة نجران", "محافظ عدن"
                continue
            if core in lx.REGIONS:
                if phrase.country is None and phrase.org is None and not host:
                    phrase.country = lx.REGIONS[core]
                j += 1
                continue
            if core in lx.GIVEN_NAMES or core in lx.STOPWORDS or core in lx.HONORIFICS:
                break  # an honorific ("الدكتور", "الشيخ") announces the name
            if (
                doc.definite(j)
                or core in lx.TITLE_COMPLEMENTS
                or (core in lx.NOT_NAME and core not in lx.STOPWORDS)
            ):
                if phrase.country is None and phrase.org is None and not host and core in lx.REGIONS:
                    phrase.country = lx.REGIONS[core]
                j += 1
                continue
            break
        phrase.end = j
        if j == i + 1 and not doc.definite(i) and doc.core(i) not in _ROYAL_START:
            continue  # "أمير عبد اللهيان": an office word without its complement is part of a name
        _royal(doc, phrase)
        phrases.append(phrase)
        i = j
    return phrases


def _construct_with_particle(doc: Doc, j: int) -> bool:
    """ "لـ"/"بـ" + an ordinary word + a word with "ال": a complement of the office, not a name."""
    norm = doc.tokens[j].norm
    nxt = j + 1
    return (
        norm[:1] in ("ل", "ب")
        and len(norm) > 3
        and nxt < len(doc.tokens)
        and not doc.breaks_before(nxt)
        and doc.definite(nxt)
        and is_word(doc.tokens[j].text[1:])
    )


def _split_spoken_for(doc: Doc, phrases: list[TitlePhrase]) -> None:
    """ "الناطقة باسم دي ميستورا جيسي شاهين": after "باسم" comes whom she speaks for, a person named
    elsewhere in the article; the spokesperson's own name is what follows it, and she speaks for
    the same country or organisation."""
    spoken = fold("باسم")
    named = [(tuple(doc.tokens[k].norm for k in range(*p.name)), p) for p in phrases if p.name]
    for p in phrases:
        if p.name is None or doc.core(p.end - 1) != spoken:
            continue
        start, end = p.name
        words = tuple(doc.tokens[k].norm for k in range(start, end))
        for k in range(min(3, len(words) - 1), 0, -1):
            boss = next((q for other, q in named if other != words and other[-k:] == words[:k]), None)
            if boss is not None:
                p.name = (start + k, end)
                if p.country is None and p.org is None:
                    p.country, p.org = boss.country, boss.org
                break


def _royal(doc: Doc, phrase: TitlePhrase) -> None:
    """ "خادم الحرمين الشريفين" names the Saudi king; "سفير خادم الحرمين الشريفين" his ambassador."""
    words = " " + " ".join(t.norm for t in doc.tokens[phrase.start : phrase.end])
    for royal, country in lx.ROYAL_TITLES.items():
        host_at = min((words.find(" " + h + " ") for h in _HOST_WORDS if " " + h + " " in words), default=-1)
        at = words.find(" " + royal)
        if at < 0:
            at = words.find(" و" + royal)
        if at >= 0 and (host_at < 0 or at < host_at) and phrase.org is None:
            phrase.country = phrase.country or country


def _is_preposition_ala(doc: Doc, i: int) -> bool:
    # "على" (on) folds to "علي" (the given name Ali); the spelling as written tells them apart
    return strip_marks(doc.tokens[i].text) == "على"


_TANWEEN = re.compile("[\u064b-\u064d]")
_PRESENT_VERB = re.compile("^س?(?:ي|ت)(?:ت|ست|ن)..")


def _common_word(doc: Doc, i: int) -> bool:
    """Shapes that Arabic names do not take: tanween (مؤكداً), ta marbuta (مكافحة), a present-tense
    verb (يتطلع), unless the word is a known given name (أسامة)."""
    tok = doc.tokens[i]
    if tok.norm in lx.GIVEN_NAMES:
        return False
    raw = strip_marks(tok.text)
    return bool(_TANWEEN.search(tok.text)) or raw.endswith("ة") or bool(_PRESENT_VERB.match(tok.norm))


def _can_start_name(doc: Doc, i: int) -> bool:
    tok = doc.tokens[i]
    norm = tok.norm
    if doc.clitic(i) == "و" and doc.core(i) in lx.GIVEN_NAMES:
        doc.waw_conjunction.add(i)  # "، وأحمد قطان سفير ...": "and Ahmad"
        return True
    if _is_preposition_ala(doc, i) or _common_word(doc, i) or norm in _NO_START:
        return False
    if norm.startswith("و") and len(norm) >= 4 and (is_word(tok.text[1:]) or norm.endswith(_PRONOUNS)):
        return False  # "وداعه": "and" + a word, not a name beginning with و (وانغ، وليام)
    if not norm.isalpha() or len(norm) < 2:
        return False
    if norm in lx.GIVEN_NAMES:
        return True
    if doc.clitic(i):
        return False
    core = doc.core(i)
    if core in lx.NOT_NAME or core in lx.TITLE_HEADS or core in lx.RANKS or core in lx.HONORIFICS:
        return False
    if doc.mention_at(i) is not None or doc.definite(i):
        return False
    return True


# second halves of compound given names: حمد الله، نور الدين، عبد الرحمن
_COMPOUND_SECOND = {
    fold(w) for w in ("الله", "الدين", "الرحمن", "الرحيم", "العزيز", "الكريم", "الحق", "الإله")
}
_PRONOUNS = ("ه", "ها", "هم", "هما")
_REGNAL = {fold(w) for w in ("الأول", "الثاني", "الثالث", "الرابع", "الخامس", "السادس")}
_NO_START = {fold(w) for w in ("بن", "بنت", "ابن", "آل")}


def _can_continue_name(doc: Doc, i: int, after_link: bool) -> bool:
    if doc.breaks_before(i):
        return False
    norm = doc.tokens[i].norm
    if not norm.isalpha() or _is_preposition_ala(doc, i):
        return False
    if after_link:
        return norm not in lx.STOPWORDS
    if norm in _REGNAL and i > 0 and doc.tokens[i - 1].norm in lx.GIVEN_NAMES:
        return True  # "عبدالله الثاني بن الحسين"
    if norm in _COMPOUND_SECOND:
        return True  # "حمد الله مهيب"
    if norm in lx.NAME_LINKS or norm in lx.GIVEN_NAMES:
        return True
    if norm[:1] in lx.CLITICS and (norm[1:].startswith("ال") or norm.startswith("لل")):
        return False  # "بالتعاون", "والوفد": a particle glued to a noun never continues a name
    if (
        norm.startswith("و")
        and len(norm) >= 4
        and (is_word(doc.tokens[i].text[1:]) or norm.endswith(_PRONOUNS))
    ):
        return False  # "شي جين بينغ وتهانيه": "و" joins the next word (not "سيليست والاندر")
    if norm[:1] in lx.CLITICS and norm not in lx.GIVEN_NAMES and is_word(doc.tokens[i].text[1:]):
        return False  # "كينياتا بارتكاب": a particle glued to a word
    if _common_word(doc, i):
        # a family name may end in ta marbuta (غسان سلامة،) where the name ends, not before a
        # noun phrase (محمد جواد ظريف خطة التعاون)
        ta_marbuta = strip_marks(doc.tokens[i].text).endswith("ة")
        if not ta_marbuta or not (doc.definite(i) or _name_ends_after(doc, i)):
            return False
    if doc.clitic(i):
        return False
    core = doc.core(i)
    if (
        core in lx.TITLE_HEADS
        and not doc.definite(i)
        and not doc.clitic(i)
        and _followed_by_name_part(doc, i)
    ):
        return True  # "حسين أمير عبد اللهيان": an office word with no complement after it
    if core in lx.NOT_NAME or core in lx.TITLE_HEADS or core in lx.RANKS or core in lx.HONORIFICS:
        return False
    if doc.mention_at(i) is not None and _nisba_surname(doc, i):
        return True  # "محمد شياع السوداني": a nationality adjective closing a name is a family name
    if core in lx.FORMER_MARKERS or doc.mention_at(i) is not None or i in doc.city_tokens:
        return False  # "زار ... ستيفان دي ميستورا بكين": the city he visited ends his name
    if doc.definite(i) and not _surname_position(doc, i):
        return False
    return True


def _name_ends_after(doc: Doc, i: int) -> bool:
    j = i + 1
    if j >= len(doc.tokens) or doc.breaks_before(j):
        return True
    core = doc.core(j)
    return (
        core in lx.TITLE_HEADS
        or core in lx.STOPWORDS
        or core in lx.HONORIFICS
        or doc.mention_at(j) is not None
    )


def _nisba_surname(doc: Doc, i: int) -> bool:
    """A definite nationality adjective after two name words, closing the name."""
    m = doc.mention_at(i)
    if m is None or m.kind != "adjective" or not doc.tokens[i].norm.startswith("ال") or i < 2:
        return False
    before = [doc.tokens[k] for k in (i - 2, i - 1)]
    if any(doc.breaks_before(k) for k in (i - 1, i)) or any(not t.norm.isalpha() for t in before):
        return False
    if not any(t.norm in lx.GIVEN_NAMES for t in before):
        return False
    j = i + 1
    return j >= len(doc.tokens) or doc.breaks_before(j) or doc.core(j) in lx.STOPWORDS or doc.clitic(j) == "و"


def _surname_position(doc: Doc, i: int) -> bool:
    """A word with "ال" continues a name where the name ends right after it (حيدر العبادي،) or
    after a given name (عادل الجبير) unless it is an ordinary word opening a noun phrase
    ("عبدربه منصور هادي المليشيات الحوثية"), not in "بوريس روغه الموضوعات ذات ..."."""
    if _name_ends_after(doc, i):
        return True
    j = i + 1
    prev = doc.tokens[i - 1].norm if i > 0 else ""
    if prev in lx.NAME_LINKS:
        return True
    if doc.tokens[i].norm.endswith("ات"):
        return False  # a feminine plural (المليشيات) is no family name
    if prev in lx.GIVEN_NAMES:
        return not (is_word(doc.tokens[i].text) and (doc.definite(j) or is_word(doc.tokens[j].text)))
    return False


def _followed_by_name_part(doc: Doc, i: int) -> bool:
    j = i + 1
    if j >= len(doc.tokens) or doc.breaks_before(j):
        return False
    return doc.tokens[j].norm in lx.NAME_LINKS or (
        not doc.definite(j)
        and doc.mention_at(j) is None
        and doc.core(j) not in lx.NOT_NAME
        and doc.core(j) not in _OPENERS
        and doc.core(j) not in lx.TITLE_COMPLEMENTS
    )


def _all_words(doc: Doc, name: tuple[int, int]) -> bool:
    """Every part of the candidate is an ordinary Arabic word (استقباله، تحيات خادم): not a name."""
    if any(w in lx.GIVEN_NAMES for w in _key(doc, name)):
        return False  # "عبد الله الجاسر": a given name, even written in two words
    parts = [doc.tokens[k] for k in range(*name) if doc.tokens[k].norm not in lx.NAME_LINKS]
    return all(is_word(t.text) for t in parts)


def _collect_name(doc: Doc, i: int) -> tuple[int, int] | None:
    """The name starting at token i, as a token range, or None."""
    if i >= len(doc.tokens) or not _can_start_name(doc, i):
        return None
    j, words, after_link = i + 1, 1, doc.tokens[i].norm in lx.NAME_LINKS
    while j < len(doc.tokens) and words < _MAX_NAME and _can_continue_name(doc, j, after_link):
        norm = doc.tokens[j].norm
        closing = (
            doc.definite(j)
            and not after_link
            and norm not in lx.GIVEN_NAMES
            and norm not in lx.NAME_LINKS
            and norm not in _COMPOUND_SECOND
        )
        after_link = doc.tokens[j].norm in lx.NAME_LINKS and not after_link
        words += not after_link
        j += 1
        # a family name with "ال" closes the name (عادل الجبير), unless "بن"/"آل" goes on or a
        # second one ends the clause (صباح خالد الحمد الصباح،)
        if closing and j < len(doc.tokens) and doc.tokens[j].norm not in lx.NAME_LINKS:
            if not (doc.definite(j) and not doc.breaks_before(j) and _surname_position(doc, j)):
                break
    while j - 1 > i and doc.tokens[j - 1].norm in lx.NAME_LINKS:
        j -= 1
    if _all_words(doc, (i, j)):
        return None
    return i, j


def _skip_honorifics(doc: Doc, k: int, end: int) -> int:
    while k < end and doc.core(k) in lx.HONORIFICS and doc.tokens[k].norm not in lx.GIVEN_NAMES:
        k += 1
    return k


def _name_after(doc: Doc, phrase: TitlePhrase) -> tuple[int, int] | None:
    k = phrase.end
    if k >= len(doc.tokens):
        return None
    across_comma = False
    if doc.breaks_before(k) and doc.gap(k).strip() not in ("«", '"', "“"):  # وزير الداخلية «برنار كازنوف»
        if not doc.comma_before(k):
            return None
        across_comma = True
    k = _skip_honorifics(doc, k, len(doc.tokens))
    if k > phrase.end and doc.breaks_before(k) and doc.gap(k).strip() not in (".", "،", ","):
        return None
    name = _collect_name(doc, k)
    if name is None:
        return None
    # a name set off by a comma closes the clause: "، نيبوشا ستيفانوفيتش،", "، بوريس روغه الموضوعات"
    end = name[1]
    if across_comma and end < len(doc.tokens) and not doc.breaks_before(end):
        if not (doc.definite(end) or doc.core(end) in lx.STOPWORDS):
            return None
    return name


def _name_before(doc: Doc, phrase: TitlePhrase) -> tuple[int, int] | None:
    s = phrase.start
    if s == 0 or doc.tokens[s].norm.startswith("و") and doc.clitic(s) == "و":
        return None  # "ووزير ..." coordinates a second office-holder, it does not describe the word before
    if doc.breaks_before(s) and not doc.comma_before(s):
        return None
    j = s - 1
    first = j
    while j >= 0 and s - j <= _MAX_NAME:
        if j < s - 1 and doc.breaks_before(j + 1):
            break
        prev_is_link = j > 0 and doc.tokens[j - 1].norm in lx.NAME_LINKS
        if not (_can_continue_name(doc, j, prev_is_link) or _can_start_name(doc, j)):
            break
        if doc.breaks_before(j + 1) and j != s - 1:
            break
        first = j
        j -= 1
    if first > s - 1:
        return None
    while first < s and not _can_start_name(doc, first):
        first += 1
    if first >= s:
        return None
    norm = doc.tokens[first].norm
    if (
        norm.startswith("و")
        and norm not in lx.GIVEN_NAMES
        and len(norm) >= 4
        and (first == 0 or doc.breaks_before(first))
    ):
        doc.waw_conjunction.add(first)  # a list item: "، ورونالد لويس كبير المساعدين"
    if _all_words(doc, (first, s)):
        return None
    return first, s


# ---------------------------------------------------------------------- people


def _key(doc: Doc, name: tuple[int, int]) -> tuple[str, ...]:
    words = [doc.word(i) for i in range(*name)]
    joined: list[str] = []
    for w in words:
        if joined and joined[-1] == "عبد":
            joined[-1] = "عبد" + w
        else:
            joined.append(w)
    return tuple(w for w in joined if w not in lx.NAME_LINKS)


def _same_person(a: tuple[str, ...], b: tuple[str, ...]) -> bool:
    short, long_ = sorted((a, b), key=len)
    if not short:
        return False
    if long_[: len(short)] == short:
        return True
    return len(short) == 1 and long_[-1] == short[0] and len(long_) > 1


def _group(doc: Doc, phrases: list[TitlePhrase]) -> list[_Person]:
    people: list[_Person] = []
    by_range: dict[tuple[int, int], _Person] = {}
    for p in phrases:
        assert p.name is not None
        if p.name in by_range:
            by_range[p.name].phrases.append(p)
            continue
        key = _key(doc, p.name)
        matches = [q for q in people if _same_person(q.key, key)]
        if len(matches) == 1:
            person = matches[0]
            if len(key) > len(person.key):
                person.key = key
        else:
            person = _Person(key=key)
            people.append(person)
        person.forms.append(p.name)
        person.phrases.append(p)
        by_range[p.name] = person
    return people


def _represents(person: _Person, home_country: str | None) -> tuple[str | None, str | None]:
    for p in person.phrases:
        if p.org:
            return None, p.org
        if p.country:
            return p.country, None
    return home_country, None


def _bare_title_country(
    doc: Doc,
    person: _Person,
    phrases: list[TitlePhrase],
    people: list[_Person],
    explicit: list[tuple[str | None, str | None]],
) -> str | None:
    """ "الرئيس هولاند" named without a country, and "الرئيس الفرنسي" elsewhere naming nobody else:
    the same office, so the same country.  A bare title that fits an official already known
    (the Egyptian minister named earlier) says nothing about this one."""
    offices = {_office_word(doc.core(p.start)) for p in person.phrases}
    known = {
        (_office_word(doc.core(p.start)), explicit[k][0])
        for k, other in enumerate(people)
        if other is not person
        for p in other.phrases
    }
    found = {
        p.country
        for p in phrases
        if p.name is None
        and p.country
        and not p.former
        and _office_word(doc.core(p.start)) in offices
        and (_office_word(doc.core(p.start)), p.country) not in known
    }
    return found.pop() if len(found) == 1 else None


_SIDE_WORDS = {fold(w) for w in ("الجانب", "جانب", "الوفد", "وفد")}


def _side_country(doc: Doc, person: _Person) -> str | None:
    """ "وحضره من الجانب الأميركي إريك روزينباخ ...": the side named before a list of attendees."""
    first = min(f[0] for f in person.forms)
    s_start, _ = doc.sentences[doc.sentence_of(doc.tokens[first].start)]
    best = None
    for m in doc.country_mentions:
        if s_start <= m.start < doc.tokens[first].start and m.kind == "adjective":
            i = doc.tokens_of(m).start
            if i > 0 and doc.core(i - 1) in _SIDE_WORDS:
                best = m.code
    return best


def _listed_after(
    doc: Doc, person: _Person, people: list[_Person], explicit: list[tuple[str | None, str | None]]
) -> str | None:
    """ "نائب وزير الخارجية الصيني لي باو دونغ، والمدير العام ... لي جونهوا": a coordinated office
    right after another official's name belongs to the same side."""
    phrase = min(person.phrases, key=lambda p: p.start)
    if doc.clitic(phrase.start) != "و":
        return None
    for k, other in enumerate(people):
        if other is person or explicit[k][0] is None:
            continue
        if any(0 <= phrase.start - f[1] <= 1 for f in other.forms):
            return explicit[k][0]
    return None


def _aliases(
    doc: Doc, people: list[_Person], officials: list[Official], name_tokens: set[int]
) -> list[Mention]:
    """Later bare mentions of a surname (or of a Chinese family name) outside any full name."""
    surnames: dict[str, list[int]] = {}
    # as written (ة and ه apart): "قوه" the family name is not "قوة" (force)
    spellings: set[str] = {
        dictionary_form(doc.tokens[i].text) for p in people for f in p.forms for i in range(*f)
    }
    for n, (person, official) in enumerate(zip(people, officials, strict=True)):
        words = person.key
        if len(words) < 2:
            continue
        has_links = any(doc.tokens[i].norm in lx.NAME_LINKS for f in person.forms for i in range(*f))
        candidates = []
        if official.country in _FAMILY_NAME_FIRST:
            candidates.append(words[0])
        elif not has_links:
            candidates.append(words[-1])
        for c in candidates:
            if c not in lx.NOT_NAME and c not in lx.GIVEN_NAMES:
                surnames.setdefault(c, []).append(n)
    found: list[Mention] = []
    if not surnames:
        return found  # nobody to look for: no pass over the tokens
    for i, tok in enumerate(doc.tokens):
        if i in name_tokens:
            continue
        word = tok.norm
        owner = surnames.get(word)
        if owner is None and len(word) > 3 and word[0] in lx.CLITICS:
            owner = surnames.get(word[1:])
        if owner is None or len(owner) != 1 or doc.mention_at(i) is not None:
            continue
        n = owner[0]
        alias = tok.text if word in surnames else tok.text[1:]
        if dictionary_form(alias) not in spellings:
            continue
        start = tok.start if word in surnames else tok.start + 1
        found.append(Mention(n, start, tok.end, "alias"))
        if fold(alias) not in {fold(a) for a in [officials[n].name_ar, *officials[n].aliases_ar]}:
            officials[n].aliases_ar.append(alias)
    return found


def _resolve_title_only(doc: Doc, phrase: TitlePhrase, officials: list[Official]) -> int | None:
    """A bare title phrase ("نظيره الروسي", "الوزير الأميركي") refers to the one official of that
    country or body; among several, to the one whose titles share the phrase's office word."""
    same = [
        n
        for n, o in enumerate(officials)
        if (phrase.org and o.org == phrase.org) or (phrase.country and o.country == phrase.country)
    ]
    if len(same) > 1:
        head = _office_word(doc.core(phrase.start))
        same = [
            n
            for n in same
            if any(head in {_office_word(w) for w in fold(t).split()} for t in officials[n].titles_ar)
        ]
    return same[0] if len(same) == 1 else None


def _office_word(word: str) -> str:
    return word[2:] if word.startswith("ال") else word


def _titles(doc: Doc, phrase: TitlePhrase) -> list[str]:
    """A phrase holding several offices, split into one title each, as written:
    "نائب رئيس الوزراء ووزير الداخلية الصربي" -> "نائب رئيس الوزراء", "وزير الداخلية الصربي"."""
    cuts = [phrase.start]
    for i in range(phrase.start + 1, phrase.end):
        core = doc.core(i)
        if core in lx.TITLE_HEADS and (
            doc.clitic(i) == "و" or (doc.core(i - 1) not in lx.TITLE_HEADS and not doc.clitic(i))
        ):
            cuts.append(i)
    titles = []
    for a, b in zip(cuts, cuts[1:] + [phrase.end], strict=True):
        while b - 1 > a and doc.core(b - 1) in _VISITING:
            b -= 1  # "وزير الدفاع الصيني الزائر": the visit is news, not part of the office
        title = _text(doc, (a, b))
        if doc.clitic(a) == "و" and title.startswith("و"):
            title = title[1:]
        titles.append(title)
    return titles


def _text(doc: Doc, rng: tuple[int, int]) -> str:
    return doc.text[doc.start_of(rng[0]) : doc.tokens[rng[1] - 1].end]
