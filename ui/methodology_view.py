"""The methodology: first a plain summary (what the zones mean and what they rest on today), then the evidence
rules (official and complete sources, the coverage floor, correlated pairs, the designated-region cap), then the
formulas generated from the criteria registry, the scoring docstrings and the profile in use; what-if weights
(this session only) recolouring the same map; sensitivity (rank bands, zone stability).
"""

# i18n-domain: methodology
from __future__ import annotations

import functools
import html
import re
from collections.abc import Callable

import pandas as pd
import streamlit as st

import i18n
from data.scored import ScoredMap
from i18n.vocabulary import ORIGIN_LABELS, PILLAR_LABELS, profile_text, term, unit_label, zone_label
from scoring import WeightProfile, aggregate, correlation, evidence, normalise, pipeline, reference, support, zones
from scoring.profile import DEFAULT_DROPPED_AS_REDUNDANT, default_exclusions
from scoring.registry import BY_CODE, INDICATORS, PILLARS
from scoring.sensitivity import sensitivity as run_sensitivity
from ui import cache, map_view, safe
from ui.safe import foreign

Translate = Callable[[str], str]
_MATH = re.compile(r":math:`([^`]+)`")

#: Each step of the pipeline and the functions whose docstrings state its formula.
STEPS: tuple[tuple[str, tuple[Callable, ...]], ...] = (
    (i18n.N_("Reference period of each indicator"), (reference.select_reference_values,)),
    (i18n.N_("Hard eligibility filters"), (pipeline.prepare_inputs,)),
    (i18n.N_("Winsorisation (optional) and normalisation with direction"), (normalise.winsorise, normalise.normalise)),
    (
        i18n.N_("Weights of each indicator in the whole score"),
        (WeightProfile.effective_weights, correlation.indicator_correlations, evidence.evidence_shares),
    ),
    (
        i18n.N_("Aggregation within and across pillars, score 0–100"),
        (aggregate.aggregate_pillars, aggregate.aggregate_score),
    ),
    (i18n.N_("Coverage (missing-data rule)"), (pipeline.evidence_exclusions, aggregate.coverage)),
    (
        i18n.N_("Zones, policy overrides and rank"),
        (
            zones.zone_cutoffs,
            zones.assign_zones,
            zones.apply_overrides,
            zones.outside_designated_override,
            zones.rank_units,
            evidence.rank_within_group,
        ),
    ),
    (i18n.N_("Sensitivity: rank bands and zone stability"), (run_sensitivity,)),
    (i18n.N_("Support measures in tenge"), (support.measure_amount_kzt, support.estimate_support)),
)


#: Why the default profile keeps one indicator of each correlated pair (scoring/profile.py
#: ``DEFAULT_DROPPED_AS_REDUNDANT``, the same English text as message ids; a test checks they agree).
REDUNDANT_REASONS: tuple[str, ...] = (
    i18n.N_("both measure urban proximity; the oblast's offices and services are in its centre"),
    i18n.N_("the wage is what a family earns; GRP counts all regional output"),
    i18n.N_("a newly arrived family rents first; the price is already in price_to_wage"),
    i18n.N_("the quota is given to the designated regions; designation caps the zone instead"),
)
#: Why an indicator is shown but not scored (scoring/profile.py ``default_exclusions`` and
#: scoring/pipeline.py ``EXCLUDED_*`` reason ids).
EXCLUSION_REASONS: dict[str, str] = {
    "unofficial_source": i18n.N_("not an official source: shown, not scored"),
    "partial_register": i18n.N_("the register is partial: shown, not scored until the ministry marks it complete"),
    "redundant": i18n.N_("strongly correlated with another indicator that is kept (table below)"),
    "low_coverage": i18n.N_("fewer than half of the districts have a value: not scored"),
}


