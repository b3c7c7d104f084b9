# i18n-domain: advisor
"""Streamlit widgets of the Advisor page: the family form, the officer's overrides, the result, saved consultations.

Nothing here writes to the database except :func:`saved_consultations` when the officer presses a
button; the family lives only in this browser session until then.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import uuid
from functools import partial

import streamlit as st

import i18n
from advisor.model import Advice, AdvisorInputs, Overrides, consultation_record
from advisor.sheet_html import sheet_html
from advisor.sheet_model import Foreign, Officer, build_sheet, support_summary
from advisor.sheet_pdf import sheet_pdf
from advisor.text import (
    CLIMATE_LABELS,
    COUNTRY_LABELS,
    EDUCATION_LABELS,
    SECTOR_LABELS,
    SETTLEMENT_LABELS,
    family_summary,
    input_error,
    label,
    punctuated,
)
from data.store import Store
from i18n.vocabulary import zone_label
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
from ui.auth import require_role, save_session_draft, session_draft

#: Roles allowed on the Advisor page (DESIGN.md "Users").
ADVISOR_ROLES = ("consul", "ministry")
#: Sector pickers shown (larger families: the rest count as "not known").
MAX_SECTOR_PICKERS = 8
APPLICANT_KEY = "advisor_applicant"
#: The quota switch: not known yet (both cases shown), in the quota, not in the quota.
QUOTA_CHOICES: dict[str, bool | None] = {"unknown": None, "yes": True, "no": False}
QUOTA_LABELS = {
    "unknown": i18n.N_("Not known yet (show both cases)"),
    "yes": i18n.N_("In the quota"),
    "no": i18n.N_("Not in the quota"),
}
#: Widget defaults of the form (set once in the session, so a restored draft or a reopened consultation
#: can fill the widgets without clashing with a ``value=`` argument).
FORM_DEFAULTS: dict[str, object] = {
    "adv_adults": 2,
    "adv_children": 0,
    "adv_pensioners": 0,
    "adv_education": "unknown",
    "adv_origin": ORIGIN_COUNTRIES[0],
    "adv_settlement": "any",
    "adv_climate": "any",
    "adv_kin": "",
    "adv_ready": True,
    "adv_quota": "unknown",
    "adv_officer": "",
    "adv_embassy": "",
    "adv_date": "",
}
#: Session keys of the applicant's answers (what "save" can put back into the form).
_DRAFT_APPLICANT = "_applicant"


def _restore_draft(locale: str) -> None:
    """After a reload: put the form draft kept with the session token back into the widgets, once."""
    if st.session_state.get("adv_draft_restored"):
        return
    st.session_state["adv_draft_restored"] = True
    draft = session_draft()
    for key, value in draft.items():
        if _is_form_key(key) and key not in st.session_state:
            st.session_state[key] = value
    if draft.get(_DRAFT_APPLICANT) and APPLICANT_KEY not in st.session_state:
        try:
            st.session_state[APPLICANT_KEY] = validate_applicant(draft[_DRAFT_APPLICANT])
        except AdviceInputError:
            pass


def _keep_draft() -> None:
    """Keep the form's values (and the prepared family) with the session token, in server memory only."""
    values = {k: v for k, v in st.session_state.items() if isinstance(k, str) and _is_form_key(k)}
    values = {k: v for k, v in values.items() if isinstance(v, (str, int, float, bool, list)) or v is None}
    applicant = st.session_state.get(APPLICANT_KEY)
    if applicant is not None:
        values[_DRAFT_APPLICANT] = applicant.to_dict()
    save_session_draft(values)


def _is_form_key(key: str) -> bool:
    """A widget of the family form or the officer's changes (never a button, whose state is read-only)."""
    fixed = (*FORM_DEFAULTS, "adv_sheet_locale", "adv_pinned", "adv_excluded", "adv_note")
    return key in fixed or key.startswith("adv_sector_")


