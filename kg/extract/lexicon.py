"""Closed word lists that mark the edges of names and titles in Arabic news copy.

Arabic has no capital letters, so a name is found by what surrounds it: a title before or
after it, an honorific, a verb or preposition, punctuation.  Every list here holds words in
their folded form (`kg.text.fold`) so lookups are one set membership each.
"""

from __future__ import annotations

from kg.text import fold


def _folded(words: str) -> frozenset[str]:
    return frozenset(fold(w) for w in words.split())


# Words that open a title: an office, a rank, a role.  A title phrase is one of these
# followed by its complements (genitives, adjectives, "لـ", "بـ" phrases).
TITLE_HEADS = _folded(
    """
    رئيس رئيسة الرئيس الرئيسة نائب النائب نائبة وزير وزيرة الوزير الوزيرة وزراء
    سفير سفيرة السفير السفيرة أمين أمينة الأمين مستشار مستشارة المستشار المستشارة
    ملك الملك ملكة العاهل أمير الأمير أميرة ولي مبعوث المبعوث مبعوثة المبعوثة
    منسق المنسق المنسقة مندوب المندوب مندوبة ممثل الممثل ممثلة الممثلة المتحدث المتحدثة
    متحدث الناطق الناطقة ناطق محافظ المحافظ قائد القائد مدير المدير مديرة المديرة عضو
    وكيل مساعد المساعد مساعدة كبير القائم القائمة المفوض المفوضة مفوض السكرتير سكرتير
    قنصل القنصل حاكم الحاكم عمدة رئيسا نظيره نظيرته نظيريه نظراءه الملحق ملحق
    المرشد مرشد المشير المشرف مشرف أمير نائبا وزيرا مستشارا
    """
)

# Military and police ranks; they behave like titles (they precede the name).
RANKS = _folded(
    """
    الفريق اللواء العميد العقيد المقدم الرائد النقيب الجنرال الأدميرال المشير
    فريق لواء عميد عقيد مقدم رائد نقيب أول ركن طيار بحري
    """
)

# Honorifics: dropped from names, never a title on their own (TASK.md: "without honorifics").
HONORIFICS = _folded(
    """
    صاحب السمو الملكي سمو فخامة معالي سعادة دولة الدكتور الدكتورة د المهندس المهندسة
    الأستاذ الأستاذة الشيخ الشيخة السيد السيدة سماحة سيادة جلالة
    """
)
# "الشيخ" and "الأمير" are kept as titles in the records but never start a name.

# Function words, time words and very common verbs that end (or cannot start) a name.
STOPWORDS = _folded(
    """
    في مع على عن من إلى الى لدى خلال بعد قبل حول عبر ضد بين منذ حتى أمام وراء عند نحو
    لدي لقد قد أن إن أنه إنه أنها إنها كان كانت ليس هذا هذه ذلك تلك الذي التي الذين اللذين
    ما ماذا لم لن لا كما حيث حين بينما وذلك وهو وهي هو هي هم هما نحن أنا كل بعض غير
    أمس امس اليوم غدا هنا هناك الآن صباح مساء ظهر ليلة يوم أيام شهر الأسبوع
    الأحد الاثنين الإثنين الثلاثاء الأربعاء الخميس الجمعة السبت
    أول الماضي الماضية المقبل المقبلة الحالي الجاري
    قال قالت أكد أكدت أشار أشارت أعرب أعربت شدد شددت أوضح أوضحت أضاف أضافت ذكر ذكرت
    أدلى أدلت أعلن أعلنت أفاد أفادت تابع تابعت لفت نوه نوهت رحب رحبت دعا دعت أشاد أشادت
    التقى التقت استقبل استقبلت بحث بحثت ناقش ناقشت أجرى أجرت عقد عقدت تلقى تلقت اجتمع
    اجتمعت زار زارت وصل وصلت غادر غادرت حضر حضرت شارك شاركت ترأس ترأست تسلم تسلمت
    سلم سلمت نقل نقلت تعهد تعهدت اتفق اتفقت وقع وقعت هنأ هنأت قدم قدمت جرى تم تناول
    يلتقي يستقبل يبحث يناقش يجري يعقد يزور يصل يغادر يحضر يشارك يرأس يتلقى يقوم
    سيلتقي سيستقبل سيبحث سيزور سيعقد سيقوم
    بحضور بمشاركة برئاسة بدعوة بمناسبة نيابة بصفته بناء إطار أثناء لدى عقب إثر فور
    والوفد الوفد المرافق المرافقين له لها لهم به بها عليه إليه منه فيه عنه
    وعدد عدد عدد من كلا كل جميع سائر بقية مختلف عدة
    """
)

