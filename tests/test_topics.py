"""Tests of kg.extract.topics: cue lexicon per topic code, its traps, clitics, folding, exclusions."""

from __future__ import annotations

from pathlib import Path

import pytest

from kg.extract.topics import TOPIC_CODES, TOPIC_LABELS_EN, TopicCue, find_topic_cues, topics_in

SEEDS = Path(__file__).resolve().parent.parent / "seeds"

# spec/topics.md, in its order
SPEC_CODES = (
    "counter_terrorism security_cooperation law_enforcement cybersecurity drugs_crime military_cooperation "
    "peace_stability conflict_resolution political_coordination economic_cooperation energy "
    "infrastructure_transport belt_and_road public_health education_culture science_technology "
    "climate_environment humanitarian_aid nuclear_nonproliferation religious_affairs"
).split()


def test_codes_and_labels_follow_the_spec():
    assert list(TOPIC_CODES) == SPEC_CODES
    assert list(TOPIC_LABELS_EN) == SPEC_CODES
    assert TOPIC_LABELS_EN["nuclear_nonproliferation"] == "Non-proliferation"
    assert TOPIC_LABELS_EN["drugs_crime"] == "Drugs and organised crime"


# One sentence per code that discusses the subject, written for these tests.
POSITIVE = {
    "counter_terrorism": "وأكد الجانبان عزمهما على مكافحة الإرهاب والتطرف بكل أشكاله.",
    "security_cooperation": "وبحث الوزيران سبل تعزيز التعاون الأمني وتبادل المعلومات بين الأجهزة الأمنية.",
    "law_enforcement": "واتفق الجانبان على تعزيز التعاون القضائي وتسليم المطلوبين وتدريب الشرطة.",
    "cybersecurity": "وتناولت المحادثات التعاون في مجال الأمن السيبراني والتصدي للهجمات الإلكترونية.",
    "drugs_crime": "ودعا إلى تكثيف الجهود لمكافحة تهريب المخدرات والجريمة المنظمة وغسل الأموال.",
    "military_cooperation": "وناقش الجانبان تطوير التعاون العسكري وإجراء مناورات وتدريبات مشتركة.",
    "peace_stability": "وأكد الزعيمان حرصهما على صون السلام والاستقرار في المنطقة.",
    "conflict_resolution": "وشدد على ضرورة التوصل إلى حل سياسي للأزمة السورية ووقف فوري لإطلاق النار.",
    "political_coordination": "وبحث الجانبان تنسيق المواقف تجاه القضايا الإقليمية والدولية.",
    "economic_cooperation": "وبحث الجانبان سبل زيادة التبادل التجاري وتشجيع الاستثمارات المشتركة.",
    "energy": "وبحث الوزيران التعاون في مجالات النفط والغاز والطاقة المتجددة.",
    "infrastructure_transport": "واتفقا على تنفيذ مشروعات البنية التحتية وتطوير الموانئ والسكك الحديدية.",
    "belt_and_road": "ورحب الرئيس بالمشاركة في البناء المشترك لمبادرة الحزام والطريق.",
    "public_health": "وبحثا التعاون في مكافحة جائحة كوفيد-19 وتوفير اللقاحات للدول النامية.",
    "education_culture": "واتفقا على زيادة المنح الدراسية وتعزيز التبادلات الثقافية والسياحة بين البلدين.",
    "science_technology": "وأعرب عن أمله في توسيع التعاون في العلوم والتكنولوجيا والذكاء الاصطناعي.",
    "climate_environment": "وتعهد الرئيسان بالعمل معا لمواجهة تغير المناخ ومكافحة التصحر.",
    "humanitarian_aid": "وبحثا سبل إيصال المساعدات الإنسانية إلى اللاجئين والنازحين.",
    "nuclear_nonproliferation": "وتناول اللقاء الاتفاق النووي ومنع انتشار أسلحة الدمار الشامل.",
    "religious_affairs": "وبحث الوزير مع نظيره الترتيبات الخاصة بموسم الحج وخدمة الحجاج.",
}


@pytest.mark.parametrize("code", SPEC_CODES)
def test_each_code_has_a_positive_sentence(code):
    assert code in topics_in(POSITIVE[code])


