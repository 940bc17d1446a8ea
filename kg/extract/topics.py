"""Topic classification by cue words: which topic codes (spec/topics.md) a stretch of Arabic text discusses.

A cue is a word or a phrase of news vocabulary.  Matching works on tokens, not on raw text:
each token is folded (`kg.text.fold`) and read with and without its attached clitics
(conjunction و/ف, preposition ب/ل/ك, article ال, and the fused لل), so one lexicon entry
`الإرهاب` covers `والإرهاب`, `بالإرهاب`, `للإرهاب`.  The whole lexicon is one trie over
token keys, walked once left to right; at each position the entry with the most literal
tokens, then the longest, wins, so a phrase beats the words inside it (`مجلس الأمن` is not
`الأمن`, `أزمة المناخ` is not a crisis) and its tokens are not matched again.

Lexicon notation, one entry per line, tokens separated by spaces (written unfolded):
  `الأمن`    the article is required          `أمن`    the article is optional
  `=استثمار` the article is forbidden         `إرهاب*` a stem: any ending (`إرهابي`, `الإرهابية`)
  `_`        any one token                    `_?`     any one token or none
  `@mod`     a nisba adjective with article (`الأمريكي`, `العامة`) or a word coordinated by `وال`
A line starting with `?` is a weak cue: it counts only when its code also has a strong cue
in the span, or weak cues in two different sentences, or when a cooperation/discussion word
(تعاون، مجالات، بحث ...) stands within a few tokens in the same sentence.  Blocker entries have no code: they swallow their tokens so the
words inside produce nothing (official titles such as `وزير الدفاع`, greetings such as
`موفور الصحة`, `القضاء على` "eliminating" rather than "the judiciary").
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from itertools import accumulate, product

from kg.text import fold, fold_word, tokenize

TOPIC_CODES: tuple[str, ...] = (
    "counter_terrorism",
    "security_cooperation",
    "law_enforcement",
    "cybersecurity",
    "drugs_crime",
    "military_cooperation",
    "peace_stability",
    "conflict_resolution",
    "political_coordination",
    "economic_cooperation",
    "energy",
    "infrastructure_transport",
    "belt_and_road",
    "public_health",
    "education_culture",
    "science_technology",
    "climate_environment",
    "humanitarian_aid",
    "nuclear_nonproliferation",
    "religious_affairs",
)

TOPIC_LABELS_EN: dict[str, str] = {
    "counter_terrorism": "Counter-terrorism",
    "security_cooperation": "Security cooperation",
    "law_enforcement": "Law enforcement",
    "cybersecurity": "Cybersecurity",
    "drugs_crime": "Drugs and organised crime",
    "military_cooperation": "Military cooperation",
    "peace_stability": "Peace and stability",
    "conflict_resolution": "Conflict resolution",
    "political_coordination": "Political coordination",
    "economic_cooperation": "Economic cooperation",
    "energy": "Energy",
    "infrastructure_transport": "Infrastructure and transport",
    "belt_and_road": "Belt and Road",
    "public_health": "Public health",
    "education_culture": "Education and culture",
    "science_technology": "Science and technology",
    "climate_environment": "Climate and environment",
    "humanitarian_aid": "Humanitarian aid",
    "nuclear_nonproliferation": "Non-proliferation",
    "religious_affairs": "Religious affairs",
}


@dataclass(frozen=True)
class TopicCue:
    start: int  # offsets into the text passed in
    end: int
    code: str
    cue: str  # the text as written, text[start:end]


# ---------------------------------------------------------------------------------------------
# Lexicon.  Entries are general news vocabulary; where a word is also used outside its topic
# (titles, greetings, figurative uses) the longer phrase that disambiguates is listed too.

_CRISIS_ADJ = (
    "السورية اليمنية الليبية العراقية اللبنانية الفلسطينية الأوكرانية الأفغانية السودانية "
    "الصومالية الكورية الفنزويلية الخليجية القطرية الإسرائيلية البورندية الكشميرية"
).split()
_CONFLICT_PLACES = (
    "اليمن سوريا سورية ليبيا العراق لبنان السودان فلسطين غزة القدس أفغانستان أوكرانيا الصومال "
    "ميانمار مالي كشمير دارفور الساحل"
).split()
_CRISIS_NOUNS = "الملف القضية الأزمة الشأن المسألة الحرب النزاع الصراع".split()

_LEXICON: dict[str, str] = {
    "counter_terrorism": """
        إرهاب*
        تطرف*
        متطرف*
        داعش
        ?تنظيم الدولة
        تنظيم الدولة الإسلامية
        ?الدولة الإسلامية
        تنظيم القاعدة
        مرتبط* القاعدة
        فرع القاعدة
        جبهة النصرة
        هيئة تحرير الشام
        بوكو حرام
        حركة الشباب
        الشباب المجاهدين
        حزب العمال الكردستاني
        تركستان الشرقية
        القوى الشريرة الثلاث
        قوى الشر الثلاث
        جهادي*
        تكفيري*
        الذئاب المنفردة
        المقاتلين الأجانب
        المقاتلين الإرهابيين
        ?انتحاري*
        ?تفجير*
        ?مفخخ*
        ?العبوات الناسفة
        الحرب _? الإرهاب
        حرب* _? الإرهاب
    """,
    "security_cooperation": """
        ?أمن
        ?أمني*
        التعاون الأمني
        تعاون* الأمني
        تعاون* أمنيا
        العلاقات الأمنية
        علاقات* الأمنية
        الشراكة الأمنية
        الأجهزة الأمنية
        أجهزة الأمن
        المؤسسات الأمنية
        الوكالات الأمنية
        المجال الأمني
        المجالات الأمنية
        الملف الأمني
        الشؤون الأمنية
        القضايا الأمنية
        المسائل الأمنية
        التنسيق الأمني
        قوات الأمن
        القوات الأمنية
        القوى الأمنية
        الاستخبار*
        المخابرات
        تبادل المعلومات
        أمن الحدود
        تأمين الحدود
        ضبط الحدود
        الأمن البحري
        أمن الملاحة
        ?الأمن الوطني
        ?الأمن العام
        ?حرس الحدود
        ?البيئة الأمنية
    """,
    "law_enforcement": """
        إنفاذ القانون
        تطبيق القانون
        شرطة
        الشرطي*
        القضاء
        القضائي*
        العدالة الجنائية
        المساعدة القانونية
        تسليم المطلوبين
        تسليم المجرمين
        تسليم الفارين
        ?المطلوبين
        ?الفارين
        الإنتربول
        الدرك
        مكافحة الفساد
        ?الفساد
        ?المحاكم
        ?محاكم
        ?المحكمة
        ?النيابة العامة
        ?استرداد الأموال
    """,
    "cybersecurity": """
        سيبراني*
        الأمن الإلكتروني
        الأمن المعلوماتي
        أمن المعلومات
        أمن الشبكات
        أمن البيانات
        الفضاء الإلكتروني
        الهجمات الإلكترونية
        هجوم* إلكتروني*
        الجرائم الإلكترونية
        الجريمة الإلكترونية
        الجرائم المعلوماتية
        القرصنة الإلكترونية
    """,
    "drugs_crime": """
        مخدرات
        المؤثرات العقلية
        تجارة المخدرات
        تجارة البشر
        تجارة الأسلحة
        تهريب*
        ?مهرب*
        الاتجار
        الجريمة المنظمة
        الجرائم المنظمة
        الجريمة العابرة
        الجرائم العابرة
        مكافحة الجريمة
        ?الجريمة
        ?الجرائم
        غسل الأموال
        غسيل الأموال
        تبييض الأموال
        ?القرصنة
    """,
    "military_cooperation": """
        ?عسكري*
        ?دفاعي*
        ?الدفاع
        الدفاع المشترك
        الصناعات الدفاعية
        الصناعات العسكرية
        الصناعة العسكرية
        القوات المسلحة
        ?الجيش
        ?جيش*
        الجيشين
        جيشي
        مناورات
        التدريبات المشتركة
        تدريبات مشتركة
        التدريبات العسكرية
        تدريبات عسكرية
        التمارين العسكرية
        التدريب العسكري
        صفق* الأسلحة
        صفق* أسلحة
        صفق* السلاح
        ?الأسلحة
        ?أسلحة
        ?السلاح
        ?تسليح
        فرقاط*
        الطائرات المقاتلة
        طائرات مقاتلة
        ?المقاتلات
        ?رافال
        الدفاع الصاروخي
        الدفاعات الصاروخية
        الدفاع الجوي
        منظوم* الدفاع
        حاملة الطائرات
        حاملات الطائرات
        ?الصواريخ
        ?الذخائر
        ?الطائرات المسيرة
        ?القوات البحرية
        ?القوات الجوية
        ?القوات البرية
        ?البحرية
        ?الطيران الحربي
        تكنولوجي* عسكري*
        التقني* العسكري*
    """,
    "peace_stability": """
        ?الاستقرار
        ?السلام
        ?السلم
        السلام والاستقرار
        السلم والاستقرار
        الأمن والاستقرار
        الاستقرار والأمن
        السلام والأمن
        السلم والأمن
        الأمن والسلم
        الأمن والسلام
        السلام والتنمية
        الاستقرار الإقليمي
        الاستقرار في المنطقة
        استقرار المنطقة
        أمن المنطقة
        أمن واستقرار
        الأمن في المنطقة
        الأمن الإقليمي
        الأمن الدولي
        الأمن العالمي
        الأمن الجماعي
        الأمن المشترك
        الأمن العربي
        الأمن القومي العربي
        السلام الإقليمي
        السلام العالمي
        السلم العالمي
        السلام الدولي
        السلم الدولي
        السلم الأهلي
        الاستقرار الدولي
        الاستقرار العالمي
        حفظ السلام
        صون السلام
        بناء السلام
    """,
    "conflict_resolution": """
        الحل السياسي
        حل سياسي
        الحلول السياسية
        حلول سياسية
        الحل السلمي
        حل سلمي
        الحلول السلمية
        تسوية سياسية
        التسوية السياسية
        تسوية سلمية
        التسوية السلمية
        تسوية الأزمة
        تسوية النزاع
        تسوية الصراع
        حل الأزمة
        حل للأزمة
        حل النزاع
        حل للنزاع
        حل الصراع
        حل للصراع
        الوسائل السياسية
        الوسائل السلمية
        العملية السياسية
        عملية السلام
        مسار السلام
        مفاوضات السلام
        محادثات السلام
        اتفاق السلام
        اتفاق سلام
        اتفاقية السلام
        مؤتمر السلام
        مؤتمر سلام
        خطة السلام
        سلام عادل
        سلام* شامل*
        سلام* دائم*
        وقف _? _? إطلاق النار
        هدنة
        وقف الأعمال العدائية
        وقف التصعيد
        خفض التصعيد
        تهدئة
        المصالحة الوطنية
        ?المصالحة
        الوساطة
        ?التوسط
        الحوار الوطني
        النزاع المسلح
        النزاعات المسلحة
        ?النزاع
        ?النزاعات
        ?الصراع
        ?الصراعات
        الحرب الأهلية
        ?الحرب
        ?أزمة
        ?القتال
        ?الاقتتال
        ?التصعيد
        ?الاحتلال
        الاستيطان
        المستوطنات
        حل الدولتين
        الدولة الفلسطينية
        دولة فلسطينية
        النزاع الفلسطيني
        الصراع الفلسطيني
        الصراع العربي
        وضع القدس
        قضية القدس
        القضايا العربية
        تحالف دعم الشرعية
        ?الحوثي*
        ?الميليشيات
        ?المليشيات
        ?الانقلاب*
        ?قرار مجلس الأمن
        ?قرارات مجلس الأمن
        ?حظر _? الأسلحة
        ?المعارضة السورية
        ?الجماعات المسلحة
    """,
    "political_coordination": """
        تنسيق المواقف
        ?التنسيق
        التنسيق _? بين البلدين
        التنسيق _? بين الجانبين
        التنسيق والتشاور
        التشاور والتنسيق
        التنسيق الاستراتيجي
        التنسيق السياسي
        التنسيق الدبلوماسي
        التنسيق الدائم
        التنسيق المستمر
        ?التشاور
        المشاورات السياسية
        التشاور السياسي
        الحوار السياسي
        القضايا الإقليمية
        القضايا الدولية
        الملفات الإقليمية
        الملفات الدولية
        المسائل الإقليمية
        المسائل الدولية
        الشؤون الإقليمية
        الشؤون الدولية
        الموضوعات الإقليمية
        الموضوعات الدولية
        التطورات الإقليمية
        التطورات الدولية
        المستجدات الإقليمية
        المستجدات الدولية
        الأوضاع الإقليمية
        الأوضاع الدولية
        الوضع الإقليمي
        مستجدات الأوضاع
        تطورات الأوضاع
        مستجدات الأحداث
        تطورات الأحداث
        تطورات المنطقة
        مستجدات المنطقة
        التطورات في المنطقة
        المستجدات في المنطقة
        الأوضاع في المنطقة
        الوضع في المنطقة
        الأحداث في المنطقة
        التعددية
        متعدد* الأطراف
        المحافل الدولية
        الحوكمة العالمية
        النظام الدولي
        ?الهيمنة
        ?المصالح الجوهرية
        ?مجموعة العشرين
        ?بريكس
    """,
    "economic_cooperation": """
        تجارة
        تجاري*
        التبادل التجاري
        الاستثمار*
        استثمارات
        اقتصاد*
        التعاون المالي
        القطاع المالي
        المؤسسات المالية
        الأسواق المالية
        الخدمات المالية
        الأزمة المالية
        الاستقرار المالي
        ?التمويل
        ?البنوك
        ?المصارف
        ?مصرفي*
        رجال الأعمال
        سيدات الأعمال
        مجتمع الأعمال
        مجلس الأعمال
        مجالس الأعمال
        بيئة الأعمال
        بيئة تجارية
        البيئة الاستثمارية
        بيئة الاستثمار
        الصادرات
        صادرات
        الواردات
        واردات
        التصدير
        الاستيراد
        ?الأسواق
        ?السوق
        ?السلع
        ?الشركات
        ?الصناعة
        ?الصناعات
        ?الصناعي*
        ?الزراعة
        ?الزراعي*
        سلاسل الإمداد
        سلاسل التوريد
        سلاسل الصناعة
        ?الجمارك
        الرسوم الجمركية
        التعريفات الجمركية
        التجارة الحرة
        المنطقة الحرة
        الطاقة الإنتاجية
        القدرات الإنتاجية
        ?الإنتاج*
        العملات المحلية
        اليوان
        ?أمن الغذاء
        ?الأمن الغذائي
        ?أمن _? الإمداد
        ?النمو
        الحرب التجارية
        النزاع* التجاري*
        الخلاف* التجاري*
        الاستقرار الاقتصادي
        المناخ الاستثماري
        مناخ الاستثمار
        مناخ الأعمال
    """,
    "energy": """
        طاقة
        نفط*
        بترول*
        بتروكيماوي*
        الغاز
        غاز طبيعي
        الكهرباء
        كهرباء
        ?الكهربائي*
        الطاقة النووية
        الطاقة المتجددة
        الطاقة الشمسية
        أمن الطاقة
        ?الوقود
        ?المحروقات
        الهيدروجين
        ?الفحم
        أوبك
        خطوط الأنابيب
        خط* أنابيب
        ?مصاف*
        ?التكرير
    """,
    "infrastructure_transport": """
        البنية التحتية
        البنى التحتية
        بنية تحتية
        بنى تحتية
        النقل
        المواصلات
        السكك الحديدية
        السكة الحديد
        سكك حديد*
        سكة حديد*
        ?القطارات
        ?القطار
        مواني*
        ?ميناء
        ?الميناء
        ?المطارات
        الطرق السريعة
        شبكة الطرق
        شبكات الطرق
        الطرق والجسور
        ?الجسور
        الترابط
        الربط البيني
        الترابط البيني
        التواصل البيني
        ?ممر
        ?ممرات
        الطيران المدني
        ?الطيران
        الخدمات اللوجستية
        ?الملاحة البحرية
        ?الشحن
        ?الأشغال العامة
    """,
    "belt_and_road": """
        الحزام والطريق
        الحزام الاقتصادي لطريق الحرير
        طريق الحرير
        حزام واحد وطريق واحد
    """,
    "public_health": """
        ?الصحة
        ?صحي
        ?صحية
        ?صحيا
        الرعاية الصحية
        القطاع الصحي
        التعاون الصحي
        الأمن الصحي
        الخدمات الصحية
        الصحة العامة
        الأزمة الصحية
        ?كوفيد
        ?كورونا
        ?جائحة
        ?وباء
        مكافحة _? جائحة
        مكافحة _? الوباء
        مكافحة _? كوفيد
        مكافحة _? كورونا
        الوقاية من _? جائحة
        الوقاية من _? الوباء
        الوقاية من _? كوفيد
        الوقاية من _? كورونا
        الوقاية من _? الأمراض
        الأوبئة
        لقاح*
        ?الطبي*
        الطب
        ?المستشفي*
        ?مستشفي*
        الأدوية
        ?الدواء
        ?الأمراض
        إيبولا
        الملاريا
        الإيدز
        شلل الأطفال
        الإنفلونزا
        الفرق الطبية
        الكمامات
        ?منظمة الصحة العالمية
    """,
    "education_culture": """
        تعليم
        ?تعليمي*
        ?التربية
        ثقاف*
        الجامعات
        ?الطلاب
        ?الطلبة
        المنح الدراسية
        منح* دراسي*
        الابتعاث
        المبتعثين
        البعثات الدراسية
        البعثات التعليمية
        سياح*
        سائح*
        ?الإعلام
        التعاون الإعلامي
        المجال الإعلامي
        التبادل الإعلامي
        التبادل الشعبي
        التبادلات الشعبية
        التواصل الشعبي
        التبادلات الإنسانية
        التبادل الإنساني
        تبادل* _? الشعوب
        تبادل* _? الناس
        تبادل* _? الشعبين
        التواصل _? الشعوب
        ?الشباب
        الرياضة
        ?الرياضي*
        ?التراث
        ?المتاحف
        ?الفنون
        ?اللغة الصينية
        ?اللغة العربية
        معهد* كونفوشيوس
        حوار الحضارات
        ?الحضارات
        التدريب المهني
        التعليم الفني
        ?مراكز الفكر
    """,
    "science_technology": """
        العلوم
        ?علمي*
        البحث العلمي
        تكنولوجي*
        ?تقنية
        ?تقني
        ?تقنيات
        ?الفضاء
        الفضاء الخارجي
        استكشاف الفضاء
        علوم الفضاء
        الطيران والفضاء
        وكالة الفضاء
        محطة الفضاء
        الأقمار الصناعية
        قمر* صناعي*
        الابتكار
        ?ابتكار*
        الذكاء الاصطناعي
        الاقتصاد الرقمي
        التحول الرقمي
        ?الرقمي*
        الجيل الخامس
        البحث والتطوير
        ?البحوث
        ?الأبحاث
        الحوسبة
        البيانات الضخمة
        أشباه الموصلات
        الرقائق الإلكترونية
    """,
    "climate_environment": """
        المناخ
        مناخي*
        أزمة المناخ
        الأزمة المناخية
        البيئة
        ?بيئة
        بيئي*
        البيئة البحرية
        التصحر
        ?الجفاف
        ?المياه
        ?مياه
        الموارد المائية
        ?مائي*
        الأمن المائي
        سد النهضة
        ?نهر النيل
        الغابات
        التنوع البيولوجي
        انبعاثات
        كربون*
        الاحتباس الحراري
        غازات الاحتباس
        التنمية الخضراء
        الاقتصاد الأخضر
        التحول الأخضر
        النمو الأخضر
        الطاقة النظيفة
        التلوث
        ?ملوث*
        ملوث* نوويا
        النفايات
        الحياة البرية
        ?المحيطات
        ?الكوارث الطبيعية
        ?الاستدامة
    """,
    "humanitarian_aid": """
        المساعدات الإنسانية
        مساعدات إنسانية
        ?مساعدات
        المساعدات الغذائية
        المساعدات الطبية
        المساعدات التنموية
        المعونات
        ?المعونة
        إغاث*
        لاجئ*
        نازح*
        ?المهجرين
        ?إنساني*
        الوضع الإنساني
        الأوضاع الإنسانية
        الأزمة الإنسانية
        العمل الإنساني
        الأعمال الإنسانية
        التطورات الإنسانية
        الممرات الإنسانية
        الهدنة الإنسانية
        الكارثة الإنسانية
        المعاناة الإنسانية
        الاحتياجات الإنسانية
        الشؤون الإنسانية
        المجاعة
        ?إعادة الإعمار
        ?الهلال الأحمر
        ?الصليب الأحمر
    """,
    "nuclear_nonproliferation": """
        الاتفاق النووي
        البرنامج النووي
        برنامج* النووي
        الملف النووي
        القضية النووية
        النووي الإيراني
        السلاح النووي
        سلاح نووي
        الأسلحة النووية
        أسلحة نووية
        أسلحة الدمار الشامل
        عدم الانتشار
        انتشار الأسلحة
        نزع السلاح
        خطة العمل الشاملة المشتركة
        تخصيب*
        اليورانيوم
        الطاقة الذرية
        الوكالة الدولية للطاقة الذرية
        ?نووي*
    """,
    "religious_affairs": """
        الحج
        الحجاج
        ?العمرة
        الحج والعمرة
        المعتمرين
        ضيوف الرحمن
        الشؤون الإسلامية
        الشؤون الدينية
        الأوقاف
        الخطاب الديني
        ?ديني*
        ?الأديان
        حوار الأديان
        الحوار بين الأديان
        الإسلام المعتدل
        الوسطية والاعتدال
        الأزهر
        دار الإفتاء
        ?الإفتاء
        ?الفتاوى
        ?المساجد
        ?المسجد الأقصى
        الإسلاموفوبيا
    """,
}

# Words that open an office or institution name.  The field word right after one belongs to
# a title or a name (`وزير الدفاع`, `مجلس الأمن`, `مستشار الأمن القومي`), not to a topic.
_HEADS = (
    "وزير وزيرة وزيرا وزيري وزراء وزارة وزارتي وزارات مستشار مستشارة مساعد نائب وكيل مدير مديرة "
    "مديرية رئيس رئيسة رئاسة أمين مجلس لجنة هيئة جهاز مكتب منسق مبعوث مندوب ملحق ملحقية مفوض "
    "مفوضية قائد قيادة ناطق سفير سفارة عضو محافظ =شؤون قصر صحيفة جريدة"
).split()

_BLOCKERS = """
    خادم الحرمين
    خادم الحرمين الشريفين
    القضاء على*
    الدفاع عن
    موفور الصحة
    دوام الصحة
    تمام الصحة
    الصحة والسعادة
    الصحة والعافية
    الأمن والأمان
    الأمن القومي
    الغاز المسيل
    وسائل الإعلام
    المحكمة الجنائية الدولية
    جرائم ضد الإنسانية
    الجرائم ضد الإنسانية
    جرائم حرب
    الحرب العالمية
    الحرب الباردة
    التعددية الحزبية
    التعددية السياسية
    تقنية الفيديو
    تقنية الاتصال المرئي
    الضوء الأخضر
    القنوات الفضائية
    البيئة الدولية
    بيئة دولية
    البيئة السياسية
    البيئة الخارجية
    السلام والصداقة
    حسن الجوار
    طاقة استيعابية
    المناخ السياسي
    المناخ الدولي