def fill_form(profile: dict) -> None:
    """Put a saved family (:meth:`Applicant.to_dict`) back into the form and show its advice (a callback)."""
    sectors = list(profile.get("adult_sectors") or [])
    st.session_state.update(
        {
            "adv_adults": int(profile.get("adults", 0)),
            "adv_children": int(profile.get("children", 0)),
            "adv_pensioners": int(profile.get("pensioners", 0)),
            "adv_education": profile.get("education", "unknown"),
            "adv_origin": profile.get("origin", ORIGIN_COUNTRIES[0]),
            "adv_sheet_locale": profile.get("sheet_locale", i18n.DEFAULT_LOCALE),
            "adv_settlement": profile.get("settlement", "any"),
            "adv_climate": profile.get("climate", "any"),
            "adv_kin": profile.get("kin_oblast") or "",
            "adv_ready": bool(profile.get("ready_designated", True)),
            "adv_quota": {None: "unknown", True: "yes", False: "no"}[profile.get("in_quota")],
            **{f"adv_sector_{i}": s for i, s in enumerate(sectors)},
        }
    )
    try:
        st.session_state[APPLICANT_KEY] = validate_applicant(profile)
    except AdviceInputError:
        st.session_state.pop(APPLICANT_KEY, None)


def require_officer() -> str:
    """Stop the page unless a consul or ministry account is signed in; returns its user name."""
    return require_role(*ADVISOR_ROLES).username


def family_form(inputs: AdvisorInputs, locale: str) -> Applicant | None:
    """The profile form; on "Prepare advice" validates and keeps the family in the session only."""
    _ = i18n.translator(locale, "advisor")
    _restore_draft(locale)
    for key, value in {**FORM_DEFAULTS, "adv_sheet_locale": locale}.items():
        st.session_state.setdefault(key, value)
    st.subheader(_("Family"))
    c1, c2, c3 = st.columns(3)
    adults = c1.number_input(_("Adults (working age)"), step=1, key="adv_adults")
    children = c2.number_input(_("Children"), step=1, key="adv_children")
    pensioners = c3.number_input(_("Pensioners"), step=1, key="adv_pensioners")
    pickers = max(0, min(int(adults), MAX_SECTOR_PICKERS))
    cols = st.columns(max(pickers, 1))
    for i in range(pickers):
        st.session_state.setdefault(f"adv_sector_{i}", "unknown")
    sectors = [
        cols[i].selectbox(
            _("Work of adult {n}").format(n=i + 1),
            SECTORS,
            format_func=lambda s: label(SECTOR_LABELS, s, _),
            key=f"adv_sector_{i}",
        )
        for i in range(pickers)
    ]
    c1, c2, c3 = st.columns(3)
    education = c1.selectbox(
        _("Highest education"),
        EDUCATION_LEVELS,
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
    # Full width: a long label in a narrow column is cut with "…" by Streamlit.
    ready = st.checkbox(_("Ready to move to a designated resettlement region"), key="adv_ready")
    quota = st.radio(
        _("In the regional quota"),
        list(QUOTA_CHOICES),
        horizontal=True,
        format_func=lambda q: _(QUOTA_LABELS[q]),
        key="adv_quota",
    )
    st.subheader(_("For the sheet"))
    st.caption(_("Typed for the printed sheet only; not stored unless you save the consultation."))
    c1, c2, c3 = st.columns(3)
    c1.text_input(_("Officer's name"), key="adv_officer", max_chars=120)
    c2.text_input(_("Embassy or consulate"), key="adv_embassy", max_chars=160)
    c3.text_input(_("Date on the sheet"), key="adv_date", max_chars=40, placeholder=_("today"))
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
            "in_quota": QUOTA_CHOICES[quota],
        }
        try:
            st.session_state[APPLICANT_KEY] = validate_applicant(raw, oblast_katos=set(oblasts.index))
        except AdviceInputError as exc:
            st.session_state.pop(APPLICANT_KEY, None)
            st.error(input_error(exc, locale))
    _keep_draft()
    return st.session_state.get(APPLICANT_KEY)


def officer_fields() -> Officer:
    """The officer's name, embassy and date as typed on the form (for the sheet only)."""
    return Officer(
        str(st.session_state.get("adv_officer") or ""),
        str(st.session_state.get("adv_embassy") or ""),
        str(st.session_state.get("adv_date") or ""),
    )


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


