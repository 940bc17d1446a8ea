"""Meetings: encounters, their participants, mode, date, place, occasion and topics.
Every article here was written for the test."""

from __future__ import annotations

from kg.pipeline import extract_article
from kg.records import Article, ArticleRecord


def extract(text: str, published: str | None = None) -> ArticleRecord:
    return extract_article(Article(id="t", text=text, published=published))


def names(record: ArticleRecord, meeting) -> set[str]:
    by_key = {o.key: o.name_ar for o in record.officials}
    return {by_key[k] for k in meeting.participants}


def test_separate_encounters_are_separate_meetings():
    rec = extract(
        "طشقند، أوزبكستان 10 مايو 2024 (شينخوا) التقى الرئيس الصيني شي جين بينغ اليوم (الجمعة) كلا على حدة "
        "الرئيس الإيراني حسن روحاني، ورئيس الوزراء الهندي ناريندرا مودي، والرئيس التركي رجب طيب أردوغان."
    )
    assert len(rec.meetings) == 3
    assert [sorted(m.countries) for m in rec.meetings] == [["CN", "IR"], ["CN", "IN"], ["CN", "TR"]]
    for m in rec.meetings:
        assert m.date == "2024-05-10" and m.date_basis == "dateline"
        assert m.place and m.place.city_ar == "طشقند" and m.place.country == "UZ"


def test_talks_told_across_sentences_and_pronoun_meeting():
    rec = extract(
        "موسكو 3 أبريل 2023 (شينخوا) بحث وزير الخارجية الصيني وانغ يي ووزير الخارجية الروسي سيرغي لافروف هنا "
        "اليوم العلاقات الثنائية.\nوخلال لقائهما، اتفق الوزيران على تعزيز التعاون في مجال الطاقة والتجارة."
    )
    assert len(rec.meetings) == 1
    (m,) = rec.meetings
    assert names(rec, m) == {"وانغ يي", "سيرغي لافروف"}
    assert m.mode == "in_person"
    assert "energy" in m.topics and "economic_cooperation" in m.topics


def test_phone_call_mode_and_relative_date():
    rec = extract(
        "أجرى الرئيس المصري عبد الفتاح السيسي أمس اتصالا هاتفيا مع الرئيس الفرنسي إيمانويل ماكرون "
        "بحثا خلاله الأزمة في ليبيا.",
        published="2024-03-06",
    )
    (m,) = rec.meetings
    assert m.mode == "phone"
    assert m.date == "2024-03-05" and m.date_basis == "relative"
    assert m.place is None


def test_video_call_mode():
    rec = extract(
        "عقد الرئيس الأمريكي جو بايدن والرئيس الصيني شي جين بينغ محادثات عبر تقنية الفيديو تناولت تغير المناخ."
    )
    (m,) = rec.meetings
    assert m.mode == "video"
    assert "climate_environment" in m.topics


def test_planned_meetings_are_not_meetings():
    for text in (
        "سيلتقي الرئيس الروسي فلاديمير بوتين الرئيس التركي رجب طيب أردوغان في سوتشي الأسبوع المقبل.",
        "ومن المقرر أن يلتقي وزير الخارجية الأمريكي أنتوني بلينكن نظيره الصيني وانغ يي في جاكرتا.",
    ):
        assert extract(text).meetings == []


def test_domestic_meetings_are_not_meetings():
    rec = extract(
        "الرياض - واس: التقى وزير العمل الدكتور أحمد الراجحي أمس وزير العدل الدكتور وليد الصمعاني في الرياض.",
        published="2020-01-10",
    )
    assert len(rec.officials) == 2
    assert rec.meetings == []


def test_attendees_named_after_the_meeting_take_part():
    rec = extract(
        "جدة - واس: استقبل ولي العهد الأمير محمد بن سلمان في جدة أمس رئيس الوزراء الباكستاني شهباز شريف. "
        "وجرى خلال الاستقبال بحث العلاقات الثنائية. حضر اللقاء وزير الخارجية الأمير فيصل بن فرحان.",
        published="2023-04-30",
    )
    (m,) = rec.meetings
    assert names(rec, m) == {"محمد بن سلمان", "شهباز شريف", "فيصل بن فرحان"}
    assert sorted(m.countries) == ["PK", "SA"]
    assert m.place and m.place.city_ar == "جدة" and m.place.country == "SA"
    assert m.date == "2023-04-29" and m.date_basis == "relative"


