"""Generate the gazetteer data files (`kg/data/countries.tsv`, `cities.tsv`, `organizations.tsv`).

Run once, then commit the TSVs: `python tools/build_gazetteer.py`.  The runtime (`kg.gazetteer`)
reads only the TSVs, so babel and pyarabic's big proper-noun module are never imported by `kg`.

Sources:
- babel (CLDR): English and Arabic names of every ISO 3166-1 territory, alpha-3 codes (CLDR's
  territory aliases), Arabic exemplar cities of the time zones with their territory;
- pyarabic `propernouns`: its list of ~200 capitals (it names no country, so each capital is
  mapped to its ISO code by hand below; the build fails if pyarabic lists one that is not mapped).
  pyarabic's ~4.9k other place names carry no country either, and many are villages, regions or
  common words (`الحاج`, `نخلة`, `البيض`); they are not imported;
- hand tables below: press spellings of country names, nationality adjectives the rule gets
  wrong, cities that news copy uses in datelines and as meeting places, organisations.

The build checks that no folded name or adjective points at two countries and that no city
or country form is in the stoplist of common words.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

from babel import Locale
from babel.core import get_global

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from kg.text import fold, strip_marks  # noqa: E402

DATA = ROOT / "kg" / "data"

# --------------------------------------------------------------------------- countries

# CLDR territory codes that are not ISO 3166-1 countries (regions, unions, pseudo-locales).
NOT_ISO = {"AC", "CP", "DG", "EA", "EU", "EZ", "IC", "QO", "TA", "UN", "XA", "XB", "ZZ"}
# Kosovo has no ISO code; XK is the user-assigned code used by the EU, CLDR and most data sets.
EXTRA_CODES = {"XK": "XKX"}
# CLDR lists old alpha-3 aliases next to the current ones.
ISO3_CHOICE = {"MM": "MMR", "CD": "COD", "DE": "DEU", "FR": "FRA", "TL": "TLS", "YE": "YEM"}

# Canonical Arabic names where CLDR's is a disambiguation label rather than a press name.
NAME_OVERRIDES = {
    "CD": "جمهورية الكونغو الديمقراطية",
    "CG": "جمهورية الكونغو",
    "HK": "هونغ كونغ",
    "MO": "ماكاو",
    "MM": "ميانمار",
    "TL": "تيمور الشرقية",
    "CC": "جزر كوكوس",
    "PS": "فلسطين",
    "SZ": "إسواتيني",
}

# Press spellings and long forms.  "جمهورية/دولة/مملكة/سلطنة/إمارة + name" is handled by the
# matcher, so those forms are listed only when the name after the prefix is not itself a name.
VARIANTS: dict[str, list[str]] = {
    "US": ["الولايات المتحدة الأمريكية", "الولايات المتحدة الأميركية", "أمريكا", "أميركا",
           "الولايات المتحدة"],
    "RU": ["روسيا الاتحادية"],
    "GB": ["بريطانيا", "بريطانيا العظمى", "المملكة المتحدة", "إنجلترا", "إنكلترا", "أيرلندا الشمالية",
           "المملكة المتحدة لبريطانيا العظمى وأيرلندا الشمالية", "اسكتلندا", "اسكوتلندا"],
    "KR": ["كوريا الجنوبية", "جمهورية كوريا"],
    "KP": ["كوريا الشمالية", "كوريا الديمقراطية", "كوريا الديمقراطية الشعبية",
           "جمهورية كوريا الديمقراطية الشعبية", "جمهورية كوريا الشعبية الديمقراطية"],
    "EG": ["مصر", "جمهورية مصر العربية"],
    "SA": ["السعودية", "المملكة العربية السعودية", "المملكة السعودية"],
    "AE": ["الإمارات", "الإمارات العربية المتحدة"],
    "JO": ["الأردن", "المملكة الأردنية الهاشمية"],
    "YE": ["اليمن", "الجمهورية اليمنية"],
    "IL": ["إسرائيل", "الدولة العبرية"],
    "PS": ["فلسطين", "الأراضي الفلسطينية", "الأراضي الفلسطينية المحتلة", "الضفة الغربية", "قطاع غزة"],
    "PE": ["بيرو", "البيرو"],
    "MV": ["المالديف", "جزر المالديف"],
    "ET": ["إثيوبيا", "أثيوبيا"],
    "MT": ["مالطا", "مالطة"],
    "MQ": ["المارتينيك", "مارتينيك"],
    "CN": ["الصين", "الصين الشعبية", "جمهورية الصين الشعبية"],
    "TW": ["تايوان", "الصين تايبيه"],
    "DE": ["ألمانيا", "ألمانيا الاتحادية"],
    "IR": ["إيران", "جمهورية إيران الإسلامية", "الجمهورية الإسلامية الإيرانية"],
    "SY": ["سوريا", "سورية", "الجمهورية العربية السورية"],
    "IQ": ["العراق"],
    "TN": ["تونس", "الجمهورية التونسية"],
    "DZ": ["الجزائر", "الجمهورية الجزائرية"],
    "MA": ["المغرب", "المملكة المغربية"],
    "MR": ["موريتانيا", "الجمهورية الإسلامية الموريتانية"],
    "OM": ["سلطنة عمان", "عمان"],  # bare `عمان` goes through resolve_oman() at match time
    "LB": ["لبنان", "الجمهورية اللبنانية"],
    "PK": ["باكستان", "الباكستان"],
    "ES": ["إسبانيا", "أسبانيا"],
    "NL": ["هولندا", "هولاندا"],
    "DK": ["الدانمرك", "الدنمارك", "الدنمرك"],
    "PL": ["بولندا", "بولونيا"],
    "CZ": ["التشيك", "تشيكيا", "جمهورية التشيك"],
    "HU": ["هنغاريا", "المجر"],
    "BA": ["البوسنة والهرسك", "البوسنة"],
    "ME": ["الجبل الأسود", "مونتينيغرو"],
    "MK": ["مقدونيا الشمالية", "مقدونيا"],
    "BY": ["بيلاروس", "بيلاروسيا", "روسيا البيضاء"],
    "MD": ["مولدوفا", "مولدافيا"],
    "KZ": ["كازاخستان", "قازاقستان", "كازخستان"],
    "KG": ["قيرغيزستان", "قرغيزستان", "قيرقيزستان", "كيرغيزستان"],
    "TM": ["تركمانستان", "تركمنستان"],
    "UZ": ["أوزبكستان", "أوزبكيستان"],
    "TJ": ["طاجيكستان", "طاجكستان"],
    "VN": ["فيتنام", "فييتنام"],
    "TH": ["تايلاند", "تايلند"],
    "MM": ["ميانمار", "بورما", "ميانمار (بورما)"],
    "BD": ["بنغلاديش", "بنجلاديش", "بنغلادش"],
    "LK": ["سريلانكا", "سري لانكا"],
    "NZ": ["نيوزيلندا", "نيوزيلاندا"],
    "CL": ["تشيلي", "شيلي"],
    "EC": ["الإكوادور", "إكوادور"],
    "UY": ["أورغواي", "الأوروغواي", "أوروغواي", "الأورغواي"],
    "PY": ["باراغواي", "باراجواي"],
    "NI": ["نيكاراغوا", "نيكاراجوا"],
    "ZA": ["جنوب أفريقيا"],
    "ER": ["إريتريا", "إرتريا"],
    "CD": ["الكونغو الديمقراطية", "الكونغو كينشاسا", "جمهورية الكونغو الديمقراطية"],
    "CG": ["الكونغو", "الكونغو برازافيل", "جمهورية الكونغو"],
    "CI": ["ساحل العاج", "كوت ديفوار"],
    "CF": ["جمهورية أفريقيا الوسطى", "أفريقيا الوسطى"],
    "CV": ["الرأس الأخضر", "كابو فيردي", "كاب فيردي"],
    "PG": ["بابوا غينيا الجديدة", "غينيا الجديدة"],
    "SZ": ["إسواتيني", "سوازيلاند", "سوازيلند"],
    "VA": ["الفاتيكان", "الكرسي الرسولي"],
    "SC": ["سيشل", "سيشيل"],
    "AO": ["أنغولا", "أنجولا"],
    "MW": ["ملاوي", "مالاوي"],
    "DO": ["جمهورية الدومينيكان", "الدومينيكان"],
    "TL": ["تيمور الشرقية", "تيمور ليشتي"],
    "HK": ["هونغ كونغ", "هونج كونج"],
    "MO": ["ماكاو", "مكاو"],
    "AU": ["أستراليا"],
    "IT": ["إيطاليا"],
    "ID": ["إندونيسيا"],
    "MN": ["منغوليا"],
    "SG": ["سنغافورة"],
    "BR": ["البرازيل"],
    "AR": ["الأرجنتين"],
    "MX": ["المكسيك"],
    "VE": ["فنزويلا"],
    "GR": ["اليونان"],
    "AM": ["أرمينيا"],
    "AZ": ["أذربيجان"],
    "GE": ["جورجيا"],
    "SO": ["الصومال"],
    "SS": ["جنوب السودان"],
    "TR": ["تركيا"],
    "IN": ["الهند"],
    "AF": ["أفغانستان"],
    "JP": ["اليابان"],
    "FR": ["فرنسا"],
    "XK": ["كوسوفو"],
    "CY": ["قبرص"],
    "GW": ["غينيا بيساو"],
    "GQ": ["غينيا الاستوائية"],
    "NE": ["النيجر"],
    "KM": ["جزر القمر"],
    "TD": ["تشاد"],
    "LA": ["لاوس"],
    "KH": ["كمبوديا"],
    "PH": ["الفلبين"],
    "MY": ["ماليزيا"],
    "BH": ["البحرين"],
    "QA": ["قطر"],
    "KW": ["الكويت"],
    "SD": ["السودان"],
    "LY": ["ليبيا"],
    "UA": ["أوكرانيا"],
    "CO": ["كولومبيا"],
    "CU": ["كوبا"],
    "CA": ["كندا"],
    "KE": ["كينيا"],
    "NG": ["نيجيريا"],
    "SE": ["السويد"],
}

# Names that are also common words: matched only after جمهورية/دولة or inside a list of
# countries (`كينيا والكونغو ومالي`).  `مالي` is "financial" (`دعم مالي`).
RESTRICTED = {"ML": ["مالي"]}

# Not ISO countries but often in the news; their names must not fall into a country:
# they are left out, not mapped (`الشيشان` is Chechnya, a Russian republic).

# Nationality adjectives (masculine singular with ال).  The rule below makes the rest.
ADJ_TABLE: dict[str, list[str]] = {
    "US": ["الأمريكي", "الأميركي"],
    "GB": ["البريطاني"],
    "DE": ["الألماني"],
    "AE": ["الإماراتي"],
    "EG": ["المصري"],
    "IN": ["الهندي"],
    "IR": ["الإيراني"],
    "TR": ["التركي"],
    "GR": ["اليوناني"],
    "NL": ["الهولندي"],
    "CH": ["السويسري"],
    "BE": ["البلجيكي"],
    "AT": ["النمساوي"],
    "KR": ["الكوري الجنوبي"],
    "KP": ["الكوري الشمالي"],
    "ZA": ["الجنوب أفريقي", "الجنوب الأفريقي"],
    "SS": ["الجنوب سوداني"],
    "BH": ["البحريني"],
    "QA": ["القطري"],
    "KW": ["الكويتي"],
    "OM": ["العماني"],
    "YE": ["اليمني"],
    "SD": ["السوداني"],
    "LY": ["الليبي"],
    "TN": ["التونسي"],
    "DZ": ["الجزائري"],
    "MA": ["المغربي"],
    "MR": ["الموريتاني"],
    "IL": ["الإسرائيلي"],
    "PS": ["الفلسطيني"],
    "AF": ["الأفغاني", "الأفغانستاني"],
    "PK": ["الباكستاني"],
    "UA": ["الأوكراني"],
    "CO": ["الكولومبي"],
    "BR": ["البرازيلي"],
    "JP": ["الياباني"],
    "SA": ["السعودي"],
    "SY": ["السوري"],
    "DK": ["الدانمركي", "الدنماركي"],
    "HU": ["الهنغاري", "المجري"],
    "BA": ["البوسني"],
    "BY": ["البيلاروسي"],
    "AZ": ["الأذربيجاني", "الأذري"],
    "KZ": ["الكازاخستاني", "الكازاخي"],
    "UZ": ["الأوزبكستاني", "الأوزبكي"],
    "TJ": ["الطاجيكستاني", "الطاجيكي"],
    "KG": ["القيرغيزستاني", "القرغيزي", "القيرغيزي"],
    "TM": ["التركمانستاني", "التركماني"],
    "PE": ["البيروفي"],
    "MX": ["المكسيكي"],
    "CL": ["التشيلي"],
    "EC": ["الإكوادوري"],
    "ET": ["الإثيوبي"],
    "ER": ["الإريتري"],
    "MV": ["المالديفي"],
    "XK": ["الكوسوفي"],
    "CI": ["الإيفواري"],
    "MK": ["المقدوني"],
    "TW": ["التايواني"],
    "MM": ["الميانماري"],
    "LK": ["السريلانكي"],
    "BD": ["البنغلاديشي"],
    "TH": ["التايلاندي"],
    "TG": ["التوغولي"],
    "CZ": ["التشيكي"],
    "VN": ["الفيتنامي"],
    "PH": ["الفلبيني"],
    "CY": ["القبرصي"],
    "NZ": ["النيوزيلندي"],
    "SG": ["السنغافوري"],
    "PA": ["البنمي"],
    "MW": ["الملاوي"],
    "PY": ["الباراغواياني"],
    "UY": ["الأوروغوياني"],
}
# Countries with no adjective: Mali (`المالي` is "the financial"), Samoa (`السامي` is "the high",
# as in `المفوض السامي`), and those whose adjective would name two countries (`الكونغولي`,
# `الدومينيكي`; `الغيني` is kept for Guinea only).
NO_ADJ = {"ML", "CD", "CG", "GQ", "GW", "PG", "DO", "DM", "WS"}

# Dependent territories and other non-sovereign entries: no rule-made adjective.
TERRITORIES = set(
    "AI AS AW AX BL BM BQ BV CC CK CW CX FK FO GF GG GI GL GP GS GU HK HM IM IO JE KY MF MO MP MQ MS "
    "NC NF NU PF PM PN PR RE SH SJ SX TC TF TK UM VG VI WF YT EH AQ".split()
)

# --------------------------------------------------------------------------- cities

# pyarabic's capitals (names as written there, `-` for a space) -> ISO code.
PYARABIC_CAPITALS = {
    "الجزائر": "DZ", "الخرطوم": "SD", "الدوحة": "QA", "الرباط": "MA", "الرياض": "SA",
    "العيون": "EH", "الفاتيكان": "VA", "القاهرة": "EG", "القدس": "IL", "الكويت": "KW",
    "المنامة": "BH", "أبوجا": "NG", "أبوظبي": "AE", "أبيا": "WS", "أثينا": "GR",
    "أديس أبابا": "ET", "أسطانا": "KZ", "أسمرة": "ER", "أسونسيون": "PY", "أكرا": "GH",
    "أمستردام": "NL", "أنتاناناريفو": "MG", "أنجمينا": "TD", "أندورا لافيلا": "AD", "أنقرة": "TR",
    "أوتاوا": "CA", "أوسلو": "NO", "أولان باتور": "MN", "إسلام أباد": "PK", "باراماريبو": "SR",
    "باريس": "FR", "باستير": "KN", "باكو": "AZ", "باليكير": "FM", "باماكو": "ML",
    "بانجول": "GM", "بانغي": "CF", "بانكوك": "TH", "براتيسلافا": "SK", "برازافيل": "CG",
    "برازيليا": "BR", "براغ": "CZ", "برايا": "CV", "برشتينا": "XK", "برلين": "DE", "برن": "CH",
    "بروكسل": "BE", "بريتوريا": "ZA", "بريدج تاون": "BB", "بشكيك": "KG", "بغداد": "IQ",
    "بكين": "CN", "بلغراد": "RS", "بلموبان": "BZ", "بندر سري بكاوان": "BN", "بنما": "PA",
    "بنوم بنه": "KH", "بوجمبورا": "BI", "بوخارست": "RO", "بودابست": "HU", "بودغوريتشا": "ME",
    "بور لويس": "MU", "بورت أو برانس": "HT", "بورت أوف سبين": "TT", "بورت فيكتوريا": "SC",
    "بورت فيلا": "VU", "بورت مورسبي": "PG", "بورتو نوفو": "BJ", "بوغوتا": "CO", "بوينس آيريس": "AR",
    "بيروت": "LB", "بيساو": "GW", "بيونغ يانغ": "KP", "تاراوا": "KI", "تالين": "EE", "تايبي": "TW",
    "تبليسي": "GE", "تل أبيب": "IL", "تونس": "TN", "تيجوسي جالبا": "HN", "تيرانا": "AL",
    "تيمفو": "BT", "جاكرتا": "ID", "جوبا": "SS", "جورج تاون": "GY", "جيبوتي": "DJ", "داكار": "SN",
    "دبلن": "IE", "دكا": "BD", "دمشق": "SY", "دودوما": "TZ", "دوشنبه": "TJ", "ديلي": "TL",
    "روسياو": "DM", "روما": "IT", "ريغا": "LV", "ريكيافيك": "IS", "زاغرب": "HR", "سان خوسيه": "CR",
    "سان دمنجو": "DO", "سان سلفادور": "SV", "سانت جورجز": "GD", "سانت جونز": "AG", "سانتياغو": "CL",
    "ساو تومي": "ST", "ستوكهولم": "SE", "سراييفو": "BA", "سكوبيه": "MK", "سنغافورة": "SG",
    "سوفا": "FJ", "سيول": "KR", "صنعاء": "YE", "طرابلس": "LY", "طشقند": "UZ", "طهران": "IR",
    "طوكيو": "JP", "عشق آباد": "TM", "عمّان": "JO", "غابورون": "BW", "غواتيمالا سيتي": "GT",
    "فادوز": "LI", "فاليتا": "MT", "فريتاون": "SL", "فونافوتي": "TV", "فيلنيوس": "LT",
    "فيينا": "AT", "فيينتيان": "LA", "كابول": "AF", "كاتماندو": "NP", "كاستريس": "LC",
    "كانبرا": "AU", "كراكاس": "VE", "كمبالا": "UG", "كوالالمبور": "MY", "كوبنهاغن": "DK",
    "كوبنهاجن": "DK", "كولومبو": "LK", "كوناكري": "GN", "كيتو": "EC", "كيشيناو": "MD", "كيغالي": "RW",
    "كينشاسا": "CD", "كينغستاون": "VC", "كينغستون": "JM", "كييف": "UA", "لاباز": "BO",
    "لشبونة": "PT", "لندن": "GB", "لواندا": "AO", "لوبلانا": "SI", "لوساكا": "ZM", "لوكسمبورغ": "LU",
    "لومي": "TG", "ليبرفيل": "GA", "ليلونغوي": "MW", "ليما": "PE", "مابوتو": "MZ", "ماسيرو": "LS",
    "ماغورو": "MH", "مالابو": "GQ", "ماليه": "MV", "ماناغوا": "NI", "مانيلا": "PH", "مبابان": "SZ",
    "مدريد": "ES", "مسقط": "OM", "مقديشو": "SO", "مكسيكو سيتي": "MX", "منروفيا": "LR",
    "موروني": "KM", "موسكو": "RU", "موناكو فيل": "MC", "مونتيفيديو": "UY", "ميلكيوك": "PW",
    "مينسك": "BY", "ناساو": "BS", "نايبيدو": "MM", "نواكشوط": "MR", "نوكو ألوفا": "TO",
    "نيامي": "NE", "نيروبي": "KE", "نيقوسيا": "CY", "نيودلهي": "IN", "هافانا": "CU", "هانوي": "VN",
    "هراري": "ZW", "هلسنكي": "FI", "هونيارا": "SB", "وارسو": "PL", "واشنطن": "US",
    "واغادوغو": "BF", "ويلينغتون": "NZ", "ويندهوك": "NA", "يارين": "NR", "ياموسوكرو": "CI",
    "ياوندي": "CM", "يريفان": "AM",
}
# pyarabic entries that are run together or carry two names.
PYARABIC_FIXES = {"أثيناآخايا": "أثينا", "موسكوأستراخان": "موسكو", "كوبنهاغن/كوبنهاجن": None}
# Capitals of entities that are not ISO countries (South Ossetia, Transnistria, Nagorno-Karabakh,
# Abkhazia), and regional capitals pyarabic lists among national ones.
PYARABIC_SKIP = {"تسخينفالي", "تيراسبول", "ستباناكيرت", "سخومي", "فلاديقوقاز", "هرجيسا"}

# name|variants, iso2, capital, ambiguous.  Ambiguous: also a common word or a second place;
# found only with a cue (`مدينة`, `العاصمة`, a neighbouring city, a dateline), or, for `عمان`,
# through resolve_oman().
HAND_CITIES: list[tuple[str, str, int, int]] = [
    # Saudi Arabia
    ("الرياض", "SA", 1, 0), ("جدة", "SA", 0, 0), ("مكة المكرمة|مكة|مكة المكرّمة", "SA", 0, 0),
    ("المدينة المنورة", "SA", 0, 0), ("الدمام", "SA", 0, 0), ("نجران", "SA", 0, 0),
    ("جازان|جيزان", "SA", 0, 0), ("أبها", "SA", 0, 0), ("تبوك", "SA", 0, 0), ("الطائف", "SA", 0, 0),
    ("الخبر", "SA", 0, 1), ("الظهران", "SA", 0, 0), ("بريدة", "SA", 0, 0), ("القصيم", "SA", 0, 0),
    ("حائل", "SA", 0, 1), ("سكاكا", "SA", 0, 0), ("ينبع", "SA", 0, 1), ("الأحساء", "SA", 0, 0),
    ("الجبيل", "SA", 0, 0), ("خميس مشيط", "SA", 0, 0), ("الباحة", "SA", 0, 0), ("عرعر", "SA", 0, 0),
    ("القطيف", "SA", 0, 0), ("حفر الباطن", "SA", 0, 0), ("نيوم", "SA", 0, 0), ("رابغ", "SA", 0, 0),
    ("بيشة", "SA", 0, 0), ("القنفذة", "SA", 0, 0), ("العلا", "SA", 0, 1),
    # Egypt
    ("القاهرة", "EG", 1, 0), ("الإسكندرية", "EG", 0, 0), ("شرم الشيخ", "EG", 0, 0),
    ("الأقصر", "EG", 0, 0), ("أسوان", "EG", 0, 0), ("الغردقة", "EG", 0, 0),
    ("بورسعيد|بور سعيد", "EG", 0, 0), ("السويس", "EG", 0, 0), ("الإسماعيلية", "EG", 0, 0),
    ("العلمين|العلمين الجديدة", "EG", 0, 0), ("المنصورة", "EG", 0, 0), ("طنطا", "EG", 0, 0),
    ("الجيزة", "EG", 0, 0),
    # Levant, Iraq
    ("عمان|عمّان", "JO", 1, 1), ("العقبة", "JO", 0, 0), ("إربد", "JO", 0, 0), ("الزرقاء", "JO", 0, 0),
    ("بيروت", "LB", 1, 0), ("صيدا", "LB", 0, 0), ("بعلبك", "LB", 0, 0),
    ("دمشق", "SY", 1, 0), ("حلب", "SY", 0, 0), ("حمص", "SY", 0, 0), ("حماة", "SY", 0, 1),
    ("اللاذقية", "SY", 0, 0), ("طرطوس", "SY", 0, 0), ("دير الزور", "SY", 0, 0), ("إدلب", "SY", 0, 0),
    ("الرقة", "SY", 0, 0), ("درعا", "SY", 0, 0), ("القامشلي", "SY", 0, 0),
    ("بغداد", "IQ", 1, 0), ("أربيل|اربيل", "IQ", 0, 0), ("الموصل", "IQ", 0, 0), ("البصرة", "IQ", 0, 0),
    ("النجف", "IQ", 0, 0), ("كربلاء", "IQ", 0, 0), ("السليمانية", "IQ", 0, 0), ("كركوك", "IQ", 0, 0),
    ("الفلوجة", "IQ", 0, 0), ("الرمادي", "IQ", 0, 1), ("تكريت", "IQ", 0, 0),
    ("رام الله", "PS", 0, 0), ("غزة", "PS", 0, 0), ("القدس الشرقية", "PS", 0, 0), ("نابلس", "PS", 0, 0),
    ("الخليل", "PS", 0, 1), ("بيت لحم", "PS", 0, 0), ("أريحا", "PS", 0, 0), ("جنين", "PS", 0, 1),
    ("خان يونس", "PS", 0, 0), ("رفح", "PS", 0, 0),
    ("القدس", "IL", 1, 0), ("تل أبيب", "IL", 0, 0), ("حيفا", "IL", 0, 0),
    # Gulf, Yemen
    ("صنعاء", "YE", 1, 0), ("عدن", "YE", 0, 0), ("تعز", "YE", 0, 0), ("الحديدة", "YE", 0, 0),
    ("المكلا", "YE", 0, 0), ("مأرب", "YE", 0, 1), ("سيئون", "YE", 0, 0),
    ("الدوحة", "QA", 1, 0), ("المنامة", "BH", 1, 0), ("الكويت", "KW", 1, 0),
    ("مسقط", "OM", 1, 0), ("صلالة", "OM", 0, 0),
    ("أبوظبي|أبو ظبي", "AE", 1, 0), ("دبي", "AE", 0, 0), ("الشارقة", "AE", 0, 0), ("عجمان", "AE", 0, 0),
    ("رأس الخيمة", "AE", 0, 0), ("الفجيرة", "AE", 0, 0),
    # North Africa, Horn
    ("الخرطوم", "SD", 1, 0), ("بورتسودان|بور سودان", "SD", 0, 0), ("أم درمان", "SD", 0, 0),
    ("طرابلس", "LY", 1, 0), ("بنغازي", "LY", 0, 0), ("مصراتة", "LY", 0, 0), ("سرت", "LY", 0, 1),
    ("طبرق", "LY", 0, 0),
    ("تونس", "TN", 1, 0), ("صفاقس", "TN", 0, 0), ("سوسة", "TN", 0, 0),
    ("الجزائر", "DZ", 1, 0), ("وهران", "DZ", 0, 0), ("قسنطينة", "DZ", 0, 0),
    ("الرباط", "MA", 1, 0), ("الدار البيضاء", "MA", 0, 0), ("مراكش", "MA", 0, 0), ("طنجة", "MA", 0, 0),
    ("فاس", "MA", 0, 0), ("نواكشوط", "MR", 1, 0),
    ("أديس أبابا|أديس ابابا", "ET", 1, 0), ("نيروبي", "KE", 1, 0), ("مومباسا", "KE", 0, 0),
    ("مقديشو|مقديشيو", "SO", 1, 0), ("جيبوتي", "DJ", 1, 0), ("أسمرة", "ER", 1, 0), ("جوبا", "SS", 1, 0),
    ("كمبالا|كامبالا", "UG", 1, 0), ("دودوما", "TZ", 1, 0), ("دار السلام", "TZ", 0, 1),
    ("أبوجا", "NG", 1, 0), ("لاغوس", "NG", 0, 0), ("بريتوريا", "ZA", 1, 0),
    ("جوهانسبرغ|جوهانسبرج", "ZA", 0, 0), ("كيب تاون", "ZA", 0, 0), ("داكار", "SN", 1, 0),
    ("باماكو", "ML", 1, 0), ("نيامي", "NE", 1, 0), ("نجامينا|انجامينا", "TD", 1, 0),
    ("كينشاسا", "CD", 1, 0), ("برازافيل", "CG", 1, 0), ("كيغالي", "RW", 1, 0),
    # Europe
    ("موسكو", "RU", 1, 0), ("سانت بطرسبرغ|سان بطرسبرغ|سانت بطرسبورغ|سان بطرسبورغ|بطرسبرغ", "RU", 0, 0),
    ("أوفا", "RU", 0, 0), ("سوتشي", "RU", 0, 0), ("قازان", "RU", 0, 0), ("فلاديفوستوك", "RU", 0, 0),
    ("يكاترينبورغ", "RU", 0, 0), ("نوفوسيبيرسك", "RU", 0, 0),
    ("لندن", "GB", 1, 0), ("مانشستر", "GB", 0, 0), ("إدنبرة", "GB", 0, 0),
    ("باريس", "FR", 1, 0), ("مرسيليا", "FR", 0, 0), ("ليون", "FR", 0, 1), ("ستراسبورغ", "FR", 0, 0),
    ("برلين", "DE", 1, 0), ("ميونيخ", "DE", 0, 0), ("فرانكفورت", "DE", 0, 0), ("هامبورغ", "DE", 0, 0),
    ("بون", "DE", 0, 0), ("دوسلدورف", "DE", 0, 0), ("كولونيا", "DE", 0, 0),
    ("بروكسل", "BE", 1, 0), ("برن", "CH", 1, 0), ("جنيف", "CH", 0, 0), ("زيورخ", "CH", 0, 0),
    ("لوزان", "CH", 0, 0), ("دافوس", "CH", 0, 0), ("فيينا", "AT", 1, 0),
    ("روما", "IT", 1, 0), ("ميلانو", "IT", 0, 0), ("نابولي", "IT", 0, 0), ("فلورنسا", "IT", 0, 0),
    ("مدريد", "ES", 1, 0), ("برشلونة", "ES", 0, 0), ("لشبونة", "PT", 1, 0),
    ("أمستردام", "NL", 1, 0), ("لاهاي", "NL", 0, 0), ("روتردام", "NL", 0, 0),
    ("أنقرة", "TR", 1, 0), ("إسطنبول|اسطنبول|استانبول", "TR", 0, 0), ("إزمير", "TR", 0, 0),
    ("أنطاليا", "TR", 0, 0), ("غازي عنتاب", "TR", 0, 0),
    ("كييف|كييڤ", "UA", 1, 0), ("خاركيف", "UA", 0, 0), ("أوديسا", "UA", 0, 0),
    ("مينسك", "BY", 1, 0), ("بلغراد", "RS", 1, 0), ("أثينا", "GR", 1, 0), ("وارسو", "PL", 1, 0),
    ("ستوكهولم", "SE", 1, 0), ("أوسلو", "NO", 1, 0), ("كوبنهاغن|كوبنهاجن", "DK", 1, 0),
    ("هلسنكي", "FI", 1, 0), ("دبلن", "IE", 1, 0), ("براغ", "CZ", 1, 0), ("بودابست", "HU", 1, 0),
    ("بوخارست", "RO", 1, 0), ("صوفيا", "BG", 1, 1), ("نيقوسيا", "CY", 1, 0), ("فاليتا", "MT", 1, 0),
    # Asia
    ("طهران", "IR", 1, 0), ("أصفهان", "IR", 0, 0), ("شيراز", "IR", 0, 0), ("تبريز", "IR", 0, 0),
    ("مشهد", "IR", 0, 1),
    ("بكين", "CN", 1, 0), ("شانغهاي|شنغهاي", "CN", 0, 0), ("قوانغتشو|غوانغتشو", "CN", 0, 0),
    ("شنتشن|شنجن", "CN", 0, 0), ("تيانجين", "CN", 0, 0), ("ووهان", "CN", 0, 0), ("شيآن|شيان", "CN", 0, 0),
    ("هانغتشو|هانغجو", "CN", 0, 0), ("تشونغتشينغ", "CN", 0, 0), ("أورومتشي|أورومكي", "CN", 0, 0),
    ("بوآو", "CN", 0, 0), ("شيامن", "CN", 0, 0), ("داليان", "CN", 0, 0), ("نانجينغ|نانجنغ", "CN", 0, 0),
    ("تشنغدو", "CN", 0, 0), ("كونمينغ", "CN", 0, 0), ("تشينغداو", "CN", 0, 0),
    ("نيودلهي|نيو دلهي", "IN", 1, 0), ("مومباي", "IN", 0, 0), ("دلهي", "IN", 0, 0),
    ("إسلام آباد|إسلام أباد", "PK", 1, 0), ("كراتشي", "PK", 0, 0), ("لاهور", "PK", 0, 0),
    ("بيشاور", "PK", 0, 0),
    ("كابول", "AF", 1, 0), ("قندهار", "AF", 0, 0), ("هرات", "AF", 0, 0), ("مزار شريف", "AF", 0, 0),
    ("طوكيو", "JP", 1, 0), ("أوساكا", "JP", 0, 0), ("هيروشيما", "JP", 0, 0), ("كيوتو", "JP", 0, 0),
    ("سول|سيول", "KR", 1, 0), ("بوسان", "KR", 0, 0), ("بيونغ يانغ|بيونغيانغ", "KP", 1, 0),
    ("دوشنبه|دوشانبي", "TJ", 1, 0), ("طشقند", "UZ", 1, 0), ("سمرقند", "UZ", 0, 0),
    ("أستانا|أستانة|أسطانا|نور سلطان", "KZ", 1, 0), ("ألماتي|ألما آتا", "KZ", 0, 0),
    ("بيشكيك|بشكيك", "KG", 1, 0), ("عشق آباد|عشق أباد", "TM", 1, 0), ("يريفان", "AM", 1, 0),
    ("باكو", "AZ", 1, 0), ("تبليسي", "GE", 1, 0),
    ("ماليه", "MV", 1, 1), ("كولومبو", "LK", 1, 0), ("دكا|داكا", "BD", 1, 0), ("كاتماندو", "NP", 1, 0),
    ("جاكرتا", "ID", 1, 0), ("كوالالمبور|كوالا لمبور|كوالا لامبور", "MY", 1, 0),
    ("سنغافورة", "SG", 1, 0), ("بانكوك", "TH", 1, 0), ("هانوي", "VN", 1, 0), ("مانيلا", "PH", 1, 0),
    ("نايبيداو|ناي بي تاو|نايبيدو", "MM", 1, 0), ("بنوم بنه", "KH", 1, 0), ("فيينتيان", "LA", 1, 0),
    ("أولان باتور|أولانباتار", "MN", 1, 0), ("هونغ كونغ", "HK", 1, 0), ("ماكاو", "MO", 1, 0),
    ("تايبيه|تايبي", "TW", 1, 0),
    # Americas, Oceania
    ("واشنطن", "US", 1, 0), ("نيويورك", "US", 0, 0), ("لوس أنجلوس|لوس انجلوس", "US", 0, 0),
    ("سان فرانسيسكو", "US", 0, 0), ("شيكاغو", "US", 0, 0), ("هيوستن", "US", 0, 0), ("بوسطن", "US", 0, 0),
    ("ميامي", "US", 0, 0),
    ("أوتاوا", "CA", 1, 0), ("تورونتو|تورنتو", "CA", 0, 0), ("مونتريال", "CA", 0, 0),
    ("فانكوفر", "CA", 0, 0),
    ("مكسيكو سيتي|مدينة مكسيكو", "MX", 1, 0), ("هافانا", "CU", 1, 0), ("كاراكاس|كراكاس", "VE", 1, 0),
    ("بوغوتا", "CO", 1, 0), ("ليما", "PE", 1, 0), ("سانتياغو", "CL", 1, 0),
    ("بوينس آيرس|بوينس آيريس|بوينس أيرس", "AR", 1, 0), ("برازيليا", "BR", 1, 0),
    ("ريو دي جانيرو", "BR", 0, 0), ("ساو باولو", "BR", 0, 0), ("مونتيفيديو", "UY", 1, 0),
    ("كانبرا", "AU", 1, 0), ("سيدني", "AU", 0, 0), ("ملبورن|ميلبورن", "AU", 0, 0),
    ("ولينغتون|ويلينغتون", "NZ", 1, 0),
    # city-states and capitals named like their country
    ("موناكو", "MC", 1, 0), ("الفاتيكان", "VA", 1, 0), ("سان مارينو", "SM", 1, 0),
    ("لوكسمبورغ", "LU", 1, 0), ("بنما", "PA", 1, 0), ("غواتيمالا|غواتيمالا سيتي", "GT", 1, 0),
]

# CLDR exemplar cities that are not cities news copy would use, or are common words.
BABEL_CITY_SKIP = {
    "سمراء", "نوم", "سنتر", "ماهي", "واك", "جوني", "كانتون", "بيترسبرغ", "استر", "بلم", "ثيل",
    "كناري", "كريسماس", "كوكوس", "بوسنغن", "هيبرون (مدينة الخليل)", "أورال", "باهيا",
    "ريونيون", "نورفولك", "كايمان", "ميدواي", "تشاغوس", "سيتا", "أزورس", "ماديرا", "بلانتاير",
    "كوسرا", "فيفاي", "بويس", "أداك", "جايابيورا", "جامبير", "ماركيساس", "تشاثام", "ماكسار",
    "هوفد", "دارون", "برثا", "أوكلا", "أشوا", "تاكمان", "ليندمان", "لورد هاو", "كيشينج", "إيفات",
    "واليس", "سانت توماس", "سانت فنسنت", "سانت لوشيا", "سانت كيتس", "سانت هيلينا",
    "مونتسيرات", "غوادالكانال", "غراند ترك", "تونغاتابو", "فاكاوفو", "كيرغويلين",
    "جورجيا الجنوبية", "أنتيغوا", "حي الأمير السفلي", "سانت بارتيليمي", "أندير", "أوست نيرا",
}
# Other spellings of a city already listed: merged into its row as variants.
CITY_SAME = {
    "بوجومبورا": "بوجمبورا", "لا باز": "لاباز", "ناسو": "ناساو", "بانغوي": "بانغي",
    "تيغوسيغالبا": "تيجوسي جالبا", "زغرب": "زاغرب", "بورت أو برنس": "بورت أو برانس",
    "مونروفيا": "منروفيا", "تشيسيناو": "كيشيناو", "بودغوريكا": "بودغوريتشا", "ماجورو": "ماغورو",
    "سكوبي": "سكوبيه", "بور مورسبي": "بورت مورسبي", "ليوبليانا": "لوبلانا", "فري تاون": "فريتاون",
    "مباباني": "مبابان", "مونتفيديو": "مونتيفيديو", "سانتو دومينغو": "سان دمنجو",
    "فيانتيان": "فيينتيان", "آلانباتار": "أولان باتور", "فلاديفوستك": "فلاديفوستوك",
    "يكاترنبيرج": "يكاترينبورغ", "نوفوسبيرسك": "نوفوسيبيرسك", "أرومكي": "أورومتشي",
    "بنوم بنه": "بنوم بنه", "ايركيتسك": "إيركوتسك",
}
# pyarabic and CLDR names that are also common words or people's names.
CITY_AMBIGUOUS = {"العيون", "ديلي", "أبيا"}
# CLDR zones whose exemplar cities are US/Argentine counties and small towns.
BABEL_ZONE_SKIP = re.compile(r"^(Antarctica/|America/(Indiana|Kentucky|North_Dakota|Argentina)/|Etc/)")

# Common words that must never be a city (the build drops any city form among them).
STOPLIST = {
    "صور", "قم", "العين", "كيف", "كان", "نوم", "سمراء", "ماهي", "الحد", "البيض", "نخلة", "الحاج",
    "رافد", "الامل", "السلام", "النصر", "صباح", "اليوم", "الوطن", "الشعب", "الجديد", "الحياه",
    "المدينه", "العاصمه", "الجزيره", "الخليج", "الشرق", "الغرب", "الشمال", "الجنوب", "الوسط",
    "النور", "الفجر", "الرشيد", "الامين", "الهدي", "الخير", "البركه", "السعاده", "الوحده",
    "العلم", "الحق", "الفرح", "السلطان", "الملك", "الامير", "الرئيس", "الحريه", "الكرامه",
    "الاستقلال", "الثوره", "المنار", "القمر", "الشمس", "النجم", "الهلال", "البحر", "النهر",
    "الجبل", "الوادي", "السهل", "الساحل", "الصحراء", "الواحه", "القريه", "الحي", "السوق",
    "المطار", "الميناء", "القصر", "البيت", "الدار", "الباب", "الطريق", "جوني", "واك", "سنتر",
    "بخاري", "حمي", "هذا", "هذه", "عمل", "عام",
}

# --------------------------------------------------------------------------- organisations

# code, English name, canonical Arabic, other names and adjectives, weak adjectives (EU only).
ORGANIZATIONS: list[tuple[str, str, str, list[str], list[str]]] = [
    ("UN", "United Nations", "الأمم المتحدة",
     ["منظمة الأمم المتحدة", "هيئة الأمم المتحدة", "الأممي", "الأممية", "الأمميين", "الأمميون",
      "الأمميان", "مجلس الأمن الدولي", "مجلس الأمن التابع للأمم المتحدة",
      "الجمعية العامة للأمم المتحدة"], []),
    ("EU", "European Union", "الاتحاد الأوروبي",
     ["الاتحاد الأوربي", "المفوضية الأوروبية", "البرلمان الأوروبي", "المجلس الأوروبي"],
     ["الأوروبي", "الأوروبية", "الأوربي", "الأوربية"]),
    ("Arab League", "League of Arab States", "جامعة الدول العربية",
     ["الجامعة العربية"], []),
    ("GCC", "Gulf Cooperation Council", "مجلس التعاون لدول الخليج العربية",
     ["مجلس التعاون الخليجي", "دول مجلس التعاون", "مجلس التعاون لدول الخليج"], []),
    ("SCO", "Shanghai Cooperation Organisation", "منظمة شانغهاي للتعاون",
     ["منظمة شنغهاي للتعاون", "منظمة شانغهاي", "منظمة شنغهاي"], []),
    ("AU", "African Union", "الاتحاد الأفريقي", ["الاتحاد الإفريقي"], []),
    ("OIC", "Organisation of Islamic Cooperation", "منظمة التعاون الإسلامي",
     ["منظمة المؤتمر الإسلامي"], []),
    ("NATO", "North Atlantic Treaty Organization", "حلف شمال الأطلسي",
     ["الناتو", "حلف الناتو", "حلف الأطلسي", "منظمة حلف شمال الأطلسي"], []),
    ("ASEAN", "Association of Southeast Asian Nations", "رابطة دول جنوب شرق آسيا",
     ["آسيان", "الآسيان", "رابطة آسيان", "رابطة أمم جنوب شرق آسيا"], []),
    ("OPEC", "Organization of the Petroleum Exporting Countries", "منظمة الدول المصدرة للنفط",
     ["أوبك", "منظمة أوبك", "منظمة الدول المصدرة للبترول"], []),
    ("IAEA", "International Atomic Energy Agency", "الوكالة الدولية للطاقة الذرية", [], []),
    ("WHO", "World Health Organization", "منظمة الصحة العالمية", [], []),
    ("IMF", "International Monetary Fund", "صندوق النقد الدولي", [], []),
    ("World Bank", "World Bank", "البنك الدولي", ["مجموعة البنك الدولي"], []),
    ("BRICS", "BRICS", "مجموعة بريكس", ["بريكس", "البريكس", "مجموعة البريكس"], []),
    ("UNESCO", "UNESCO", "منظمة الأمم المتحدة للتربية والعلم والثقافة",
     ["اليونسكو", "منظمة اليونسكو"], []),
    ("UNICEF", "UNICEF", "منظمة الأمم المتحدة للطفولة", ["اليونيسف", "اليونيسيف", "منظمة اليونيسف"], []),
    ("WFP", "World Food Programme", "برنامج الأغذية العالمي", ["برنامج الغذاء العالمي"], []),
    ("UNHCR", "UN High Commissioner for Refugees", "المفوضية السامية للأمم المتحدة لشؤون اللاجئين",
     ["مفوضية الأمم المتحدة لشؤون اللاجئين", "المفوضية السامية لشؤون اللاجئين"], []),
]


# --------------------------------------------------------------------------- build


def _clean(name: str) -> str:
    """CLDR labels to press names: drop parentheses, hyphens become spaces."""
    name = re.sub(r"\s*\(.*?\)", "", name)
    name = re.sub(r"\s*[-–]\s*", " ", name)
    return " ".join(name.split())


def adjective_rule(name: str) -> str | None:
    """The regular nisba adjective (masculine, with ال) of a one-word country name, or None.

    روسيا -> الروسي, كندا -> الكندي, سنغافورة -> السنغافوري, اليابان -> الياباني; names ending
    in ي keep it (جيبوتي -> الجيبوتي); names ending in و have no regular form.
    """
    name = strip_marks(name)
    if " " in name:
        return None
    stem = name[2:] if name.startswith("ال") else name
    if stem.endswith("يا"):
        stem = stem[:-2]
    elif stem.endswith(("ا", "ة", "ه")):
        stem = stem[:-1]
    elif stem.endswith("و"):
        return None
    if not stem.endswith("ي"):
        stem += "ي"
    return "ال" + stem


def build_countries() -> list[list[str]]:
    ar, en = Locale("ar"), Locale("en")
    aliases = get_global("territory_aliases")
    iso3: dict[str, list[str]] = {}
    for alias, targets in aliases.items():
        if len(alias) == 3 and alias.isalpha() and len(targets) == 1:
            iso3.setdefault(targets[0], []).append(alias)
    rows = []
    seen: dict[str, str] = {}  # folded form -> iso2, for conflict checks
    for code in sorted(ar.territories):
        if not (len(code) == 2 and code.isalpha()) or code in NOT_ISO:
            continue
        if code in EXTRA_CODES:
            a3 = EXTRA_CODES[code]
        else:
            choices = iso3.get(code, [])
            a3 = ISO3_CHOICE.get(code) or (choices[0] if len(choices) == 1 else "")
        assert a3, f"no alpha-3 for {code}: {iso3.get(code)}"
        babel_name = ar.territories[code]
        name_ar = NAME_OVERRIDES.get(code, _clean(babel_name))
        names = [name_ar, _clean(babel_name), *VARIANTS.get(code, [])]
        names = _dedupe([_clean(n) for n in names])
        restricted = RESTRICTED.get(code, [])
        if code == "ML":
            names.append("جمهورية مالي")
        adjs: list[str] = []
        if code not in NO_ADJ:
            adjs = list(ADJ_TABLE.get(code, []))
            if code not in TERRITORIES and code not in ADJ_TABLE:
                for n in names[:2]:
                    rule = adjective_rule(n)
                    if rule:
                        adjs.append(rule)
        adjs = _dedupe(adjs)
        for form in names + restricted + adjs:
            key = fold(form)
            if key in seen and seen[key] != code:
                raise SystemExit(f"{form!r} names both {seen[key]} and {code}")
            seen[key] = code
        rows.append([code, a3, en.territories[code], name_ar, "|".join(names), "|".join(adjs),
                     "|".join(restricted)])
    return rows


def _dedupe(items: list[str]) -> list[str]:
    out, keys = [], set()
    for item in items:
        key = fold(item)
        if item and key not in keys:
            keys.add(key)
            out.append(item)
    return out


def _pyarabic_capitals() -> list[str]:
    from pyarabic import propernouns  # the 600 kB module: build time only

    caps = []
    for text in (propernouns.TEXT1, propernouns.TEXT2):
        for line in text.split("\n"):
            name, _, label = line.partition("اسم علم")
            if "عاص" in label:
                caps.append(name.strip())
    return caps


def build_cities(country_rows: list[list[str]]) -> list[list[str]]:
    codes = {r[0] for r in country_rows}
    country_forms = {fold(n): r[0] for r in country_rows for n in r[4].split("|")}
    rows: dict[str, list] = {}  # folded canonical -> [names, iso2, capital, ambiguous, source]
    index: dict[str, str] = {}  # every folded variant -> folded canonical

    def add(names: list[str], iso2: str, capital: int, ambiguous: int, source: str) -> None:
        names = _dedupe(names)
        keys = [fold(n) for n in names]
        ambiguous = int(ambiguous or any(k in {fold(a) for a in CITY_AMBIGUOUS} for k in keys))
        bad = [n for n in keys if n in STOPLIST]
        if bad:
            print(f"  stoplist: dropped {names} ({source})")
            return
        for key in keys:
            # an ambiguous city (`عمان`) may share its name with another country: resolved in context
            if key in country_forms and country_forms[key] != iso2 and not (ambiguous or key in index):
                print(f"  dropped {names} ({source}): {key} is the country {country_forms[key]}")
                return
        known = [index[k] for k in keys if k in index]
        if known:
            row = rows[known[0]]
            if row[1] != iso2:
                print(f"  conflict: {names} {iso2} ({source}) vs {row[0]} {row[1]} ({row[4]}): first kept")
                return
            row[2] = max(row[2], capital)
            row[0] = _dedupe(row[0] + names)
            for k in keys:
                index.setdefault(k, known[0])
            return
        rows[keys[0]] = [names, iso2, capital, ambiguous, source]
        for k in keys:
            index[k] = keys[0]

    for names, iso2, capital, ambiguous in HAND_CITIES:
        assert iso2 in codes, iso2
        add(names.split("|"), iso2, capital, ambiguous, "hand")

    missing = []
    for raw in _pyarabic_capitals():
        name = PYARABIC_FIXES.get(raw, raw)
        if name is None or name in PYARABIC_SKIP:
            continue
        name = name.replace("-", " ")
        if name not in PYARABIC_CAPITALS:
            missing.append(raw)
            continue
        add([CITY_SAME.get(name, name), name], PYARABIC_CAPITALS[name], 1, 0, "pyarabic")
    if missing:
        raise SystemExit(f"pyarabic capitals with no ISO code in PYARABIC_CAPITALS: {missing}")

    ar = Locale("ar")
    zone_territory = get_global("zone_territories")
    hand_or_capital = {fold(n) for n in index}
    for zone, info in ar.time_zones.items():
        city = info.get("city")
        iso2 = zone_territory.get(zone)
        if not city or iso2 not in codes or BABEL_ZONE_SKIP.match(zone) or city in BABEL_CITY_SKIP:
            continue
        if "،" in city or "(" in city:
            continue
        key = fold(city)
        # CLDR often uses the territory's own name as its exemplar city (`البحرين`, `قطر`);
        # only real cities of that name are in the hand table.
        if key in country_forms and key not in hand_or_capital:
            continue
        add([CITY_SAME.get(city, city), city], iso2, 0, 0, "cldr")

    out = []
    for names, iso2, capital, ambiguous, source in sorted(rows.values(), key=lambda r: (r[1], fold(r[0][0]))):
        out.append(["|".join(names), iso2, str(capital), str(ambiguous), source])
    return out


def build_organizations() -> list[list[str]]:
    return [[code, en, ar, "|".join(_dedupe([ar, *names])), "|".join(weak)]
            for code, en, ar, names, weak in ORGANIZATIONS]


def _write(path: Path, header: list[str], rows: list[list[str]]) -> None:
    lines = ["\t".join(header)] + ["\t".join(r) for r in rows]
    for line in lines:
        assert line.count("\t") == len(header) - 1, line
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    print(f"wrote {path.relative_to(ROOT)}: {len(rows)} rows")


def main() -> None:
    countries = build_countries()
    _write(DATA / "countries.tsv",
           ["iso2", "iso3", "name_en", "name_ar", "names_ar", "adjectives_ar", "restricted_ar"], countries)
    cities = build_cities(countries)
    _write(DATA / "cities.tsv", ["names_ar", "iso2", "capital", "ambiguous", "source"], cities)
    _write(DATA / "organizations.tsv", ["code", "name_en", "name_ar", "names_ar", "weak_ar"],
           build_organizations())


if __name__ == "__main__":
    main()