# Traps: each sentence contains a word of a topic's family used outside that topic.
NEGATIVE = {
    "counter_terrorism": "وقد أرهقت الرحلة الطويلة أعضاء الوفد.",  # إرهاق, not إرهاب
    "security_cooperation": "وجاءت التصريحات قبيل جلسة يعقدها مجلس الأمن الدولي.",  # the UN Security Council
    "law_enforcement": "وأكد الجانبان ضرورة القضاء على الفقر وبحثا القضايا المطروحة.",  # eliminating; issues
    "cybersecurity": "وقطعت السلطات خدمة الإنترنت عن سكان المدينة.",
    "drugs_crime": "ويحاكم المسؤول السابق بتهمة ارتكاب جرائم ضد الإنسانية.",
    "military_cooperation": "وأكد حق بلاده في الدفاع عن نفسها.",
    "peace_stability": "واستقبله الملك في قصر السلام بجدة.",
    # one passing mention
    "conflict_resolution": "وقال إنه لا يوجد سبب يدفع البلدين إلى الانزلاق نحو الصراع.",
    "political_coordination": "وأوضح أن العمل سيجري بالتنسيق مع الجهات المختصة.",
    "economic_cooperation": "وقال إن البلدين يجب أن يستثمرا الفرص الراهنة، وزار رئيس مالي العاصمة.",
    "energy": "وأطلقت الشرطة الغاز المسيل للدموع لتفريق المحتجين.",
    "infrastructure_transport": "ونقل إليه تحيات الرئيس وتمنياته للممرضين بالتوفيق.",
    "belt_and_road": "وشددت القوات الحزام الأمني حول العاصمة والطريق المؤدي إليها.",
    "public_health": "متمنيا له موفور الصحة، حسبما ذكرت صحيفة محلية.",
    "education_culture": "وقال المتحدث لوسائل الإعلام إن الزيارة ناجحة.",
    "science_technology": "وعقدت القمة عبر تقنية الفيديو لمناقشة تقنين أوضاع العمالة.",
    "climate_environment": "وقال إن البيئة الدولية تشهد تغيرات عميقة.",
    "humanitarian_aid": "وقالت المحكمة إن المتهم ارتكب جرائم ضد الإنسانية.",
    "nuclear_nonproliferation": "ووقع الجانبان اتفاقا لبناء محطة للطاقة النووية السلمية.",
    "religious_affairs": "واستقبل خادم الحرمين الشريفين الضيف في مكتبه.",
}


@pytest.mark.parametrize("code", SPEC_CODES)
def test_each_code_has_a_trap_it_does_not_fall_into(code):
    assert code not in topics_in(NEGATIVE[code])


def test_titles_and_institution_names_are_not_topics():
    assert topics_in("التقى وزير الدفاع الصيني نظيره الروسي في موسكو.") == []
    assert topics_in("واجتمع وزراء دفاع الدول الأعضاء في المنظمة.") == []
    assert topics_in("والتقى مستشار الأمن القومي الأفغاني الوفد الزائر.") == []
    assert topics_in("وحضر اللقاء وزير الثقافة والإعلام.") == []
    assert topics_in("وحضر اللقاء مدير الأمن العام ورئيس الاستخبارات العامة.") == []
    assert topics_in("وحضر اللقاء وزير الطاقة ووزيرة الصحة وسفير الاتحاد الأوروبي.") == []
    assert topics_in("وكان في استقباله مدير شرطة المنطقة.") == []
    # the title swallows only itself: the field discussed after it still counts
    assert topics_in("وبحث مع وزير الدفاع الأمريكي التعاون العسكري بين البلدين.") == ["military_cooperation"]


def test_security_is_a_field_of_cooperation_not_every_security_word():
    assert topics_in("وبحث الجانبان التعاون في مجال الأمن.") == ["security_cooperation"]
    assert topics_in("وأكد الجانبان حرصهما على الأمن والاستقرار في المنطقة.") == ["peace_stability"]
    assert topics_in("وقال مصدر أمني إن الهجوم وقع ليلا.") == []


def test_longer_phrase_wins_over_the_words_inside_it():
    assert topics_in("وتعهدا بمواجهة أزمة المناخ.") == ["climate_environment"]
    assert topics_in("وبحثا التعاون في الطاقة الإنتاجية.") == ["economic_cooperation"]
    assert topics_in("وشدد على تحسين البيئة الاستثمارية.") == ["economic_cooperation"]
    assert topics_in("وأعرب عن استعداده لتعزيز التعاون التكنولوجي-العسكري.") == ["military_cooperation"]
    assert topics_in("وأكد أن حربها على الإرهاب مستمرة.") == ["counter_terrorism"]
    # a terrorist group named after a common word
    assert topics_in("وتبنت حركة الشباب الهجوم.") == ["counter_terrorism"]