def test_occasion_on_the_sidelines():
    rec = extract(
        "نيويورك 20 سبتمبر 2023 (شينخوا) التقى وزير الخارجية السعودي فيصل بن فرحان اليوم وزير الخارجية الإيراني "
        "حسين أمير عبد اللهيان على هامش الدورة الـ78 للجمعية العامة للأمم المتحدة المنعقدة في نيويورك."
    )
    (m,) = rec.meetings
    assert m.occasion_ar == "الدورة الـ78 للجمعية العامة للأمم المتحدة"
    assert sorted(m.countries) == ["IR", "SA"]


def test_present_tense_visit_beside_a_past_meeting_is_still_a_meeting():
    rec = extract(
        "والتقى رئيس الوزراء المصري مصطفى مدبولي يوم السبت وزير الدفاع الفرنسي سيباستيان لوكورنو، "
        "الذي يزور القاهرة حاليا، وبحثا التعاون العسكري.",
        published="2023-05-08",
    )
    (m,) = rec.meetings
    assert sorted(m.countries) == ["EG", "FR"]
    assert m.date == "2023-05-06" and m.date_basis == "relative"


def test_one_sentence_telling_several_encounters():
    rec = extract(
        "وصل وزير الدفاع الأميركي لويد أوستن إلى بغداد. وأجرى الوزير الأميركي بعد وصوله إلى بغداد لقاءات مع "
        "رئيس الوزراء محمد شياع السوداني ونظيره العراقي ثابت العباسي، وعقد اجتماعا مع رئيس مجلس النواب "
        "محمد الحلبوسي شارك فيه عدد من النواب.",
        published="2023-03-08",
    )
    groups = [names(rec, m) for m in rec.meetings]
    assert groups == [
        {"لويد أوستن", "محمد شياع السوداني"},
        {"لويد أوستن", "ثابت العباسي"},
        {"لويد أوستن", "محمد الحلبوسي"},
    ]
    # an office with no country in a story about Iraq is Iraqi
    assert {o.name_ar: o.country for o in rec.officials}["محمد الحلبوسي"] == "IQ"
    assert all(m.place and m.place.city_ar == "بغداد" for m in rec.meetings)


def test_a_visit_with_talks_in_the_present_tense_is_planned():
    rec = extract(
        "تقوم وزيرة خارجية الاتحاد الأوروبي فيديريكا موغيريني اليوم بزيارة إلى المملكة تجري خلالها محادثات "
        "مع وزير الخارجية عادل الجبير.",
        published="2015-07-27",
    )
    assert rec.meetings == []


def test_a_joint_press_conference_brings_two_officials_together():
    rec = extract(
        "قال وزير الخارجية السعودي عادل الجبير في مؤتمر صحفي جمعه مع وزير الخارجية المصري سامح شكري في جدة.",
    )
    (m,) = rec.meetings
    assert sorted(m.countries) == ["EG", "SA"]
    assert m.place and m.place.city_ar == "جدة"


def test_more_people_at_the_same_encounter_join_it():
    rec = extract(
        "بدأ الرئيس الأميركي جو بايدن السبت محادثات مع الرئيس الكيني وليام روتو. وكان روتو في استقبال بايدن "
        "لدى وصوله إلى المقر الرئاسي حيث صافح نائب الرئيس الكيني ريغاثي غاتشاغوا.",
        published="2024-05-26",
    )
    (m,) = rec.meetings
    assert names(rec, m) == {"جو بايدن", "وليام روتو", "ريغاثي غاتشاغوا"}


def test_received_at_home_places_the_meeting_in_the_hosts_country():
    rec = extract(
        "استقبل أمير دولة الكويت الشيخ مشعل الأحمد الجابر الصباح في قصره أمس وزير الخارجية المصري سامح شكري.",
        published="2024-02-10",
    )
    (m,) = rec.meetings
    assert m.place is not None and m.place.city_ar is None and m.place.country == "KW"