def render_summary(ctx, scored: ScoredMap) -> None:
    """The plain summary the page starts with: what the zones mean, what they rest on today, what will change."""
    _, locale = ctx._, ctx.locale
    t = scored.table.dropna(subset=["score"])
    st.write(
        _(
            "Every district gets a zone from I (priority) to IV (not recommended) for a family that resettles "
            "there. The zone comes from a score from 0 to 100 built from official figures on jobs, housing, "
            "adaptation and state support."
        )
    )
    share = float(t["evidence_district"].mean()) if len(t) else float("nan")
    st.write(
        _(
            "Today the zones rest mostly on oblast figures, the same for every district of an oblast: on average "
            "{share} of a zone comes from figures measured for the district itself. Within an oblast, districts "
            "are ordered mainly by their distance to the oblast centre. When the akimats report district data "
            "(vacancies, housing on offer, adaptation services, local programmes), the zones will say more "
            "about each district."
        ).format(share=i18n.format_percent(share, locale))
    )
    if scored.profile.zoning.outside_designated_max_zone is not None:
        st.write(
            _(
                "A district outside the regions designated for resettlement this year is never in zone I or II: "
                "a family gets no state resettlement support there."
            )
        )
    st.write(
        _(
            "{n} of {total} districts have an uncertain zone: with other reasonable weights they often land in another zone."
        ).format(n=i18n.format_number(int(t["zone_uncertain"].sum()), locale), total=i18n.format_number(len(t), locale))
    )


def exclusions_table(scored: ScoredMap, locale: str, _: Translate) -> pd.DataFrame:
    """Indicators shown but not scored, with the reason in words (default-profile rules and this run's)."""
    reasons = {c: r for c, r in default_exclusions(complete_registers=scored.profile.complete_registers).items()}
    reasons = {c: r for c, r in reasons.items() if r != "context"}
    for r in scored.result.excluded.to_dict("records"):
        reasons.setdefault(r["indicator"], r["reason"])
    return pd.DataFrame(
        [
            {
                _("Indicator"): i18n.localised(BY_CODE[c].label, locale),
                _("Why it is not scored"): _(EXCLUSION_REASONS[r]) if r in EXCLUSION_REASONS else r,
            }
            for c, r in reasons.items()
        ]
    )


def correlated_pairs(correlations: pd.DataFrame, locale: str, _: Translate) -> pd.DataFrame:
    """Pairs with |r| ≥ 0.75: both indicators, Pearson and Spearman r, which one is kept and why."""
    rows = []
    for r in correlations[correlations["redundant"]].to_dict("records"):
        a, b = r["indicator_a"], r["indicator_b"]
        dropped = a if a in DEFAULT_DROPPED_AS_REDUNDANT else b if b in DEFAULT_DROPPED_AS_REDUNDANT else None
        kept, why = DEFAULT_DROPPED_AS_REDUNDANT[dropped] if dropped else (None, "")
        rows.append(
            {
                _("Indicator"): i18n.localised(BY_CODE[a].label, locale),
                _("Correlated with"): i18n.localised(BY_CODE[b].label, locale),
                _("r (Pearson)"): i18n.format_decimal(r["pearson"], 2, locale),
                _("r (Spearman)"): i18n.format_decimal(r["spearman"], 2, locale),
                _("Kept"): i18n.localised(BY_CODE[kept].label, locale)
                if kept
                else _("both (not flagged by the profile)"),
                _("Why"): _(why) if why else "",
            }
        )
    return pd.DataFrame(rows)