"""

# Words that make a weak cue count when they stand near it: cooperation and discussion.
_CONTEXT = """
    تعاون* مجال* قطاع* تبادل* شراك* تعزيز تطوير بحث بحثا يبحث تبحث ناقش* مناقش* يناقش* تناقش*
    مباحث* محادث* اتفاقي* مذكر* استعراض تناول* علاق*
"""
_CONTEXT_WINDOW = 4  # tokens either side, within the same sentence
_WEAK_QUORUM = 2  # weak cues of one code in this many sentences count without a context word

_MIN_STEM = 3

# ---------------------------------------------------------------------------------------------
# Token analysis.

_TOKEN = re.compile(r"[\w\u0640\u064B-\u065F\u0670]+")
_PHRASE_BREAK = re.compile(r"[^\s\-\u2010-\u2015\"'«»“”‘’\u0640]")  # anything but space, dash, quote
_SENTENCE_BREAK = re.compile(r"[.!?؟\n]")
_ADJ_ENDINGS = ("ي", "يه", "يين", "يون")
_ANY = ("_",)
_MOD = ("@mod",)


def _analyses(tok: str) -> set[tuple[str, bool]]:
    """(base, has_article) readings of a folded token, with and without its proclitics."""
    forms = {tok}
    if len(tok) > 2 and tok[0] in "وف":
        forms.add(tok[1:])
    for f in list(forms):
        if len(f) > 2 and f[0] in "بلك":
            forms.add(f[1:])
        if len(f) > 3 and f.startswith("لل"):
            forms.add("ال" + f[2:])
    out = set()
    for f in forms:
        out.add((f, False))
        if len(f) > 3 and f.startswith("ال"):
            out.add((f[2:], True))
    return out


def _keys_uncached(tok: str) -> frozenset[tuple]:
    """Every trie key a folded token can satisfy (exact bases, stem prefixes, wildcards) that the
    trie or the context words use: the others can never match, and dropping them keeps the sets
    small (fewer keys to intersect, less memory for the cache)."""
    relevant = _RELEVANT
    keys: set[tuple] = {_ANY}
    coordinated = tok.startswith(("وال", "ولل"))
    for base, art in _analyses(tok):
        if ("=", base, art) in relevant:
            keys.add(("=", base, art))
        if base[:_MIN_STEM] in _STEM_HEADS:  # else no stem of the lexicon begins this word
            for k in range(_MIN_STEM, min(len(base), _STEM_LONGEST) + 1):
                if ("*", base[:k], art) in relevant:
                    keys.add(("*", base[:k], art))
        if art and (base.endswith(_ADJ_ENDINGS) or base in ("عام", "عامه")):
            keys.add(_MOD)
    if coordinated:
        keys.add(_MOD)
    frozen = frozenset(keys)
    return _interned.setdefault(frozen, frozen)


_KEYS_CACHE_MAX = 300_000
_keys_cache: dict[str, frozenset[tuple]] = {}
_interned: dict[frozenset[tuple], frozenset[tuple]] = {}


def _keys(tok: str) -> frozenset[tuple]:
    # remembered per word: news text repeats its words, and a word's keys cost ~20 µs to make
    keys = _keys_cache.get(tok)
    if keys is None:
        if len(_keys_cache) >= _KEYS_CACHE_MAX:
            _keys_cache.clear()
        keys = _keys_cache[tok] = _keys_uncached(tok)
    return keys


# ---------------------------------------------------------------------------------------------
# The trie.


class _Node:
    __slots__ = ("children", "payload", "wild")

    def __init__(self) -> None:
        self.children: dict[tuple, _Node] = {}
        self.payload: list[tuple[str | None, bool]] = []  # (code or None for a blocker, weak)
        self.wild = 0  # wildcard tokens on the path; literal tokens outrank them


def _spec_keys(spec: str) -> list[tuple | None]:
    """Trie keys one lexicon token stands for; None marks an optional slot (`_?`)."""
    if spec == "_":
        return [_ANY]
    if spec == "_?":
        return [_ANY, None]
    if spec == "@mod":
        return [_MOD]
    kind = "*" if spec.endswith("*") else "="
    spec = spec.rstrip("*")
    if spec.startswith("="):
        return [(kind, spec[1:], False)]
    # a written clitic before the article is not part of the entry: `والطريق` is `الطريق`
    if len(spec) > 3 and spec[0] in "وبلكف" and spec[1:3] == "ال":
        spec = spec[1:]
    if len(spec) > 3 and spec.startswith("لل"):
        spec = "ال" + spec[2:]
    if len(spec) > 3 and spec.startswith("ال"):
        return [(kind, spec[2:], True)]
    return [(kind, spec, False), (kind, spec, True)]


def _insert(root: _Node, entry: str, code: str | None, weak: bool) -> None:
    specs = [s if s in ("_", "_?", "@mod") else fold(s) for s in entry.split()]
    for path in product(*(_spec_keys(s) for s in specs)):
        node = root
        wild = 0
        for key in path:
            if key is None:
                continue
            if key in (_ANY, _MOD):
                wild += 1
            node = node.children.setdefault(key, _Node())
        node.wild = wild
        if (code, weak) not in node.payload:
            node.payload.append((code, weak))


def _lines(block: str) -> Iterable[str]:
    for line in block.splitlines():
        line = line.strip()
        if line:
            yield line


def _build() -> tuple[_Node, frozenset[tuple]]:
    root = _Node()
    for code, block in _LEXICON.items():
        for line in _lines(block):
            weak = line.startswith("?")
            _insert(root, line.lstrip("?").strip(), code, weak)
    # crises named by their country: "الأزمة السورية", "الملف اليمني", "الحرب في سوريا"
    for noun in _CRISIS_NOUNS:
        for adj in _CRISIS_ADJ:
            _insert(root, f"{noun} {adj}", "conflict_resolution", False)
            if adj.endswith("ة"):
                _insert(root, f"{noun} {adj[:-1]}", "conflict_resolution", False)
    for noun in ("الحرب", "الأزمة", "النزاع", "الصراع", "القتال"):
        _insert(root, f"{noun} في _", "conflict_resolution", False)
    for noun in ("الوضع", "الأوضاع"):
        for place in _CONFLICT_PLACES:
            _insert(root, f"{noun} في {place}", "conflict_resolution", False)
            _insert(root, f"{noun} في كل من {place}", "conflict_resolution", False)
    for line in _lines(_BLOCKERS):
        _insert(root, line, None, False)
    for head in _HEADS:
        for tail in ("_", "_ @mod", "_ @mod @mod"):
            _insert(root, f"{head} {tail}", None, False)
    context: set[tuple] = set()
    for spec in _CONTEXT.split():
        context.update(k for k in _spec_keys(fold(spec)) if k is not None)
    return root, frozenset(context)


def _trie_keys(root: _Node) -> set[tuple]:
    out: set[tuple] = set()
    stack = [root]
    while stack:
        node = stack.pop()
        out.update(node.children)
        stack.extend(node.children.values())
    return out


_ROOT, _CONTEXT_KEYS = _build()
_RELEVANT = frozenset(_trie_keys(_ROOT) | _CONTEXT_KEYS | {_ANY, _MOD})
_STEM_HEADS = frozenset(k[1][:_MIN_STEM] for k in _RELEVANT if k[0] == "*")
_STEM_LONGEST = max((len(k[1]) for k in _RELEVANT if k[0] == "*"), default=0)


# ---------------------------------------------------------------------------------------------
# Matching.


class _TextTokens:
    """One text's tokens, analysed once however many passages of it are classified: offsets,
    trie keys, whether the gap before each token breaks a phrase, and its sentence number
    (sentence breaks before it; passages compare these numbers only for equality)."""

    __slots__ = ("starts", "ends", "keys", "gap_break", "sent")

    def __init__(self, text: str) -> None:
        tokens = tokenize(text)
        self.starts = starts = [t.start for t in tokens]
        self.ends = ends = [t.end for t in tokens]
        cached = _keys_cache.get
        self.keys = [cached(t.norm) or _keys(t.norm) for t in tokens]
        # the gaps before the tokens, classified once per distinct gap (" ", "، ", ". ", ...)
        gaps = [text[e:s] for e, s in zip([0, *ends], starts, strict=False)]
        known = _GAP_KINDS.get
        kinds = [k if (k := known(g)) is not None else _gap_kind(g) for g in gaps]
        self.gap_break = [k > 0 for k in kinds]
        self.sent = list(accumulate(k == 2 for k in kinds))


# a gap between two tokens: 0 joins them into a phrase, 1 breaks the phrase, 2 ends the sentence
_GAP_KINDS: dict[str, int] = {" ": 0, "": 0}


def _gap_kind(gap: str) -> int:
    if _SENTENCE_BREAK.search(gap):
        kind = 2
    else:
        kind = 1 if _PHRASE_BREAK.search(gap) else 0
    if len(_GAP_KINDS) < 10_000:
        _GAP_KINDS[gap] = kind
    return kind


_last_text: str | None = None
_last_tokens: _TextTokens | None = None


def _text_tokens(text: str) -> _TextTokens:
    # an article is classified whole and passage by passage (one call per meeting): the last
    # text's analysis is kept
    global _last_text, _last_tokens
    if _last_tokens is None or (text is not _last_text and text != _last_text):
        _last_tokens = _TextTokens(text)
        _last_text = text
    return _last_tokens


class _Window:
    """The tokens of a passage, in parallel lists (cheaper than one object per token)."""

    __slots__ = ("starts", "ends", "keys", "brk", "sent")

    def __init__(self) -> None:
        self.starts: list[int] = []
        self.ends: list[int] = []
        self.keys: list[frozenset[tuple]] = []
        self.brk: list[bool] = []  # a phrase may not run from the previous token into this one
        self.sent: list[int] = []  # sentence number


def _tokens(text: str, start: int, end: int, exclude: Sequence[tuple[int, int]]) -> _Window:
    """The tokens of text[start:end] as a scan from `start` to `end` reads them (a word cut by
    either bound is cut too), minus those touching an excluded span, which break phrases."""
    spans = sorted((s, e) for s, e in exclude if e > s)
    span_starts = [s for s, _ in spans]
    n_spans = len(spans)
    tt = _text_tokens(text)
    first = bisect.bisect_right(tt.ends, start)  # first token ending after `start`
    last = bisect.bisect_left(tt.starts, end, first)  # tokens starting before `end`
    w = _Window()
    if first >= last:
        return w
    if not spans and tt.starts[first] >= start and tt.ends[last - 1] <= end:
        # the common case: whole tokens, nothing excluded; the first token always breaks
        w.starts, w.ends = tt.starts[first:last], tt.ends[first:last]
        w.keys, w.sent = tt.keys[first:last], tt.sent[first:last]
        w.brk = tt.gap_break[first:last]
        w.brk[0] = True
        return w
    brk = True
    p = 0  # spans starting at or before the token (a bisect_right, advanced as tokens advance)
    for k in range(first, last):
        s, e = tt.starts[k], tt.ends[k]
        keys = tt.keys[k]
        if s < start or e > end:
            s, e = max(s, start), min(e, end)
            keys = _keys(fold_word(text[s:e]))
        if tt.gap_break[k]:
            brk = True  # (the first token needs no test: `brk` starts true)
        while p < n_spans and span_starts[p] <= s:
            p += 1
        if (p > 0 and spans[p - 1][1] > s) or (p < n_spans and spans[p][0] < e):
            brk = True  # an excluded span (a title, a name) is skipped and cuts phrases
            continue
        w.starts.append(s)
        w.ends.append(e)
        w.keys.append(keys)
        w.brk.append(brk)
        w.sent.append(tt.sent[k])
        brk = False
    return w


# keys of a token -> the children of the root it enters; most tokens enter none
_root_steps: dict[frozenset[tuple], list[_Node]] = {}


def _raw_cues(w: _Window) -> list[tuple[int, int, str, bool]]:
    """(first token, last token + 1, code, weak) of every match, left to right; blockers emit nothing."""
    out = []
    all_keys, brks = w.keys, w.brk
    n = len(all_keys)
    root_steps, root_children = _root_steps, _ROOT.children
    i = 0
    while i < n:
        keys = all_keys[i]
        step = root_steps.get(keys)
        if step is None:
            step = root_steps[keys] = [root_children[k] for k in root_children.keys() & keys]
        if not step:
            i += 1
            continue
        best: tuple[int, int] | None = None  # (literal tokens, tokens): `مجلس الأعمال` beats `مجلس _ _`
        best_nodes: list[_Node] = []
        nxt = step
        j = i + 1
        while True:
            for node in nxt:
                if node.payload:
                    score = (j - i - node.wild, j - i)
                    if best is None or score > best:
                        best, best_nodes = score, [node]
                    elif score == best:
                        best_nodes.append(node)
            frontier = nxt
            if not frontier or j >= n or brks[j]:
                break
            keys = all_keys[j]
            nxt = []
            for node in frontier:
                for k in node.children.keys() & keys:
                    nxt.append(node.children[k])
            j += 1
        if best is None:
            i += 1
            continue
        length = best[1]
        weak_by_code: dict[str, bool] = {}
        blocked = False
        for node in best_nodes:
            for code, weak in node.payload:
                if code is None:
                    blocked = True
                else:  # listed both strong and weak (a stem and an exact form): strong
                    weak_by_code[code] = weak_by_code.get(code, True) and weak
        if not blocked:
            out.extend((i, i + length, code, weak) for code, weak in weak_by_code.items())
        i += length
    return out


def _has_context(w: _Window, i: int, j: int) -> bool:
    sent = w.sent[i]
    lo = max(0, i - _CONTEXT_WINDOW)
    hi = min(len(w.keys), j + _CONTEXT_WINDOW)
    for k in (*range(lo, i), *range(j, hi)):
        if w.sent[k] == sent and w.keys[k] & _CONTEXT_KEYS:
            return True
    return False


def _counting_cues(
    text: str, start: int, end: int | None, exclude: Sequence[tuple[int, int]]
) -> Iterator[tuple[int, int, str]]:
    """(start, end, code) of the cues that count, in text order (see find_topic_cues)."""
    end = len(text) if end is None else end
    w = _tokens(text, start, end, exclude)
    raw = _raw_cues(w)
    sentences: dict[str, set[int]] = {}
    strong: set[str] = set()
    for i, _, code, weak in raw:
        sentences.setdefault(code, set()).add(w.sent[i])
        if not weak:
            strong.add(code)
    for i, j, code, weak in raw:
        if weak and code not in strong and len(sentences[code]) < _WEAK_QUORUM and not _has_context(w, i, j):
            continue
        yield w.starts[i], w.ends[j - 1], code


def find_topic_cues(
    text: str, start: int = 0, end: int | None = None, exclude: Sequence[tuple[int, int]] = ()
) -> list[TopicCue]:
    """The topic cues that count in `text[start:end]`, in text order.

    `exclude` holds (start, end) spans to ignore, such as officials' titles and names: a cue
    inside `وزير الدفاع` or `مستشار الأمن القومي` says nothing about what was discussed.
    A weak cue is returned only when its code has a strong cue in the span, weak cues in two
    sentences, or a cooperation word near it.
    """
    return [TopicCue(s, e, code, text[s:e]) for s, e, code in _counting_cues(text, start, end, exclude)]


def topics_in(
    text: str, start: int = 0, end: int | None = None, exclude: Sequence[tuple[int, int]] = ()
) -> list[str]:
    """The topic codes `text[start:end]` discusses, in TOPIC_CODES order."""
    found = {code for _, _, code in _counting_cues(text, start, end, exclude)}
    return [code for code in TOPIC_CODES if code in found]