def test_date_from_a_later_sentence_about_the_same_reception():
    rec = extract(
        "بحث أمير منطقة حائل، عبدالعزيز بن سعد بن عبدالعزيز، مع سفير جمهورية فرنسا لدى المملكة، لودوفيك بوي "
        "العلاقات بين البلدين. وأشاد الأمير لدى استقباله السفير في مكتبه اليوم بمتانة العلاقات.",
        published="2024-03-03",
    )
    (m,) = rec.meetings
    assert m.date == "2024-03-03" and m.date_basis == "relative"


def test_multilateral_session_is_one_meeting_with_every_party():
    rec = extract(
        "باريس 12 نوفمبر 2021 (شينخوا) استضاف الرئيس الفرنسي إيمانويل ماكرون اليوم مؤتمرا دوليا حول ليبيا، "
        "وشارك فيه رئيس الوزراء الإيطالي ماريو دراغي والمستشارة الألمانية أنجيلا ميركل ونائبة الرئيس الأمريكي "
        "كامالا هاريس، إلى جانب ممثلين عن مصر وتونس."
    )
    (m,) = rec.meetings
    assert names(rec, m) == {"إيمانويل ماكرون", "ماريو دراغي", "أنجيلا ميركل", "كامالا هاريس"}
    assert sorted(m.countries) == ["DE", "EG", "FR", "IT", "TN", "US"]
    assert m.place and m.place.city_ar == "باريس"


def test_attendee_named_with_bihudur_and_a_delegation_without_names():
    rec = extract(
        "استقبل وزير الخارجية الإماراتي الشيخ عبدالله بن زايد أمس في أبوظبي وزير الخارجية الهندي سوبرامانيام "
        "جايشانكار بحضور وزير الدولة خليفة شاهين المرر. كما التقى الوزير وفدا من اليابان.",
        published="2023-06-02",
    )
    first = rec.meetings[0]
    assert names(rec, first) == {"عبدالله بن زايد", "سوبرامانيام جايشانكار", "خليفة شاهين المرر"}
    assert sorted(first.countries) == ["AE", "IN"]


def test_a_visit_next_week_is_not_a_meeting():
    rec = extract(
        "يزور رئيس الوزراء الهندي ناريندرا مودي الرياض الأسبوع المقبل ويلتقي ولي العهد الأمير محمد بن سلمان."
    )
    assert rec.meetings == []


def test_a_capital_speaking_for_its_government_is_not_the_place():
    rec = extract(
        "أجرى وزير الخارجية الروسي سيرغي لافروف اتصالا مع نظيره الأمريكي أنتوني بلينكن، وقالت واشنطن إن "
        "الاتصال تناول الأزمة الأوكرانية. والتقى لافروف في موسكو وزير الخارجية التركي هاكان فيدان."
    )
    phone, visit = rec.meetings
    assert phone.mode == "phone" and phone.place is None
    assert visit.place and visit.place.city_ar == "موسكو" and visit.place.country == "RU"


def test_a_bare_title_names_the_counterpart_in_the_meeting():
    rec = extract(
        "التقى وزير الدفاع الصيني لي شانغ فو ووزير الدفاع الروسي سيرغي شويغو. "
        "وقال لي إن نظيره الروسي أكد أهمية التدريبات المشتركة خلال لقائهما."
    )
    (m,) = rec.meetings
    assert sorted(m.countries) == ["CN", "RU"]
    assert "military_cooperation" in m.topics


def test_topics_stay_with_the_meeting_whose_passage_discusses_them():
    rec = extract(
        "بكين 5 مارس 2024 (شينخوا) التقى وزير الخارجية الصيني وانغ يي اليوم كلا على حدة وزير الخارجية "
        "البرازيلي ماورو فييرا ووزير الخارجية الباكستاني إسحاق دار.\n"
        "وخلال لقائه مع فييرا، بحث وانغ التعاون في مجال تغير المناخ.\n"
        "وفي لقائه مع دار، بحث وانغ مكافحة الإرهاب وحماية المواطنين."
    )
    by_country = {next(c for c in m.countries if c != "CN"): m.topics for m in rec.meetings}
    assert "climate_environment" in by_country["BR"] and "counter_terrorism" not in by_country["BR"]
    assert "counter_terrorism" in by_country["PK"] and "climate_environment" not in by_country["PK"]


