"""Synthetic Arabic news articles in the ingest format, any number of them, for benchmarks and tests.

Made only from this project's own material: sentence templates written for this module,
names put together from the given and family names listed here, and the countries,
nationality adjectives, cities and organisations of `kg.gazetteer`.  No corpus text.

A corpus looks like a newspaper's: most articles are not about diplomacy (weather,
sport, economy, local news), some report meetings -- in person, by phone, a visit -- with
datelines, dates, titles, places and topics, in the shapes the extractor reads.  Lengths
follow a long-tailed distribution with a median near 1,200 characters, as SaudiNewsNet's.
The same `seed` always gives the same articles, so a benchmark is repeatable.
"""

from __future__ import annotations

import gzip
import json
import random
from collections.abc import Iterator
from datetime import date, timedelta
from pathlib import Path

from kg import gazetteer

GIVEN = (
    "محمد أحمد عبدالله خالد فيصل سلمان عادل سامي حسن علي عمر يوسف إبراهيم ماجد طارق نبيل "
    "سعيد وليد هشام مصطفى جمال رامي زياد كريم منصور ناصر بدر سعود تركي فهد"
).split()
FAMILY = (
    "العتيبي الشمري القحطاني الدوسري الزهراني الغامدي المالكي الحربي السبيعي العنزي "
    "الخطيب النجار الحداد الصباغ العطار الشريف الحسيني الكبيسي الجبوري الكعبي"
).split()
FOREIGN_FIRST = (
    "جون ماريا هانز بيير إيفان لي تاناكا جيمس آنا كارلوس سيرغي وانغ أولاف جورج ميخائيل تشانغ "
    "باولو جان توماس فيكتور ديفيد إلينا أندريه لوكاس"
).split()
FOREIGN_LAST = (
    "سميث لوبيز مولر دوبون بتروف مينغ هيروشي براون كوفاليفا مينديز ليونوف جيان برغمان "
    "أندرسون سوكولوف ويلسون مارتان كوستا نوفاك يانسن فيشر غارسيا"
).split()
TITLES = (
    "وزير الخارجية {adj}",
    "وزير الدفاع {adj}",
    "رئيس الوزراء {adj}",
    "الرئيس {adj}",
    "وزير الاقتصاد {adj}",
    "وزير الطاقة {adj}",
    "نائب وزير الخارجية {adj}",
    "وزير الداخلية {adj}",
)
TOPICS = (
    "مكافحة الإرهاب",
    "التعاون الأمني",
    "التعاون الاقتصادي والتجاري",
    "الاستثمار",
    "مجالات الطاقة",
    "الطاقة المتجددة",
    "البنية التحتية والنقل",
    "التعاون العسكري",
    "الأمن السيبراني",
    "مكافحة المخدرات",
    "الصحة العامة",
    "التعليم والثقافة",
    "البحث العلمي والتقنية",
    "التغير المناخي وحماية البيئة",
    "المساعدات الإنسانية",
    "عدم انتشار الأسلحة النووية",
    "الحوار بين الأديان",
    "تسوية الأزمة سلميا",
    "تعزيز الأمن والاستقرار في المنطقة",
)
MONTHS = (
    "يناير",
    "فبراير",
    "مارس",
    "أبريل",
    "مايو",
    "يونيو",
    "يوليو",
    "أغسطس",
    "سبتمبر",
    "أكتوبر",
    "نوفمبر",
    "ديسمبر",
)
AGENCIES = ("واس", "شينخوا", "أ ف ب", "رويترز", "د ب أ")
SOURCES = ("صحيفة الصباح", "جريدة الوطن اليوم", "الأنباء المسائية", "صدى المدينة")

# {a}, {b}: official phrases (title + name); {city}: a city; {t1}, {t2}: topics; {d}: a day word
MEETINGS = (
    "التقى {a} {d} في {city} {b}، وبحث الجانبان سبل تعزيز العلاقات الثنائية وتطويرها في مجالات {t1} و{t2}.",
    "استقبل {a} في مكتبه بمدينة {city} {d} {b} والوفد المرافق له، وجرى خلال الاستقبال استعراض {t1}.",
    "أجرى {a} اتصالا هاتفيا {d} مع {b}، تناول {t1} والتطورات الإقليمية الراهنة.",
    "عقد {a} جلسة مباحثات رسمية مع {b} في {city}، تركزت على {t1} و{t2}.",
    "بحث {a} مع {b} خلال لقائهما {d} في {city} آفاق {t1} بين البلدين.",
)
AFTER = (
    "وأكد الجانبان أهمية مواصلة التنسيق والتشاور إزاء القضايا ذات الاهتمام المشترك.",
    "وأعرب {n} عن تطلع بلاده إلى الارتقاء بالعلاقات إلى مستويات أرحب.",
    "ومن جانبه، نقل {n} تحيات قيادة بلاده، مشيدا بما تشهده العلاقات من تقدم.",
    "وحضر اللقاء عدد من كبار المسؤولين في البلدين.",
    "واتفق الطرفان على عقد الاجتماع المقبل للجنة المشتركة في {city} خلال الأشهر المقبلة.",
)
FILLER = (
    "شهدت {city} أمس ارتفاعا ملحوظا في درجات الحرارة تجاوز {n} درجة مئوية، وسط توقعات باستمرار الموجة.",
    "وفاز فريق النادي الأهلي على منافسه بنتيجة {n} مقابل هدف في المباراة التي أقيمت على ملعب مدينة {city}.",
    "وأعلنت هيئة الإحصاء أن معدل النمو في القطاع غير النفطي بلغ {n} في المئة خلال الربع الأخير.",
    "وافتتح محافظ المنطقة معرضا للكتاب يضم أكثر من {n} دار نشر من مختلف الدول.",
    "وأشار التقرير إلى أن عدد الزوار تجاوز {n} ألف زائر منذ بداية الموسم.",
    "وتواصل فرق الصيانة أعمالها في الطرق الرئيسة لضمان انسيابية الحركة المرورية.",
    "وقالت إدارة التعليم إن الاستعدادات للعام الدراسي الجديد تسير وفق الخطة المرسومة.",
    "وارتفع المؤشر العام لسوق الأسهم بنسبة {n} في المئة في ختام تعاملات الأسبوع.",
    "ودعت الجهات المختصة السكان إلى توخي الحذر أثناء القيادة بسبب الغبار.",
    "ويضم البرنامج ورش عمل ومحاضرات يقدمها متخصصون على مدى {n} أيام.",
    "وأوضح المتحدث باسم البلدية أن المشروع يشمل إنشاء حدائق وممرات للمشاة.",
    "وسجلت أسعار الذهب تراجعا طفيفا في التعاملات الصباحية.",
)
TITLES_NEWS = (
    "مباحثات بين {c1} و{c2}",
    "لقاء يبحث العلاقات الثنائية",
    "أخبار المدينة",
    "الاقتصاد اليوم",
    "الرياضة المحلية",
    "تقرير الطقس",
    "منوعات",
)


