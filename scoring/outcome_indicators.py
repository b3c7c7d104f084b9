"""Outcome indicators the akimats report per district and quarter (the data campaign, DESIGN.md "Monitoring").

They are registry entries like every other indicator (:class:`scoring.registry.Indicator`), joined to
``scoring.registry.INDICATORS`` there, so the data desk validates,
reviews and audits them like any akimat value. They are ``context`` indicators: shown and monitored,
never weighted in the score. :func:`scoring.monitoring.outcome_actuals` sums the approved district
values to oblasts and the country per year and derives the employment rate
(``kandas_employed_working_age / kandas_working_age``) that the Concept's target measures (Decree 961,
source ``S18``).

No hard upper bound is set (``max_value=None``): no source states how many kandas a district may receive
in a quarter, so an invented ceiling would refuse true values; a review threshold (:data:`PLAUSIBLE_MAX`)
and the desk's plausibility rules (jump since the last published value, outlier among districts) send an
unusual value to the ministry instead.
"""

from __future__ import annotations

from scoring.registry_types import Indicator

#: Tag of the outcome indicators (the monitoring aggregation and the campaign look for it).
OUTCOME_TAG = "outcome"

#: The four counts and the denominator of the employment rate, in the order the desk lists them.
OUTCOME_CODES = (
    "kandas_families_arrived",
    "kandas_families_in_quota",
    "kandas_working_age",
    "kandas_employed_working_age",
    "kandas_adaptation_served",
)


#: Review thresholds chosen by Qonys, not facts (no source gives the spread of these district figures):
#: a whole oblast received 173 kandas families in 2025 (Atyrau, S16b), so a district reporting more than
#: 200 families in one quarter is worth a second look; working-age and served counts allow a district
#: that took in a whole region's kandas (Mangystau: 143,946 people since 1991, R01).
PLAUSIBLE_MAX: dict[str, float] = {
    "kandas_families_arrived": 200.0,
    "kandas_families_in_quota": 200.0,
    "kandas_working_age": 50_000.0,
    "kandas_employed_working_age": 50_000.0,
    "kandas_adaptation_served": 5_000.0,
}


def _outcome_indicators() -> tuple[Indicator, ...]:
    def count(code: str, unit: str, kk: str, ru: str, en: str, dkk: str, dru: str, den: str) -> Indicator:
        # A value above the review threshold is not refused: it waits for the ministry (see PLAUSIBLE_MAX).
        return Indicator(
            code=code,
            pillar="context",
            unit=unit,
            direction="higher_better",
            level="district",
            supplier="akimat",
            label={"kk": kk, "ru": ru, "en": en},
            description={"kk": dkk, "ru": dru, "en": den},
            min_value=0.0,
            max_value=None,
            plausible=(0.0, PLAUSIBLE_MAX[code]),
            tags=(OUTCOME_TAG,),
        )

    return (
        count(
            "kandas_families_arrived",
            "families",
            "Келген қандас отбасылары (тоқсан)",
            "Прибывшие семьи кандасов (квартал)",
            "Kandas families arrived (quarter)",
            "Тоқсан ішінде ауданға қоныстанған қандас отбасыларының саны (әкімдік).",
            "Число семей кандасов, поселившихся в районе за квартал (акимат).",
            "Kandas families who settled in the district during the quarter (entered by the akimat).",
        ),
        count(
            "kandas_families_in_quota",
            "families",
            "Квотаға енгізілген қандас отбасылары (тоқсан)",
            "Семьи кандасов, включённые в квоту (квартал)",
            "Kandas families included in the quota (quarter)",
            "Тоқсан ішінде өңірлік квотаға енгізілген қандас отбасылары (әкімдік).",
            "Семьи кандасов, включённые в региональную квоту за квартал (акимат).",
            "Kandas families included in the regional quota during the quarter (entered by the akimat).",
        ),
        count(
            "kandas_working_age",
            "persons",
            "Еңбекке қабілетті жастағы қандастар",
            "Кандасы трудоспособного возраста",
            "Working-age kandas",
            "Ауданда тұратын еңбекке қабілетті жастағы қандастар саны, тоқсан соңында (әкімдік).",
            "Число кандасов трудоспособного возраста, живущих в районе, на конец квартала (акимат).",
            "Working-age kandas living in the district at the end of the quarter (entered by the akimat).",
        ),
        count(
            "kandas_employed_working_age",
            "persons",
            "Жұмыспен қамтылған еңбекке қабілетті қандастар",
            "Занятые кандасы трудоспособного возраста",
            "Employed working-age kandas",
            "Олардың ішінде жұмыспен қамтылғандар, кәсіпкерлікті қоса (әкімдік).",
            "Из них занятые, включая предпринимательство (акимат).",
            "Of them, those employed, entrepreneurship included (entered by the akimat).",
        ),
        count(
            "kandas_adaptation_served",
            "persons",
            "Бейімдеу қызметін алған қандастар (тоқсан)",
            "Кандасы, получившие услуги адаптации (квартал)",
            "Kandas served by adaptation services (quarter)",
            "Тоқсан ішінде бейімдеу және кіріктіру қызметтерін алған қандастар (әкімдік).",
            "Кандасы, получившие услуги адаптации и интеграции за квартал (акимат).",
            "Kandas who received adaptation and integration services during the quarter (entered by the akimat).",
        ),
    )


#: The outcome indicators (registry entries), in :data:`OUTCOME_CODES` order.
OUTCOME_INDICATORS: tuple[Indicator, ...] = _outcome_indicators()
