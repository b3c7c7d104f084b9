# i18n-domain: advisor
"""Streamlit widgets of the Advisor page: the family form, the officer's overrides, the result, saved consultations.

Nothing here writes to the database except :func:`saved_consultations` when the officer presses a
button; the family lives only in this browser session until then.
"""

from __future__ import annotations

import datetime as dt
import uuid
from functools import partial

import streamlit as st

import i18n
from data.store import Store
from scoring.advice import (
    CLIMATE_PREFERENCES,
    EDUCATION_LEVELS,
    ORIGIN_COUNTRIES,
    SECTORS,
    SETTLEMENT_PREFERENCES,
    AdviceInputError,
    Applicant,
    validate_applicant,
)
from ui.advisor import Advice, AdvisorInputs, Overrides, consultation_record
from ui.advisor_sheet import build_sheet, sheet_html, sheet_pdf
from ui.advisor_text import (
    CLIMATE_LABELS,
    COUNTRY_LABELS,
    EDUCATION_LABELS,
    SECTOR_LABELS,
    SETTLEMENT_LABELS,
    input_error,
    label,
)
from ui.auth import require_role

#: Roles allowed on the Advisor page (DESIGN.md "Users").
ADVISOR_ROLES = ("consul", "ministry")
#: Sector pickers shown (larger families: the rest count as "not known").
MAX_SECTOR_PICKERS = 8
APPLICANT_KEY = "advisor_applicant"


def require_officer() -> str:
    """Stop the page unless a consul or ministry account is signed in; returns its user name."""
    return require_role(*ADVISOR_ROLES).username


def family_form(inputs: AdvisorInputs, locale: str) -> Applicant | None:
    """The profile form; on "Prepare advice" validates and keeps the family in the session only."""
    _ = i18n.translator(locale, "advisor")
    st.subheader(_("Family"))
    c1, c2, c3 = st.columns(3)
    adults = c1.number_input(_("Adults (working age)"), value=2, step=1, key="adv_adults")
    children = c2.number_input(_("Children"), value=0, step=1, key="adv_children")
    pensioners = c3.number_input(_("Pensioners"), value=0, step=1, key="adv_pensioners")
    pickers = max(0, min(int(adults), MAX_SECTOR_PICKERS))
    cols = st.columns(max(pickers, 1))
    sectors = [
        cols[i].selectbox(
            _("Work of adult {n}").format(n=i + 1),
            SECTORS,
            index=SECTORS.index("unknown"),
            format_func=lambda s: label(SECTOR_LABELS, s, _),
            key=f"adv_sector_{i}",
        )
        for i in range(pickers)
    ]
    c1, c2, c3 = st.columns(3)
    education = c1.selectbox(
        _("Highest education"),
        EDUCATION_LEVELS,
        index=EDUCATION_LEVELS.index("unknown"),
        format_func=lambda s: label(EDUCATION_LABELS, s, _),
        key="adv_education",
    )
    origin = c2.selectbox(
        _("Country of origin"), ORIGIN_COUNTRIES, format_func=lambda s: label(COUNTRY_LABELS, s, _), key="adv_origin"
    )
    codes = list(i18n.LOCALES)
    sheet_locale = c3.selectbox(
        _("Language and script of the sheet"),
        codes,
        index=codes.index(locale),
        format_func=lambda c: i18n.LOCALES[c],
        key="adv_sheet_locale",
    )
    st.subheader(_("Wishes"))
    c1, c2, c3 = st.columns(3)
    settlement = c1.radio(
        _("Town or village"),
        SETTLEMENT_PREFERENCES,
        horizontal=True,
        format_func=lambda s: label(SETTLEMENT_LABELS, s, _),
        key="adv_settlement",
    )
    climate = c2.radio(
        _("Climate"),
        CLIMATE_PREFERENCES,
        horizontal=True,
        format_func=lambda s: label(CLIMATE_LABELS, s, _),
        key="adv_climate",
    )
    oblasts = inputs.oblasts.set_index("kato")
    kin = c3.selectbox(
        _("Kin live in"),
        ["", *oblasts.index],
        format_func=lambda k: i18n.place_name(oblasts.loc[k].to_dict(), locale) if k else "—",
        key="adv_kin",
    )
    ready = st.checkbox(_("Ready to move to a designated resettlement region"), value=True, key="adv_ready")
    if st.button(_("Prepare advice"), type="primary", key="adv_submit"):
        raw = {
            "adults": adults,
            "children": children,
            "pensioners": pensioners,
            "adult_sectors": sectors,
            "education": education,
            "origin": origin,
            "sheet_locale": sheet_locale,
            "settlement": settlement,
            "climate": climate,
            "kin_oblast": kin or None,
            "ready_designated": ready,
        }
        try:
            st.session_state[APPLICANT_KEY] = validate_applicant(raw, oblast_katos=set(oblasts.index))
        except AdviceInputError as exc:
            st.session_state.pop(APPLICANT_KEY, None)
            st.error(input_error(exc, locale))
    return st.session_state.get(APPLICANT_KEY)