def test_a_second_enlarged_meeting_and_the_other_sides_attendees():
    rec = extract(
        "ناقش وزير الدفاع السعودي الأمير خالد بن سلمان مع وزير الدفاع الأمريكي لويد أوستن خلال اجتماع ثنائي "
        "في مكتبه بالرياض أمس التعاون العسكري. كما عقد الأمير خالد بن سلمان مع أوستن اجتماعا موسعا. "
        "حضر الاجتماع رئيس هيئة الأركان العامة الفريق أول ركن فياض الرويلي. ومن الجانب الأمريكي "
        "القائم بأعمال مساعد وزير الدفاع دانا سترول.",
        published="2023-04-05",
    )
    bilateral, enlarged = rec.meetings
    assert names(rec, bilateral) == {"خالد بن سلمان", "لويد أوستن"}
    assert names(rec, enlarged) == {"خالد بن سلمان", "لويد أوستن", "فياض الرويلي", "دانا سترول"}
    assert {o.name_ar: o.country for o in rec.officials}["دانا سترول"] == "US"


def test_seeing_off_at_the_airport_is_an_encounter():
    rec = extract(
        "غادر ولي العهد السعودي الأمير محمد بن سلمان القاهرة، وكان في وداعه لدى مغادرته المطار رئيس الوزراء "
        "المصري مصطفى مدبولي.",
    )
    (m,) = rec.meetings
    assert sorted(m.countries) == ["EG", "SA"]


def test_conference_attendee_and_leaders_of_listed_countries_and_a_meeting_on_its_sidelines():
    rec = extract(
        "روما 5 مارس 2024 (شينخوا) استضافت رئيس الوزراء الإيطالي ماريو دراغي اليوم مؤتمرا حول الهجرة، "
        "وشارك فيه الرئيس التونسي قيس سعيد، إلى جانب قادة ليبيا ومالطا واليونان.\n"
        "كما حضر المؤتمر نائب وزير الخارجية الصيني دنغ لي.\n"
        "والتقى دنغ على هامش المؤتمر رئيس الوزراء دراغي."
    )
    conference, sidelines = rec.meetings
    assert names(rec, conference) == {"ماريو دراغي", "قيس سعيد", "دنغ لي"}
    assert sorted(conference.countries) == ["CN", "GR", "IT", "LY", "MT", "TN"]
    assert names(rec, sidelines) == {"دنغ لي", "ماريو دراغي"}


def test_article_countries_are_those_it_names_not_those_of_its_officials():
    # TASK.md: countries mentioned by name or adjective, the dateline's, and those of meetings
    rec = extract(
        "التقى وزير العمل أحمد الراجحي أمس وزير العدل وليد الصمعاني في مقر الوزارة.", published="2020-01-10"
    )
    assert rec.countries == []


def test_the_visitor_named_in_the_first_clause_meets_the_people_of_the_next():
    rec = extract(
        "ضمن مشاوراته مع الأطراف المعنية، زار مبعوث الأمم المتحدة الخاص إلى اليمن هانس غروندبرغ الرياض، أمس، "
        "حيث التقى مع وزير الخارجية السعودي فيصل بن فرحان، ووزير الدولة عادل الجبير.\n"
        "وقالت الناطقة باسم غروندبرغ إسمهان الطوقي إن المبعوث ناقش الحل السياسي.",
        published="2023-05-02",
    )
    (m,) = rec.meetings
    assert names(rec, m) == {"هانس غروندبرغ", "فيصل بن فرحان", "عادل الجبير"}
    assert m.organizations == ["UN"] and m.countries == ["SA"]
    spokeswoman = {o.name_ar: o for o in rec.officials}["إسمهان الطوقي"]
    assert spokeswoman.org == "UN"


def test_everyone_in_a_list_of_greetings_only_sends_them():
    rec = extract(
        "استقبل أمير دولة قطر الشيخ تميم بن حمد في قصره أمس وزير الخارجية عادل الجبير. وفي بداية الاستقبال نقل "
        "وزير الخارجية تحيات خادم الحرمين الشريفين الملك سلمان بن عبدالعزيز، وولي العهد الأمير محمد بن سلمان، "
        "وتمنياتهما لأمير قطر بموفور الصحة، كما جرى خلال الاستقبال بحث القضايا الإقليمية.",
        published="2023-01-10",
    )
    (m,) = rec.meetings
    assert names(rec, m) == {"تميم بن حمد", "عادل الجبير"}