def show_advice(advice: Advice, inputs: AdvisorInputs, locale: str, officer: Officer | None = None) -> None:
    """The result: a summary and the two downloads first, then the sheet's pages (in the sheet's language)."""
    _ = i18n.translator(locale, "advisor")
    sheet = build_sheet(advice, inputs, officer=officer)
    oblasts = inputs.oblasts.set_index("kato")

    def oblast_name(kato: str) -> str:
        return i18n.place_name(oblasts.loc[kato].to_dict(), locale) if kato in oblasts.index else kato

    st.subheader(_("Advice"))
    with st.container(border=True):
        st.markdown(f"**{_md(family_summary(advice.applicant, locale, oblast_name))}**")
        for i, d in enumerate(advice.districts, start=1):
            place = _("{district}, {oblast}").format(
                district=i18n.place_name(d.names, locale), oblast=oblast_name(d.oblast_kato)
            )
            lines = punctuated("; ".join(support_summary(d, locale)), locale)
            st.markdown(f"{i}. **{_md(place)}** — {_md(zone_label(d.zone, _))} — {_md(lines)}")
        stamp = f"qonys-advice-{advice.made_on.isoformat()}-{advice.applicant.sheet_locale}"
        c1, c2 = st.columns(2)
        # The PDF (up to a few seconds for shaped Arabic script) is made only when the officer clicks.
        c1.download_button(
            _("Download the advice sheet (PDF)"),
            partial(sheet_pdf, sheet),
            file_name=f"{stamp}.pdf",
            mime="application/pdf",
            key="adv_pdf",
            type="primary",
        )
        c2.download_button(
            _("Download printable HTML"),
            sheet_html(sheet).encode("utf-8"),
            file_name=f"{stamp}.html",
            mime="text/html",
            key="adv_html",
        )
    st.caption(_("The sheet, in its own language:"))
    for section in sheet.sections:
        with st.container(border=True):
            if section.title:
                st.markdown(f"**{_md(section.title)}**")
            if section.lines:
                st.markdown("\n".join(f"- {_md(_isolated(line, sheet.rtl))}" for line in section.lines))
            if section.table:
                st.table({h: [r[i] for r in section.table.rows] for i, h in enumerate(section.table.header)})
    for line in sheet.footer:
        st.caption(line)


def _isolated(text: str, rtl: bool) -> str:
    """In right-to-left text, a line kept in its own left-to-right language is a Unicode isolate (LRI…PDI),
    so that its trailing "/" or bracket stays in place."""
    return f"\u2066{text}\u2069" if rtl and isinstance(text, Foreign) else text


def _md(text: str) -> str:
    """Data text made safe for Markdown (no HTML, no accidental formatting)."""
    for ch in "\\`*_[]<>#|$":
        text = text.replace(ch, "\\" + ch)
    # A leading "+", "-" or "1." would start a nested Markdown list and swallow the marker.
    return re.sub(r"^(\d+)\.", r"\1\\.", re.sub(r"^([+-])", r"\\\1", text))


def saved_consultations(
    store: Store, advice: Advice | None, user: str, locale: str, inputs: AdvisorInputs | None = None
) -> None:
    """Save the current consultation on request; list the saved ones by date with the family in one line,
    each reopenable (fills the form and shows the advice) and deletable (audited by the store)."""
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
        store.save_consultation(
            id=uuid.uuid4().hex,
            saved_by=user,
            locale=advice.applicant.sheet_locale,
            profile_json=profile,
            result_json=result,
            note=advice.overrides.note,
        )
        st.success(_("Consultation saved."))
    saved = store.consultations(saved_by=user)
    if saved.empty:
        st.caption(_("No saved consultations."))
        return
    names: dict[str, str] = {}
    if inputs is not None:
        names = {str(k): i18n.place_name(r, locale) for k, r in inputs.oblasts.set_index("kato").iterrows()}
    for row in saved.itertuples(index=False):
        try:
            profile = json.loads(row.profile_json)
            summary = family_summary(validate_applicant(profile), locale, lambda k: names.get(k, k))
        except (ValueError, TypeError, AdviceInputError):
            profile, summary = None, _("(the saved family cannot be read)")
        when = row.saved_at
        day = i18n.format_date(when.date() if isinstance(when, dt.datetime) else when, locale)
        time_of_day = f" {when:%H:%M}" if isinstance(when, dt.datetime) else ""
        c1, c2, c3 = st.columns([5, 1, 1])
        c1.markdown(f"**{_md(day + time_of_day)}** · {_md(summary)}")
        if profile is not None:
            c2.button(_("Open"), key=f"adv_open_{row.id}", on_click=fill_form, args=(profile,))
        c3.button(
            _("Delete"),
            key=f"adv_del_{row.id}",
            on_click=store.delete_consultation,
            args=(row.id,),
            kwargs={"user": user},
        )