class _Pools:
    """The gazetteer material, read once."""

    def __init__(self) -> None:
        self.countries = [c for c in gazetteer.countries() if c.adjectives_ar]
        capitals = {}
        for names, iso2 in gazetteer.capitals():
            capitals.setdefault(iso2, names)
        self.capitals = capitals
        self.cities = [name for names, _ in gazetteer.capitals() for name in names[:1]]
        # every (country, office) gets its own name, drawn without replacement
        names = [f"{a} {b} {c}" for a in GIVEN for b in GIVEN if a != b for c in FAMILY]
        names += [f"{a} {b}" for a in FOREIGN_FIRST for b in FOREIGN_LAST]
        random.Random(0).shuffle(names)
        offices = [(c.iso2, k) for c in self.countries for k in range(len(TITLES))]
        self.holders = dict(zip(offices, names, strict=False))


_pools: _Pools | None = None


def _get_pools() -> _Pools:
    global _pools
    if _pools is None:
        _pools = _Pools()
    return _pools


def _holder(iso2: str, office: int) -> str:
    """The one person holding `office` in the country `iso2`: the same in every article, as in
    real news, where a country's ministers recur; no name stands for two countries."""
    return _get_pools().holders[(iso2, office)]


def _official(rng: random.Random, country) -> str:
    office = rng.randrange(len(TITLES))
    adj = rng.choice(country.adjectives_ar)
    return f"{TITLES[office].format(adj=adj)} {_holder(country.iso2, office)}"


def _arabic_date(d: date) -> str:
    return f"{d.day} {MONTHS[d.month - 1]} {d.year}"


def article(index: int, seed: int = 0, first_day: date = date(2015, 7, 21)) -> dict[str, str]:
    """The synthetic article number `index` of the corpus `seed`, as an ingest JSON object."""
    rng = random.Random(f"{seed}:{index}")
    pools = _get_pools()
    day = first_day + timedelta(days=rng.randrange(11))
    sentences: list[str] = []
    title = rng.choice(TITLES_NEWS[2:])
    diplomatic = rng.random() < 0.3
    if diplomatic:
        c1, c2 = rng.sample(pools.countries, 2)
        host = rng.choice((c1, c2))
        city = rng.choice(pools.capitals.get(host.iso2) or pools.cities)
        dateline = rng.random()
        if dateline < 0.4:
            sentences.append(f"{city} {_arabic_date(day)} ({rng.choice(AGENCIES)}) -")
        elif dateline < 0.7:
            sentences.append(f"{city} - {rng.choice(AGENCIES)}:")
        for _ in range(1 + (rng.random() < 0.3)):
            a, b = _official(rng, c1), _official(rng, c2)
            t1, t2 = rng.sample(TOPICS, 2)
            d = rng.choice(("اليوم", "أمس", f"يوم {_arabic_date(day)}", ""))
            sentences.append(
                rng.choice(MEETINGS).format(a=a, b=b, city=city, t1=t1, t2=t2, d=d).replace("  ", " ")
            )
            for tmpl in rng.sample(AFTER, rng.randint(1, 3)):
                sentences.append(tmpl.format(n=b.split()[-1], city=city))
        title = TITLES_NEWS[0].format(c1=c1.name_ar, c2=c2.name_ar) if rng.random() < 0.5 else TITLES_NEWS[1]
    # long-tailed length: most articles short, some long (median near 1,200 characters)
    target = int(rng.lognormvariate(7.05, 0.6))
    while sum(len(s) + 1 for s in sentences) < target:
        tmpl = rng.choice(FILLER)
        sentences.append(tmpl.format(city=rng.choice(pools.cities), n=rng.randint(2, 90)))
    text = " ".join(sentences)
    return {
        "id": f"syn-{seed}-{index:07d}",
        "title": title,
        "text": text,
        "published": day.isoformat(),
        "source": rng.choice(SOURCES),
    }


def articles(count: int, seed: int = 0) -> Iterator[dict[str, str]]:
    """`count` synthetic articles, in order (article i is the same in every corpus of this seed)."""
    for i in range(count):
        yield article(i, seed)


def write_corpus(path: Path, count: int, seed: int = 0) -> Path:
    """Write `count` synthetic articles as JSONL (gzip-compressed when `path` ends in .gz)."""
    path = Path(path)
    opener = gzip.open if path.name.endswith(".gz") else open
    with opener(path, "wt", encoding="utf-8") as f:
        for row in articles(count, seed):
            f.write(json.dumps(row, ensure_ascii=False) + "\n")
    return path