def override_form(inputs: AdvisorInputs, locale: str) -> Overrides:
    """Pins, exclusions and a note (they change the ranking at once and show on the sheet)."""
    _ = i18n.translator(locale, "advisor")
    units = inputs.districts.set_index("kato")
    with st.expander(_("Officer's changes: pin, exclude, note")):

        def name(k: str) -> str:
            return i18n.place_name(units.loc[k].to_dict(), locale)

        pinned = st.multiselect(_("Pin districts (shown first)"), list(units.index), format_func=name, key="adv_pinned")
        excluded = st.multiselect(
            _("Exclude districts"), [k for k in units.index if k not in pinned], format_func=name, key="adv_excluded"
        )
        note = st.text_area(_("Note for the sheet (no passport data)"), key="adv_note", max_chars=1000)
    return Overrides(tuple(pinned), tuple(excluded), note or "")


def show_advice(advice: Advice, inputs: AdvisorInputs, locale: str) -> None:
    """The result on screen (in the sheet's words and language) and the two downloads."""
    _ = i18n.translator(locale, "advisor")
    sheet = build_sheet(advice, inputs)
    st.subheader(_("Advice"))
    st.caption(_("Shown in the language of the sheet."))
    for section in sheet.sections:
        with st.container(border=True):
            st.markdown(f"**{_md(section.title)}**")
            st.markdown("\n".join(f"- {_md(line)}" for line in section.lines))
            if section.table:
                st.table({h: [r[i] for r in section.table.rows] for i, h in enumerate(section.table.header)})
    for line in sheet.footer:
        st.caption(line)
    stamp = f"qonys-advice-{advice.made_on.isoformat()}-{advice.applicant.sheet_locale}"
    c1, c2 = st.columns(2)
    # The PDF (up to ~2 s for shaped Arabic script) is made only when the officer clicks, not on every rerun.
    c1.download_button(
        _("Download the advice sheet (PDF)"),
        partial(sheet_pdf, sheet),
        file_name=f"{stamp}.pdf",
        mime="application/pdf",
        key="adv_pdf",
    )
    c2.download_button(
        _("Download printable HTML"),
        sheet_html(sheet).encode("utf-8"),
        file_name=f"{stamp}.html",
        mime="text/html",
        key="adv_html",
    )


def _md(text: str) -> str:
    """Data text made safe for Markdown (no HTML, no accidental formatting)."""
    for ch in "\\`*_[]<>#|$":
        text = text.replace(ch, "\\" + ch)
    return text


def saved_consultations(store: Store, advice: Advice | None, user: str, locale: str) -> None:
    """Save the current consultation on request; list saved ones with a delete button each."""
    _ = i18n.translator(locale, "advisor")
    st.subheader(_("Saved consultations"))
    st.caption(
        _(
            "Nothing about the family is stored unless you press save. A saved consultation keeps the "
            "family's description and the advice, never names or passport data."
        )
    )
    if advice is not None and st.button(_("Save this consultation"), key="adv_save"):
        profile, result = consultation_record(advice)
        cid = store.save_consultation(
            id=uuid.uuid4().hex,
            saved_by=user,
            locale=advice.applicant.sheet_locale,
            profile_json=profile,
            result_json=result,
            note=advice.overrides.note,
        )
        st.success(_("Saved as {id}.").format(id=cid))
    saved = store.consultations(saved_by=user)
    if saved.empty:
        st.caption(_("No saved consultations."))
        return
    for row in saved.itertuples(index=False):
        c1, c2 = st.columns([4, 1])
        when = row.saved_at if isinstance(row.saved_at, dt.datetime) else str(row.saved_at)
        c1.write(f"{row.id} · {when} · {row.locale}")
        if c2.button(_("Delete"), key=f"adv_del_{row.id}"):
            store.delete_consultation(row.id)
            st.rerun()