def render_evidence_rules(ctx, version: str) -> None:
    """The evidence rules: what is scored, what is only shown, the correlated pairs and the designated-region cap."""
    _, locale = ctx._, ctx.locale
    # The redundancy cut (scoring.correlation.REDUNDANT_ABS_R) in the page's decimal separator.
    r_cut = i18n.format_decimal(correlation.REDUNDANT_ABS_R, 2, locale)
    st.header(_("Evidence rules"))
    st.markdown(
        "- "
        + _("Only official and complete sources are scored; other indicators are shown on the card, not scored.")
        + "\n- "
        + _(
            "A register known to be partial (the adaptation centres) is shown but not scored until the ministry marks it complete."
        )
        + "\n- "
        + _("An indicator that fewer than half of the districts have is not scored.")
        + "\n- "
        + _("Of two indicators that say the same thing (|r| ≥ {r}), only one is scored.").format(r=r_cut)
        + "\n- "
        + _(
            "A district outside the designated resettlement regions is kept out of zones I and II (the Admin can switch this off)."
        )
    )
    st.subheader(_("Shown, not scored"))
    st.dataframe(tables(ctx, version)["exclusions"], hide_index=True)
    st.subheader(_("Indicators that say the same thing"))
    pairs = tables(ctx, version)["pairs"]
    if pairs.empty:
        st.write(_("No pair of indicators is correlated at |r| ≥ {r}.").format(r=r_cut))
    else:
        st.dataframe(pairs, hide_index=True)


def formulas(func: Callable) -> list[str]:
    """The LaTeX formulas (``:math:`…```) of a function's docstring."""
    return _MATH.findall(func.__doc__ or "")


def indicator_table(observations: pd.DataFrame, n_districts: int, locale: str, _: Translate) -> pd.DataFrame:
    """Every registry indicator: meaning, unit, direction, sources and coverage across districts."""
    have = observations.dropna(subset=["value"]).groupby("indicator")["kato"].nunique()
    return pd.DataFrame(
        [
            {
                _("Indicator"): i18n.localised(ind.label, locale),
                _("Code"): ind.code,
                _("Pillar"): _(PILLAR_LABELS[ind.pillar]),
                _("Meaning"): i18n.localised(ind.description, locale),
                _("Unit"): unit_label(ind.unit, _),
                _("Direction"): _("higher is better") if ind.direction == "higher_better" else _("lower is better"),
                _("Sources"): ", ".join(ind.source_ids) or term(ORIGIN_LABELS, "akimat", _),
                _("Coverage"): round(100 * int(have.get(ind.code, 0)) / max(n_districts, 1)),
            }
            for ind in INDICATORS
        ]
    )


def weight_table(profile: WeightProfile, locale: str, _: Translate) -> pd.DataFrame:
    """Pillar weight, weight within the pillar and effective weight of each scored indicator."""
    effective = profile.effective_weights()
    by_code = {ind.code: ind for ind in INDICATORS}
    return pd.DataFrame(
        [
            {
                _("Pillar"): _(PILLAR_LABELS[by_code[c].pillar]),
                _("Indicator"): i18n.localised(by_code[c].label, locale),
                _("Pillar weight"): profile.pillar_weights[by_code[c].pillar],
                _("Weight within pillar"): profile.indicators[c].weight,
                _("Share of the score"): i18n.format_percent(w, locale, digits=1),
            }
            for c, w in effective.items()
        ]
    )


def render_rules(ctx, version: str, scored: ScoredMap) -> None:
    """Formulas, weights, zoning rule, overrides and missing-data rule of the profile in use."""
    _, locale, profile = ctx._, ctx.locale, scored.profile
    st.header(_("Formulas, step by step"))
    for title, funcs in STEPS:
        st.subheader(_(title))
        for func in funcs:
            for tex in formulas(func):
                st.latex(tex)
    st.header(_("Weights"))
    st.dataframe(tables(ctx, version)["weights"], hide_index=True)
    st.header(_("Zoning rule"))
    rule = profile.zoning
    if rule.method == "quantiles":
        st.write(
            _(
                "Zones by quantiles of the scores: zone I from the {a} quantile, II from {b}, III from {c}, IV below."
            ).format(**{k: i18n.format_decimal(q, 2, locale) for k, q in zip("abc", rule.quantiles, strict=True)})
        )
    else:
        st.write(
            _("Zones by score thresholds: zone I from {a}, II from {b}, III from {c}, IV below.").format(
                **{k: i18n.format_decimal(v, 1, locale) for k, v in zip("abc", rule.thresholds, strict=True)}
            )
        )
    st.subheader(_("Policy overrides"))
    for o in profile.overrides:
        safe.markdown(
            "**{name}** — {rule}", name=o.name, rule=_("best zone allowed: {zone}").format(zone=o.max_zone or "—")
        )
        safe.markdown("{reason}", element="caption", reason=profile_text(o.reason, _))
    st.header(_("Missing data"))
    st.write(
        _(
            'A district without its own value takes its oblast\'s value, marked "inherited from the oblast". '
            "A still missing indicator is dropped for that district and the weights of the others are "
            'rescaled. A district whose data cover less than {share} of the weight gets "Insufficient '
            'data", never a guess.'
        ).format(share=i18n.format_percent(profile.min_coverage, locale))
    )