# Words that cannot be part of a person's name although they carry no "ال".
NOT_NAME = STOPWORDS | _folded(
    """
    مجلس لجنة وزارة هيئة شؤون دولة جمهورية مملكة منطقة إقليم حكومة مكتب حزب حركة
    جامعة منظمة اتحاد سلطنة إمارة محافظة ولاية مدينة العاصمة قصر مقر الأمم
    وزارة مؤتمر اجتماع لقاء قمة زيارة جولة محادثات مباحثات اتصال اتصالا هاتفيا هاتفي
    بلاده بلادها البلدين الجانبين الطرفين الدولتين مسؤول مسؤولين مسئول مسؤولا
    رئيسي الثاني الثالث
    """
) - _folded("رئيسي")  # "رئيسي" is also a surname (Ebrahim Raisi); decided by position, see officials.py

# A royal title that names the country by itself (the King of Saudi Arabia).
ROYAL_TITLES = {fold("خادم الحرمين الشريفين"): "SA", fold("العاهل السعودي"): "SA"}

# Regions whose officials represent the country the region belongs to.
REGIONS = {
    fold(k): v
    for k, v in {
        "الشيشان": "RU",
        "تتارستان": "RU",
        "داغستان": "RU",
        "كردستان": "IQ",
        "الأنبار": "IQ",
        "شينجيانغ": "CN",
        "التبت": "CN",
        "هونغ كونغ": "CN",
        "كتالونيا": "ES",
        "اسكتلندا": "GB",
        "ويلز": "GB",
        "كيبيك": "CA",
        "بافاريا": "DE",
        "عدن": "YE",
        "حضرموت": "YE",
        "بنغازي": "LY",
        "دارفور": "SD",
    }.items()
}

# Nouns that follow an office without "ال" in construct state: "وزير خارجية إيران",
# "رئيس وزراء باكستان", "رئيس أركان الجيش".  They continue a title phrase.
TITLE_COMPLEMENTS = _folded(
    """
    خارجية داخلية دفاع عدل مالية اقتصاد تجارة صحة تعليم إعلام ثقافة نقل طاقة خزانة زراعة عمل
    أركان شؤون وزراء دولة جمهورية مملكة إمارة سلطنة ولاية إقليم منطقة محافظة بلدية مجلس لجنة
    هيئة مكتب حزب حركة جبهة وزارة حكومة برلمان قوات جيش شرطة أمن استخبارات مخابرات بعثة سفارة
    قنصلية مندوبية وفد قيادة أمانة رئاسة ديوان جامعة منظمة اتحاد مؤسسة مصلحة إدارة قطاع
    """
)

# Given names that may carry "ال" or look like common words; a name may start with them.
GIVEN_NAMES = _folded(
    """
    محمد أحمد محمود مصطفى علي عمر عثمان خالد عبدالله عبدالعزيز عبدالرحمن عبدالمجيد
    عبدالفتاح عبدالمالك عبدالمنعم عبدالقادر عبدالكريم عبدالرحيم عبدربه عبدالوهاب عبدالإله
    سلمان فيصل فهد سعود سعد سعيد سالم سليمان سلطان تركي بندر نايف متعب منصور مقرن
    مشعل طلال نواف ممدوح ماجد مساعد عادل حسن حسين إبراهيم إسماعيل يوسف يعقوب موسى عيسى
    داود هادي نبيل سامح سامي سمير جمال كمال طارق وليد وائل باسم بسام هشام عصام رامي
    ناصر منير مفرج وليد عبده راجح جلوي تميم حمد حمد حمدان زايد خليفة صباح جابر
    أسامة ياسر عمار عمرو زياد رياض فايز فايزة فاطمة مريم عائشة نورة هيفاء سارة ليلى
    إيمانويل فلاديمير سيرجي دميتري جو جون باراك دونالد مايك أنطونيو أنجيلا بوريس جيمس
    الحبيب الباجي المنصف الهادي الطيب الصادق المهدي
    """
)

# Prefix particles that may be glued to a word: "و" and, "ف" then, "ب" with, "ل" for, "ك" as.
CLITICS = ("و", "ف", "ب", "ل", "ك")

# Words inside a name that join its parts: "بن" son of, "آل" family, "أبو", foreign particles.
NAME_LINKS = _folded("بن بنت ابن آل أبو ابو أبي عبد دي دا دو فون دير فان ولد لا ال")

# Triggers of a meeting and its mode.
PHONE_WORDS = _folded("هاتفي هاتفيا هاتفية هاتفياً الهاتف الهاتفي الهاتفية مكالمة مكالمات المكالمة")
VIDEO_WORDS = _folded("الفيديو فيديو الافتراضي الافتراضية افتراضي افتراضية افتراضيا المرئي المرئية")

# Signs that an event is planned or possible, not reported as having happened.
FUTURE_MARKERS = _folded(
    "المقرر المقبل المقبلة سوف غدا غداً يعتزم تعتزم يعتزمان المزمع مرتقب المرتقب المرتقبة"
)

# Words saying an office is no longer held.
FORMER_MARKERS = _folded("السابق السابقة الأسبق المخلوع المخلوعة الراحل الراحلة")
