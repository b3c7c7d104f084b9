"""The criteria registry: every indicator Qonys knows, in one typed list.

The Methodology page, the README table and the database's ``indicator`` table are all generated
from ``INDICATORS``; a test fails when an indicator lacks a label or description in any language.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

Pillar = Literal["labour", "housing", "adaptation", "support", "context"]
Direction = Literal["higher_better", "lower_better"]
#: Who supplies values: official statistics, akimat officers, the build (derived), policy acts, or a
#: project or news report that is not official statistics (``reported``, e.g. S38, a regional project site).
Supplier = Literal["official", "akimat", "derived", "policy", "reported"]
#: Whether the source lists every unit of the indicator's level (``complete``) or only some (``partial``).
Completeness = Literal["complete", "partial"]

PILLARS: tuple[Pillar, ...] = ("labour", "housing", "adaptation", "support")
"""The four scored pillars (DESIGN.md). ``context`` indicators are shown but never weighted."""


@dataclass(frozen=True)
class Indicator:
    """One indicator of the registry.

    Parameters
    ----------
    code
        Stable key used in the database (``observation.indicator``) and in weight profiles.
    pillar
        Pillar it belongs to; ``context`` means displayed only.
    unit
        Unit of the stored value, e.g. ``"%"``, ``"KZT"``, ``"km"``.
    direction
        Whether a higher value is better for a settling family.
    level
        Lowest level at which a value normally exists (``district`` or ``oblast``); oblast values
        are inherited by their districts and marked so.
    supplier
        Who supplies values.
    label, description
        Texts keyed by language code ``kk``, ``ru``, ``en``.
    source_ids
        Source registry ids (``S..``/``P..``) of the official values, empty for akimat-entered ones.
    min_value, max_value
        Allowed range of a value (validation of edits and imports), ``None`` for unbounded.
    tags
        Free labels; ``"policy"`` marks a value set by a policy act (a quota, a designation) even
        when the build derives it, so the evidence shares count it as policy, not as measurement.
    completeness
        ``"partial"`` when the source (or the register a derived value is computed from) is known
        to list only some of the units or objects it should (the adaptation-centre list, S17: two
        centres found). A partial indicator is shown but not scored until the ministry marks its
        ``register`` complete (``WeightProfile.complete_registers``).
    register
        Name of the register whose completeness the ministry confirms (``""`` when not applicable).
    source_official
        ``False`` when the values, or an input of their formula, come from a source that is neither
        an official statistic, a legal act nor an approved akimat entry (e.g. a project website,
        S38); such an indicator is shown but kept out of the default profile.
    """

    code: str
    pillar: Pillar
    unit: str
    direction: Direction
    level: Literal["district", "oblast"]
    supplier: Supplier
    label: dict[str, str]
    description: dict[str, str]
    source_ids: tuple[str, ...] = ()
    min_value: float | None = 0.0
    max_value: float | None = None
    formula: str = ""
    tags: tuple[str, ...] = field(default=())
    completeness: Completeness = "complete"
    register: str = ""
    source_official: bool = True


def _i(
    code: str,
    pillar: Pillar,
    unit: str,
    direction: Direction,
    level: str,
    supplier: Supplier,
    kk: str,
    ru: str,
    en: str,
    *,
    desc_kk: str,
    desc_ru: str,
    desc_en: str,
    **kw: object,
) -> Indicator:
    return Indicator(
        code,
        pillar,
        unit,
        direction,
        level,
        supplier,  # type: ignore[arg-type]
        {"kk": kk, "ru": ru, "en": en},
        {"kk": desc_kk, "ru": desc_ru, "en": desc_en},
        **kw,
    )  # type: ignore[arg-type]


INDICATORS: tuple[Indicator, ...] = (
    # --- Labour deficit ------------------------------------------------------------------------
    _i(
        "vacancies_per_jobseeker",
        "labour",
        "ratio",
        "higher_better",
        "district",
        "akimat",
        "Бір жұмыс іздеушіге бос жұмыс орны",
        "Вакансий на одного ищущего работу",
        "Vacancies per job seeker",
        desc_kk="Жергілікті бос жұмыс орындарының тіркелген жұмыс іздеушілер санына қатынасы (әкімдік).",
        desc_ru="Отношение вакансий к числу зарегистрированных ищущих работу (акимат).",
        desc_en="Open vacancies divided by registered job seekers (entered by the akimat).",
        max_value=100.0,
    ),
    _i(
        "rural_vacancies_per_1000",
        "labour",
        "per 1,000 rural residents",
        "higher_better",
        "district",
        "derived",
        "1000 ауыл тұрғынына бос жұмыс орны",
        "Сельские вакансии на 1000 сельских жителей",
        "Rural vacancies per 1,000 rural residents",
        desc_kk="Ауылдағы бос жұмыс орындары / ауыл халқы × 1000.",
        desc_ru="Сельские вакансии / сельское население × 1000.",
        desc_en="Rural vacancies / rural population × 1,000.",
        source_ids=("S38", "S01"),
        formula="rural_vacancies / pop_rural_2023 * 1000",
        max_value=1000.0,
        # S38 is the Abai «Қаладан — ауылға» project website (8 districts of one oblast, so the
        # pipeline's coverage rule keeps it out of any score as well).
        source_official=False,
    ),
    _i(
        "unemployment_rate",
        "labour",
        "%",
        "lower_better",
        "oblast",
        "official",
        "Жұмыссыздық деңгейі",
        "Уровень безработицы",
        "Unemployment rate",
        desc_kk="ХЕҰ әдісі бойынша жұмыссыздық деңгейі (ҰСБ).",
        desc_ru="Уровень безработицы по методологии МОТ (БНС).",
        desc_en="ILO unemployment rate (Bureau of National Statistics).",
        source_ids=("S02", "S07a", "S07b"),
        max_value=100.0,
    ),
    _i(
        "avg_wage",
        "labour",
        "KZT/month",
        "higher_better",
        "oblast",
        "official",
        "Орташа айлық жалақы",
        "Средняя месячная зарплата",
        "Average monthly wage",
        desc_kk="Орташа айлық номиналды жалақы, теңге.",
        desc_ru="Среднемесячная номинальная заработная плата, тенге.",
        desc_en="Average monthly nominal wage, tenge.",
        source_ids=("S03", "S08a", "S08b"),
        max_value=10_000_000.0,
    ),
    _i(
        "grp_per_capita",
        "labour",
        "thousand KZT",
        "higher_better",
        "oblast",
        "official",
        "Жан басына ЖӨӨ",
        "ВРП на душу населения",
        "GRP per capita",
        desc_kk="Жан басына шаққандағы жалпы өңірлік өнім, мың теңге.",
        desc_ru="Валовой региональный продукт на душу населения, тыс. тенге.",
        desc_en="Gross regional product per person, thousand tenge.",
        source_ids=("S30",),
    ),
    _i(
        "population_change_pct",
        "labour",
        "%",
        "lower_better",
        "oblast",
        "derived",
        "Халық санының өзгерісі",
        "Изменение численности населения",
        "Population change",
        desc_kk="Халықтың жылдық өзгерісі; азаю жұмыс күшінің тапшылығын білдіреді.",
        desc_ru="Годовое изменение населения; убыль указывает на дефицит рабочей силы.",
        desc_en="Annual population change; a decline signals a labour shortage.",
        source_ids=("S35",),
        min_value=-100.0,
        max_value=100.0,
        formula="(pop_2023 - pop_2022) / pop_2022 * 100, both from S35",
    ),
    _i(
        "distance_to_city100k_km",
        "labour",
        "km",
        "lower_better",
        "district",
        "derived",
        "100 мыңдық қалаға дейінгі қашықтық",
        "Расстояние до города 100 тыс.+",
        "Distance to a city of 100k+",
        desc_kk="Аудан орталығынан халқы 100 мыңнан асатын ең жақын қалаға дейінгі геодезиялық қашықтық.",
        desc_ru="Геодезическое расстояние от центра района до ближайшего города с населением 100 тыс.+.",
        desc_en="Geodesic distance from the district centre to the nearest city of 100,000+ people.",
        source_ids=("S01",),
        formula="geodesic(centre, nearest city with population >= 100000)",
    ),
    # --- Housing -------------------------------------------------------------------------------
    _i(
        "housing_price_m2",
        "housing",
        "KZT/m²",
        "lower_better",
        "oblast",
        "official",
        "Тұрғын үй бағасы (қайта сату)",
        "Цена жилья (вторичное)",
        "Housing price (resale)",
        desc_kk="Өңір орталығындағы қайта сатылатын жайлы тұрғын үйдің 1 м² орташа бағасы.",
        desc_ru="Средняя цена 1 м² перепродаваемого благоустроенного жилья в областном центре.",
        desc_en="Average resale price of 1 m² of comfortable housing in the regional centre.",
        source_ids=("S31",),
        max_value=10_000_000.0,
    ),
    _i(
        "housing_rent_m2",
        "housing",
        "KZT/m²/month",
        "lower_better",
        "oblast",
        "official",
        "Жалдау бағасы",
        "Аренда жилья",
        "Housing rent",
        desc_kk="Өңір орталығындағы жайлы тұрғын үйді жалдаудың 1 м² айлық бағасы.",
        desc_ru="Месячная аренда 1 м² благоустроенного жилья в областном центре.",
        desc_en="Monthly rent of 1 m² of comfortable housing in the regional centre.",
        source_ids=("S31",),
        max_value=1_000_000.0,
    ),
    _i(
        "price_to_wage",
        "housing",
        "months of wage per m²",
        "lower_better",
        "oblast",
        "derived",
        "Баға мен жалақы қатынасы",
        "Цена к зарплате",
        "Price-to-wage ratio",
        desc_kk="1 м² бағасы / орташа айлық жалақы.",
        desc_ru="Цена 1 м² / средняя месячная зарплата.",
        desc_en="Price of 1 m² divided by the average monthly wage.",
        source_ids=("S31", "S03"),
        formula="housing_price_m2 / avg_wage (same oblast, nearest periods)",
    ),
    _i(
        "housing_units_offered",
        "housing",
        "units",
        "higher_better",
        "district",
        "akimat",
        "Қоныс аударушыларға ұсынылған тұрғын үй",
        "Жильё, предложенное переселенцам",
        "Housing units offered",
        desc_kk="Қоныс аударушылар мен қандастарға ұсынылатын тұрғын үй саны (әкімдік).",
        desc_ru="Число единиц жилья, предлагаемых переселенцам и кандасам (акимат).",
        desc_en="Housing units on offer to settlers and kandas (entered by the akimat).",
        max_value=100_000.0,
    ),
    # --- Adaptation-centre coverage ------------------------------------------------------------
    _i(
        "distance_to_adaptation_centre_km",
        "adaptation",
        "km",
        "lower_better",
        "district",
        "derived",
        "Бейімдеу орталығына дейінгі қашықтық",
        "Расстояние до центра адаптации",
        "Distance to an adaptation centre",
        desc_kk="Аудан орталығынан ең жақын бейімдеу және кіріктіру орталығына дейінгі геодезиялық қашықтық.",
        desc_ru="Геодезическое расстояние от центра района до ближайшего центра адаптации и интеграции.",
        desc_en="Geodesic distance from the district centre to the nearest adaptation and integration centre.",
        source_ids=("S17",),
        formula="geodesic(centre, nearest adaptation_centre)",
        # data/raw/stats/SOURCES.md: adaptation_centres.csv has 2 centres "found (partial!)", S17.
        completeness="partial",
        register="adaptation_centres",
    ),
    _i(
        "adaptation_services",
        "adaptation",
        "service types",
        "higher_better",
        "district",
        "akimat",
        "Бейімдеу қызметтері",
        "Услуги адаптации",
        "Adaptation services offered",
        desc_kk="Жергілікті ұсынылатын бейімдеу қызметтерінің түрлері (25-тен).",
        desc_ru="Число видов услуг адаптации, оказываемых на месте (из 25).",
        desc_en="Kinds of adaptation services offered locally (of 25).",
        max_value=25.0,
    ),
    _i(
        "doctors_per_10k",
        "adaptation",
        "per 10,000",
        "higher_better",
        "oblast",
        "derived",
        "10 мың адамға дәрігер",
        "Врачей на 10 тыс. населения",
        "Doctors per 10,000 people",
        desc_kk="Барлық мамандықтағы дәрігерлер / халық × 10 000.",
        desc_ru="Врачи всех специальностей / население × 10 000.",
        desc_en="Doctors of all specialities / population × 10,000.",
        source_ids=("S32", "S01"),
        formula="doctors_total / pop_2023 * 10000",
    ),
    _i(
        "distance_to_oblast_centre_km",
        "adaptation",
        "km",
        "lower_better",
        "district",
        "derived",
        "Облыс орталығына дейінгі қашықтық",
        "Расстояние до областного центра",
        "Distance to the regional centre",
        desc_kk="Аудан орталығынан облыс орталығына дейінгі геодезиялық қашықтық.",
        desc_ru="Геодезическое расстояние от центра района до областного центра.",
        desc_en="Geodesic distance from the district centre to the regional centre.",
        source_ids=("S04", "S21"),
        formula="geodesic(district centre, oblast centre)",
    ),
    # --- Support measures ----------------------------------------------------------------------
    _i(
        "designated_region",
        "support",
        "yes/no",
        "higher_better",
        "oblast",
        "policy",
        "Қоныс аударуға белгіленген өңір",
        "Регион расселения кандасов",
        "Designated resettlement region",
        desc_kk="Өңір қандастарды қоныстандыру үшін белгіленген (1) немесе жоқ (0).",
        desc_ru="Регион определён для расселения кандасов (1) или нет (0).",
        desc_en="The region is designated for kandas resettlement (1) or not (0).",
        source_ids=("S11", "S11b"),
        max_value=1.0,
    ),
    _i(
        "kandas_quota_per_100k",
        "support",
        "per 100,000",
        "higher_better",
        "oblast",
        "derived",
        "100 мың адамға қандас квотасы",
        "Квота кандасов на 100 тыс. населения",
        "Kandas quota per 100,000",
        desc_kk="Облыстың жылдық қандас квотасы / халық × 100 000.",
        desc_ru="Годовая квота кандасов области / население × 100 000.",
        desc_en="The oblast's annual kandas quota / population × 100,000.",
        source_ids=("S10b", "S10d", "S10e", "S01"),
        formula="kandas_quota / pop_2023 * 100000",
        # The quota is set each year by an official act (S10b–S10e): a policy figure, not a measurement.
        tags=("policy",),
    ),
    _i(
        "local_support_programmes",
        "support",
        "programmes",
        "higher_better",
        "district",
        "akimat",
        "Жергілікті қолдау бағдарламалары",
        "Местные программы поддержки",
        "Local support programmes",
        desc_kk="Әкімдіктің қосымша қолдау бағдарламаларының саны.",
        desc_ru="Число дополнительных местных программ поддержки (акимат).",
        desc_en="Extra local support programmes run by the akimat.",
        max_value=100.0,
    ),
    # --- Context (shown, not weighted) ---------------------------------------------------------
    _i(
        "population",
        "context",
        "persons",
        "higher_better",
        "district",
        "official",
        "Халық саны",
        "Численность населения",
        "Population",
        desc_kk="Тұрақты халық саны.",
        desc_ru="Численность постоянного населения.",
        desc_en="Resident population.",
        source_ids=("S01",),
    ),
    _i(
        "rural_share_pct",
        "context",
        "%",
        "higher_better",
        "district",
        "derived",
        "Ауыл халқының үлесі",
        "Доля сельского населения",
        "Rural share of population",
        desc_kk="Ауыл халқы / барлық халық × 100.",
        desc_ru="Сельское население / всё население × 100.",
        desc_en="Rural population / total population × 100.",
        source_ids=("S01",),
        max_value=100.0,
        formula="pop_rural_2023 / pop_2023 * 100",
    ),
    _i(
        "density_per_km2",
        "context",
        "persons/km²",
        "higher_better",
        "district",
        "derived",
        "Халық тығыздығы",
        "Плотность населения",
        "Population density",
        desc_kk="Халық / аудан (полигон бойынша).",
        desc_ru="Население / площадь (по полигону).",
        desc_en="Population / polygon area.",
        source_ids=("S01", "S04"),
        formula="pop_2023 / area_km2",
    ),
    _i(
        "official_settlements",
        "context",
        "settlements",
        "higher_better",
        "district",
        "derived",
        "Ресми елді мекендер",
        "Официальные населённые пункты",
        "Official settlements",
        desc_kk="ҰСБ тізіміндегі қалалар, кенттер және аудан орталықтары.",
        desc_ru="Города, посёлки и районные центры из списка БНС.",
        desc_en="Cities, towns and district centres listed by the BNS.",
        source_ids=("S01",),
        formula="count(BNS-listed settlements of the district)",
    ),
    _i(
        "schools_total",
        "context",
        "schools",
        "higher_better",
        "oblast",
        "official",
        "Мектептер",
        "Школы",
        "Schools",
        desc_kk="Жалпы білім беретін мектептер саны.",
        desc_ru="Число общеобразовательных школ.",
        desc_en="General-education schools.",
        source_ids=("S34",),
    ),
    _i(
        "household_expenditure",
        "context",
        "KZT/person/month",
        "higher_better",
        "oblast",
        "official",
        "Үй шаруашылығының шығыстары",
        "Денежные расходы домохозяйств",
        "Household cash expenditure",
        desc_kk="Үй шаруашылықтарының жан басына айлық ақшалай шығыстары.",
        desc_ru="Денежные расходы домохозяйств в среднем на душу в месяц.",
        desc_en="Household cash expenditure per person per month.",
        source_ids=("S31",),
    ),
    _i(
        "housing_price_new_m2",
        "context",
        "KZT/m²",
        "lower_better",
        "oblast",
        "official",
        "Жаңа тұрғын үй бағасы",
        "Цена нового жилья",
        "Housing price (new)",
        desc_kk="Өңір орталығындағы жаңа тұрғын үйдің 1 м² орташа бағасы.",
        desc_ru="Средняя цена 1 м² нового жилья в областном центре.",
        desc_en="Average price of 1 m² of new housing in the regional centre.",
        source_ids=("S31",),
    ),
    _i(
        "doctors_total",
        "context",
        "persons",
        "higher_better",
        "oblast",
        "official",
        "Дәрігерлер саны",
        "Число врачей",
        "Doctors",
        desc_kk="Барлық мамандықтағы дәрігерлер саны (жыл соңы).",
        desc_ru="Численность врачей всех специальностей (на конец года).",
        desc_en="Doctors of all specialities (end of year).",
        source_ids=("S32",),
    ),
    _i(
        "hospitals",
        "context",
        "institutions",
        "higher_better",
        "oblast",
        "official",
        "Ауруханалар",
        "Больницы",
        "Hospitals",
        desc_kk="Ауруханалар саны.",
        desc_ru="Число больниц.",
        desc_en="Number of hospitals.",
        source_ids=("S33",),
    ),
    _i(
        "schools_rural",
        "context",
        "schools",
        "higher_better",
        "oblast",
        "official",
        "Ауыл мектептері",
        "Сельские школы",
        "Rural schools",
        desc_kk="Ауылдағы жалпы білім беретін мектептер саны.",
        desc_ru="Число общеобразовательных школ в сельской местности.",
        desc_en="General-education schools in rural areas.",
        source_ids=("S34",),
    ),
    _i(
        "employment_office_applicants",
        "context",
        "persons/year",
        "lower_better",
        "oblast",
        "official",
        "Жұмыспен қамту органдарына өтініш бергендер",
        "Обратившиеся в органы занятости",
        "Applicants to employment offices",
        desc_kk="Жыл ішінде жұмыспен қамту органдарына өтініш берген адамдар.",
        desc_ru="Лица, обратившиеся в органы занятости за год.",
        desc_en="People who applied to employment offices during the year.",
        source_ids=("S36",),
    ),
    _i(
        "rural_vacancies",
        "context",
        "vacancies",
        "higher_better",
        "district",
        "reported",
        "Ауылдағы бос жұмыс орындары",
        "Вакансии в сёлах",
        "Rural vacancies",
        desc_kk="Ауылдық елді мекендердегі бос жұмыс орындары.",
        desc_ru="Вакансии в сельских населённых пунктах.",
        desc_en="Vacancies in rural settlements.",
        source_ids=("S38",),
    ),
    _i(
        "families_resettled",
        "context",
        "families",
        "higher_better",
        "district",
        "reported",
        "Көшіп келген отбасылар",
        "Переселившиеся семьи",
        "Families resettled",
        desc_kk="«Қаладан — ауылға» жобасы бойынша көшкен отбасылар (қандас квотасы емес).",
        desc_ru="Семьи, переехавшие по проекту «Из города — в село» (не квота кандасов).",
        desc_en="Families moved under the regional «City to village» pilot (not the kandas quota).",
        source_ids=("S38",),
    ),
    _i(
        "regional_housing_certificate_kzt",
        "context",
        "KZT",
        "higher_better",
        "oblast",
        "policy",
        "Өңірлік тұрғын үй сертификаты",
        "Региональный жилищный сертификат",
        "Regional housing certificate",
        desc_kk="Әкімдіктің тұрғын үй сертификатының ең жоғары сомасы.",
        desc_ru="Максимальная сумма жилищного сертификата акимата.",
        desc_en="Maximum amount of the akimat's housing certificate.",
        source_ids=("S38",),
    ),
)

INDICATORS += __import__("scoring.outcome_indicators", fromlist=["OUTCOME_INDICATORS"]).OUTCOME_INDICATORS

BY_CODE: dict[str, Indicator] = {ind.code: ind for ind in INDICATORS}