@pytest.mark.parametrize(
    "word", ["الإرهاب", "والإرهاب", "بالإرهاب", "للإرهاب", "الإرهابية", "إرهابي", "فالإرهابيون"]
)
def test_attached_clitics_and_endings(word):
    text = f"وتحدث عن {word} في الخطاب."
    cues = find_topic_cues(text)
    assert [c.code for c in cues] == ["counter_terrorism"]
    assert cues[0].cue == word


@pytest.mark.parametrize(
    "text,code",
    [
        ("وبحثا مكافحة الارهاب.", "counter_terrorism"),  # hamza dropped
        ("وبحثا مُكافَحةَ الإِرْهابِ.", "counter_terrorism"),  # diacritics
        ("وبحثا مكافحة الإرهــــاب.", "counter_terrorism"),  # tatweel
        ("وبحثا التعاون في مجال الطاقه.", "energy"),  # ه for ة
        ("وبحثا التعاون في البنيه التحتيه.", "infrastructure_transport"),
        ("وبحثا وضع المسجد الاقصى والحج والعمره.", "religious_affairs"),  # ى, ه
        ("وبحثا تطوير المواني.", "infrastructure_transport"),  # الموانئ without hamza seat
    ],
)
def test_spelling_variants_fold_together(text, code):
    assert code in topics_in(text)


def test_cue_offsets_point_into_the_text():
    text = "مقدمة لا تخص شيئا. ثم بحث الجانبان التعاون في مجالات الطاقة والاستثمار."
    cues = find_topic_cues(text)
    assert [c.code for c in cues] == ["energy", "economic_cooperation"]
    for c in cues:
        assert isinstance(c, TopicCue)
        assert text[c.start : c.end] == c.cue
    assert cues[0].cue == "الطاقة"
    assert cues[1].cue == "والاستثمار"


def test_start_and_end_restrict_the_span():
    text = "بحث الجانبان مكافحة الإرهاب. واتفقا على تعزيز التبادل التجاري."
    cut = text.index("واتفقا")
    assert topics_in(text) == ["counter_terrorism", "economic_cooperation"]
    assert topics_in(text, 0, cut) == ["counter_terrorism"]
    assert topics_in(text, cut) == ["economic_cooperation"]


def test_excluded_spans_produce_no_cues():
    text = "والتقى المنسق الأوروبي لمكافحة الإرهاب رئيس الحكومة وبحثا التعاون الاقتصادي."
    title = "المنسق الأوروبي لمكافحة الإرهاب"
    s = text.index(title)
    assert "counter_terrorism" in topics_in(text)
    assert topics_in(text, exclude=[(s, s + len(title))]) == ["economic_cooperation"]
    # an excluded span also cuts phrases: the two halves of "الحزام والطريق" are not joined across it
    text2 = "الحزام قوه شنغ كون والطريق"
    name = text2.index("قوه")
    assert topics_in(text2) == []
    assert topics_in("مبادرة الحزام والطريق") == ["belt_and_road"]
    assert topics_in(text2, exclude=[(name, name + len("قوه شنغ كون"))]) == []


def test_weak_cue_needs_a_second_mention_or_a_cooperation_word():
    assert topics_in("وقال إن الأمن أولوية.") == []
    assert topics_in("وبحثا تعزيز التعاون في مجال الأمن.") == ["security_cooperation"]
    assert topics_in("وقال إن الأمن أولوية. وأضاف أن مسألة الأمن تهم الجميع.") == ["security_cooperation"]
    # two weak cues inside one phrase are still one passing mention
    assert topics_in("وقال إن العالم يواجه جائحة (كوفيد-19) وتغيرات عميقة.") == []


def test_topics_come_in_code_order_without_duplicates():
    text = "وبحثا الاستثمار والتجارة. كما بحثا مكافحة الإرهاب والتطرف والإرهابيين."
    assert topics_in(text) == ["counter_terrorism", "economic_cooperation"]


def test_seed_article_topics():
    text = (SEEDS / "seed-000.txt").read_text(encoding="utf-8")
    found = topics_in(text)
    assert {"counter_terrorism", "security_cooperation", "law_enforcement", "cybersecurity"} <= set(found)
    assert "belt_and_road" in found
    assert "economic_cooperation" not in found
    assert "military_cooperation" not in found


def test_empty_and_cue_free_text():
    assert topics_in("") == []
    assert find_topic_cues("") == []
    assert topics_in("وصل الرئيس إلى العاصمة صباح اليوم في زيارة رسمية.") == []