def what_if_profile(base: WeightProfile, pillar_weights: dict[str, float]) -> WeightProfile | None:
    """The base profile with new pillar weights (None when every pillar weight is zero)."""
    if not any(pillar_weights.get(p, 0) > 0 for p in PILLARS):
        return None
    return base.model_copy(
        update={
            "pillar_weights": {**base.pillar_weights, **pillar_weights},
            "id": "what-if",
            "name": "what-if (not saved)",
        }
    )


#: The what-if slider's values: 0 to 3 in steps of 0.25.
WEIGHT_STEPS: tuple[float, ...] = tuple(i * 0.25 for i in range(13))


def weight_options(current: float) -> list[float]:
    """The slider's values, with the profile's own weight among them if it falls between two steps."""
    return sorted({*WEIGHT_STEPS, current})


@functools.lru_cache(maxsize=512)  # Streamlit formats every option of the four sliders on every rerun
def weight_label(value: object, locale: str) -> str:
    """A slider value in the locale's decimals ("0,25"); a value Streamlit hands back as text (a widget state
    sent from outside the page, e.g. bench/load.py) is read as a number first."""
    try:
        return i18n.format_decimal(float(value), 2, locale)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return str(value)


def render_what_if(ctx, version: str, scored: ScoredMap) -> None:
    """Pillar-weight sliders (session only) and the map recoloured with the resulting zones."""
    _, locale = ctx._, ctx.locale
    st.header(_("What if the weights were different?"))
    st.caption(_("These sliders change this view only; nothing is saved."))
    cols = st.columns(len(PILLARS))
    # A select slider over the same values (0 to 3 by 0.25): st.slider formats with printf and always writes
    # a dot, the select slider shows each value in the page's decimal separator (kk/ru "0,25").
    weights = {}
    for i, p in enumerate(PILLARS):
        current = float(scored.profile.pillar_weights.get(p, 1.0))
        weights[p] = cols[i].select_slider(
            _(PILLAR_LABELS[p]),
            options=weight_options(current),
            value=current,
            format_func=lambda v: weight_label(v, locale),
            key=f"whatif_{p}",
        )
    profile = what_if_profile(scored.profile, weights)
    groups = ""
    if profile is None:
        st.warning(_("At least one pillar needs a weight above zero."))
    elif profile.pillar_weights != scored.profile.pillar_weights:
        profile_json = profile.to_json()
        new = cache.zone_frame(version, locale, profile_json, cache.WHAT_IF_DRAWS)
        moved = new.merge(cache.zone_frame(version, locale), on="kato", suffixes=("", "_base"))
        st.write(
            _("{n} districts change zone.").format(
                n=i18n.format_number(int((moved["zone"] != moved["zone_base"]).sum()), locale)
            )
        )
        groups = cache.derived(_what_if_script, version, locale, profile_json)
    map_view.show(cache.map_args(version, locale, "whatif_map", reporting=False), groups=groups, height=460)


def _what_if_script(version: str, locale: str, profile_json: str) -> str | None:
    """The what-if zones as the map's recolouring script (:func:`ui.map_view.groups_script`)."""
    zones = cache.zone_frame(version, locale, profile_json, cache.WHAT_IF_DRAWS)
    return map_view.groups_script([map_view.restyle_group(zones)])


def sensitivity_table(scored: ScoredMap, locale: str, _: Translate) -> pd.DataFrame:
    """Each ranked district's rank, zone, rank band (p5–p95) and zone stability."""
    t = scored.table.dropna(subset=["rank"])
    return pd.DataFrame(
        {
            _("Rank"): t["rank"].astype(int),
            _("District"): [
                i18n.place_name(r, locale) for r in t[["name_kk", "name_ru", "name_en"]].to_dict("records")
            ],
            _("Zone"): [zone_label(z, _) for z in t["zone"]],
            _("Rank p5"): t["rank_p5"].round().astype(int),
            _("Rank p95"): t["rank_p95"].round().astype(int),
            _("Zone stability"): t["zone_share"].astype(float),
        }
    )


def render_sensitivity(ctx, version: str, scored: ScoredMap) -> None:
    """Each district's rank band and zone stability."""
    _, locale = ctx._, ctx.locale
    st.header(_("Sensitivity"))
    t = scored.table.dropna(subset=["rank"])
    unstable = int((t["zone_share"] < 0.8).sum())
    st.write(
        _("{n} of {total} districts stay in their zone in fewer than 80% of the simulations.").format(
            n=i18n.format_number(unstable, locale), total=i18n.format_number(len(t), locale)
        )
    )
    st.dataframe(
        tables(ctx, version)["sensitivity"],
        hide_index=True,
        column_config={
            _("Zone stability"): st.column_config.ProgressColumn(
                _("Zone stability"), min_value=0.0, max_value=1.0, format="percent"
            )
        },
    )


def sources_html(sources: pd.DataFrame, _: Translate) -> str:
    """The source register as an HTML table (escaped; titles and publishers marked as English)."""
    src = sources[["id", "title", "publisher", "url", "date"]]
    # The source register is written in English (titles quote Russian or Kazakh originals): each title and
    # publisher keeps lang="en", so the page around it stays in one language (WCAG 3.1.2).
    head = "".join(f"<th>{html.escape(h)}</th>" for h in ("ID", _("Title"), _("Publisher"), _("Link"), _("Date")))
    rows = []
    for r in src.itertuples(index=False):
        url = r.url if isinstance(r.url, str) and r.url.startswith(("https://", "http://")) else ""
        link = f'<a href="{html.escape(url)}" rel="noopener">{html.escape(_("Link"))}</a>' if url else ""
        cells = [
            f"<td>{html.escape(str(r.id))}</td>",
            foreign(r.title, "en", element="td"),
            foreign(r.publisher, "en", element="td") if isinstance(r.publisher, str) else "<td></td>",
            f"<td>{link}</td>",
            f"<td>{html.escape(str(r.date)) if isinstance(r.date, str) else ''}</td>",
        ]
        rows.append("<tr>" + "".join(cells) + "</tr>")
    return f'<table class="qonys-sources"><thead><tr>{head}</tr></thead><tbody>{"".join(rows)}</tbody></table>'


def render_sources(ctx, version: str) -> None:
    st.header(ctx._("Sources"))
    st.html(tables(ctx, version)["sources"])


def _tables(version: str, locale: str) -> dict[str, object]:
    """The page's tables in ``locale``, built once per data version (:func:`ui.cache.derived`)."""
    _ = i18n.translator(locale, "methodology")
    scored = cache.scored_map(version)
    n = int(cache.units(version, "district")["kato"].nunique())
    return {
        "exclusions": exclusions_table(scored, locale, _),
        "pairs": correlated_pairs(cache.registry_correlations(version), locale, _),
        "indicators": indicator_table(cache.observations(version), n, locale, _),
        "weights": weight_table(scored.profile, locale, _),
        "sensitivity": sensitivity_table(scored, locale, _),
        "sources": sources_html(cache.table(version, "sources"), _),
    }


def tables(ctx, version: str) -> dict[str, object]:
    """The Methodology page's tables (read-only, shared by every session)."""
    return cache.derived(_tables, version, ctx.locale)
