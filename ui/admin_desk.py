"""Widgets of the Admin page (ministry): review queue, weight profiles and zoning, quotas, support
measures, indicator settings, users and the audit log. Every write goes through the audited store API."""

# i18n-domain: admin
from __future__ import annotations

import datetime as dt

import pandas as pd
import streamlit as st

import i18n
from data._validate import parse_date
from data.errors import AccessDenied, ConflictError, ValidationFailed
from data.scored import validated_profile
from data.store import StoreError
from i18n.vocabulary import BASIS_LABELS, NO, ORIGIN_LABELS, STATUS_LABELS, YES, term
from scoring.profile import DEFAULT_PROFILE, ScoringConfigError, WeightProfile, ZoningRule, load_profile
from ui import cache
from ui.auth import ROLE_LABELS, new_password_hash
from ui.context import PageContext
from ui.safe import html_table, plain, spreadsheet_frame

FLASH_KEY = "admin_flash"


def _done(ctx: PageContext, message: str) -> None:
    cache.clear()
    st.session_state[FLASH_KEY] = message
    st.rerun()


def _problems(ctx: PageContext, exc: Exception) -> None:
    """Show a refused write without a traceback (reasons of the data domain, translated)."""
    data_ = i18n.translator(ctx.locale, "data")
    if isinstance(exc, ValidationFailed):
        for p in exc.problems:
            st.error(plain(p.describe(data_)))
    elif isinstance(exc, ConflictError):
        st.error(ctx._("Someone else changed this in the meantime; reload and try again."))
    elif isinstance(exc, StoreError):  # the database is busy (another writer) or cannot be written
        st.error(plain(str(exc)))
    else:
        st.error(ctx._("Your account may not do this."))


def in_locale(table: pd.DataFrame, locale: str, **columns: str) -> pd.DataFrame:
    """``table`` with each named column holding its text in ``locale`` (from the ``<prefix>kk/ru/en`` columns
    Qonys added, see data/raw/*/SOURCES*.md "Translations"), and those language columns dropped."""
    out = table.copy()
    records = table.to_dict("records")
    for column, prefix in columns.items():
        out[column] = [i18n.localised(r, locale, prefix=prefix, default=r.get(column)) for r in records]
        out = out.drop(columns=[c for c in (f"{prefix}{lang}" for lang in ("kk", "ru", "en")) if c != column])
    return out


REFUSED = (ValidationFailed, ConflictError, AccessDenied, StoreError)

#: Column headers of the database tables shown here, in words (the raw keys — ``kato``, ``status`` — are
#: identifiers, not the page's language). A column not named here keeps its key: add it here when a table grows.
HEADERS: dict[str, str] = {
    "id": i18n.N_("No."),
    "kato": i18n.N_("KATO"),
    "name": i18n.N_("Name"),
    "indicator": i18n.N_("Indicator"),
    "value": i18n.N_("Value"),
    "period": i18n.N_("Period"),
    "source_id": i18n.N_("Source"),
    "entered_by": i18n.N_("Entered by"),
    "entered_at": i18n.N_("Entered at"),
    "note": i18n.N_("Note"),
    "version": i18n.N_("Version"),
    "status": i18n.N_("Status"),
    "created_by": i18n.N_("Created by"),
    "created_at": i18n.N_("Created at"),
    "published_at": i18n.N_("Published at"),
    "year": i18n.N_("Year"),
    "oblast_kato": i18n.N_("Oblast"),
    "category": i18n.N_("Category"),
    "persons": i18n.N_("Persons"),
    "act": i18n.N_("Legal act"),
    "effective_from": i18n.N_("In force from"),
    "preferred": i18n.N_("Preferred"),
    "code": i18n.N_("Code"),
    "label": i18n.N_("Support measure"),
    "amount_mci": i18n.N_("Amount (MCI)"),
    "amount_mci_max": i18n.N_("Amount up to (MCI)"),
    "amount_text": i18n.N_("Amount as published"),
    "basis": i18n.N_("Paid per"),
    "months": i18n.N_("Months"),
    "eligibility": i18n.N_("Who is eligible"),
    "valid_from": i18n.N_("Valid from"),
    "valid_to": i18n.N_("Valid to"),
    "legal_basis": i18n.N_("Legal basis"),
    "supplier": i18n.N_("Supplier"),
    "username": i18n.N_("User name"),
    "role": i18n.N_("Role"),
    "scope_kato": i18n.N_("Scope KATO"),
    "disabled": i18n.N_("Disabled"),
    "failed_logins": i18n.N_("Failed logins"),
    "locked_until": i18n.N_("Locked until"),
    "at": i18n.N_("Time"),
    "action": i18n.N_("Action"),
    "old_value": i18n.N_("Old value"),
    "new_value": i18n.N_("New value"),
    "reason": i18n.N_("Reason"),
    "batch_id": i18n.N_("Batch"),
}

#: Stored codes shown in words: quota categories (data/schema.sql ``quota.category``) and who a support
#: measure is for (``support_measure.eligibility``).
CATEGORY_LABELS: dict[str, str] = {"kandas": i18n.N_("kandas"), "settlers": i18n.N_("settlers")}
#: Who supplies an indicator (scoring/indicators.py, the registry's ``supplier``).
SUPPLIER_LABELS: dict[str, str] = {
    "official": i18n.N_("official statistics"),
    "akimat": i18n.N_("akimat"),
    "derived": i18n.N_("computed by Qonys"),
    "policy": i18n.N_("state policy"),
}
#: Audit actions (data/store: ``audit(..., action=...)``); an action not named here shows its code.
AUDIT_ACTIONS: dict[str, str] = {
    "batch.rollback": i18n.N_("batch rolled back"),
    "indicator.approval_required": i18n.N_("indicator: approval setting"),
    "indicator.policy": i18n.N_("indicator settings"),
    "observation.pending": i18n.N_("value sent for review"),
    "observation.rollback": i18n.N_("value rolled back"),
    "observation.set": i18n.N_("value entered"),
    "profile.draft": i18n.N_("weight profile draft"),
    "profile.publish": i18n.N_("weight profile published"),
    "quota.set": i18n.N_("quota set"),
    "register.complete": i18n.N_("register marked complete"),
    "register.incomplete": i18n.N_("register marked incomplete"),
    "request.issue": i18n.N_("data request issued"),
    "request.withdraw": i18n.N_("data request withdrawn"),
    "user.add": i18n.N_("account created"),
    "user.disable": i18n.N_("account disabled"),
    "user.enable": i18n.N_("account enabled"),
    "user.password": i18n.N_("password changed"),
    "user.scope": i18n.N_("account scope changed"),
}
#: The build's own writer in the audit log (data/build), shown in words.
SYSTEM_USERS: dict[str, str] = {"cli": i18n.N_("data build (command line)")}
ELIGIBLE_GROUPS: dict[str, str] = {
    "kandas_settler_in_quota": i18n.N_("kandas or settler within the quota"),
    "rural_specialist": i18n.N_("specialist moving to a village"),
}


def shown_table(frame: pd.DataFrame, locale: str, _) -> pd.DataFrame:
    """A database table as the ministry reads it: headers in words (:data:`HEADERS`), coded cells in words
    (roles, categories, profile states, origins, bases), missing text cells as "no data" (Streamlit would write
    "None"), yes/no for flags."""
    out = frame.copy()
    missing = i18n.format_missing(locale)
    words = {
        "role": lambda v: _(ROLE_LABELS[v]) if v in ROLE_LABELS else v,
        "category": lambda v: term(CATEGORY_LABELS, v, _),
        "origin": lambda v: term(ORIGIN_LABELS, v, _),
        "basis": lambda v: term(BASIS_LABELS, v, _),
        "eligibility": lambda v: term(ELIGIBLE_GROUPS, v, _),
        "status": lambda v: term(STATUS_LABELS, v, _),
        "supplier": lambda v: term(SUPPLIER_LABELS, v, _),
        "action": lambda v: term(AUDIT_ACTIONS, v, _),
        "username": lambda v: term(SYSTEM_USERS, v, _),
        "entered_by": lambda v: term(SYSTEM_USERS, v, _),
    }
    for column in out.columns:
        values = out[column]
        if column == "kato" or column.endswith("_id") or column == "id":
            continue
        if column in words:
            out[column] = [missing if i18n.is_missing(v) else words[column](v) for v in values]
        elif values.dtype == bool:
            out[column] = [_(YES) if v else _(NO) for v in values]
        elif values.dtype == object:
            out[column] = [missing if i18n.is_missing(v) else v for v in values]
    return out.rename(columns={c: _(HEADERS[c]) for c in out.columns if c in HEADERS})


def _text_lang(text: object) -> str:
    from export.cards import text_lang  # the source register's script rule, one place

    return text_lang(text)


def show_table(frame: pd.DataFrame, locale: str, _, *, own_language: tuple[str, ...] = ()) -> None:
    """:func:`shown_table` on the page; with ``own_language`` columns (notes and texts kept as the register
    wrote them, mostly English or Russian) as an HTML table whose such cells carry their ``lang``."""
    table = shown_table(frame, locale, _)
    if not own_language:
        st.dataframe(table, hide_index=True, use_container_width=True)
        return
    langs = {}
    for column in own_language:
        if column in frame.columns:
            langs[_(HEADERS.get(column, column))] = [
                None if i18n.is_missing(v) else _text_lang(v) for v in frame[column]
            ]
            table[_(HEADERS.get(column, column))] = ["" if i18n.is_missing(v) else v for v in frame[column]]
    st.html(html_table(table, langs=langs))


def review(ctx: PageContext, user: str) -> None:
    _ = ctx._
    pending = ctx.store.pending_observations()
    if pending.empty:
        st.info(_("Nothing waits for review."))
        return
    shown = pending.assign(name=[i18n.place_name(r, ctx.locale) for r in pending.to_dict("records")])
    show_table(
        shown[["id", "kato", "name", "indicator", "value", "period", "source_id", "entered_by", "entered_at", "note"]],
        ctx.locale,
        _,
    )
    with st.form("review"):
        obs = st.selectbox(_("Value (id)"), list(pending["id"]), key="review_id")
        comment = st.text_input(_("Comment"), key="review_comment", max_chars=500)
        left, right = st.columns(2)
        approve = left.form_submit_button(_("Approve"))
        reject = right.form_submit_button(_("Reject"))
    if approve or reject:
        try:
            ctx.store.review_observation(int(obs), user=user, approve=approve, comment=comment)
        except REFUSED as exc:
            _problems(ctx, exc)
            return
        _done(ctx, _("Approved.") if approve else _("Rejected."))


def profiles(ctx: PageContext, user: str) -> None:
    _ = ctx._
    table = ctx.store.weight_profiles()
    show_table(table.drop(columns=["profile_json"]), ctx.locale, _)
    published = table[table["status"] == "published"]
    base = published.iloc[0]["profile_json"] if len(published) else DEFAULT_PROFILE.to_json()
    st.caption(_("The public map uses the published profile; without one, the registry default."))
    # The profile is a machine format (English keys and descriptions): shown as code, which keeps its own
    # language, and edited in an empty box rather than pre-filled into the page's text.
    st.code(base, language="json")
    with st.form("profile_draft"):
        text = st.text_area(
            _("Profile (JSON)"),
            "",
            height=300,
            key="profile_json",
            help=_("Paste the edited profile here; left empty, a copy of the profile shown above is saved."),
        )
        if st.form_submit_button(_("Save as draft")):
            try:
                version = ctx.store.save_profile_draft(validated_profile(text.strip() or base), user=user)
            except REFUSED as exc:
                _problems(ctx, exc)
            else:
                _done(ctx, _("Draft version {v} saved.").format(v=version))
    st.subheader(_("Zoning thresholds"))
    current = load_profile(base)
    with st.form("zoning"):
        method = st.selectbox(
            _("Method"),
            ["quantiles", "thresholds"],
            format_func={"quantiles": _("Quantiles"), "thresholds": _("Fixed score bounds")}.get,
            index=["quantiles", "thresholds"].index(current.zoning.method),
            key="zoning_method",
        )
        cols = st.columns(3)
        cuts = [
            cols[i].number_input(
                _("Lower score bound of zone {zone}").format(zone=z),
                0.0,
                100.0,
                float(current.zoning.thresholds[i]),
                key=f"zone_cut_{i}",
            )
            for i, z in enumerate(("I", "II", "III"))
        ]
        if st.form_submit_button(_("Save zoning as draft")):
            try:
                # Every other setting of the rule (the designated-region cap among them) survives; validation checks the bounds.
                rule = ZoningRule.model_validate(
                    current.zoning.model_dump() | {"method": method, "thresholds": tuple(cuts)}
                )
                draft = current.model_copy(update={"zoning": rule})
                version = ctx.store.save_profile_draft(validated_profile(draft.to_json()), user=user)
            except (ValueError, ScoringConfigError):
                st.error(_("Zone bounds must descend from zone I to zone III."))
            except REFUSED as exc:
                _problems(ctx, exc)
            else:
                _done(ctx, _("Draft version {v} saved.").format(v=version))
    evidence_rules(ctx, user, current)
    drafts = table[table["status"] == "draft"]
    if len(drafts):
        with st.form("publish"):
            key = st.selectbox(
                _("Draft to publish"), [f"{r.id} v{r.version}" for r in drafts.itertuples()], key="publish_key"
            )
            if st.form_submit_button(_("Publish")):
                pid, version = key.rsplit(" v", 1)
                try:
                    ctx.store.publish_profile(pid, int(version), user=user)
                except REFUSED as exc:
                    _problems(ctx, exc)
                else:
                    _done(ctx, _("Published {key}.").format(key=key))


#: The register the adaptation-centre toggle marks complete (scoring.registry ``register``).
CENTRE_REGISTER = "adaptation_centres"


def evidence_draft(current: WeightProfile, *, centres_complete: bool, cap_outside_designated: bool) -> WeightProfile:
    """``current`` with the two evidence switches of the Admin page applied (every other setting kept).

    ``centres_complete`` adds (or removes) :data:`CENTRE_REGISTER` in ``complete_registers``;
    ``cap_outside_designated`` sets ``zoning.outside_designated_max_zone`` to ``"III"`` (on) or ``None`` (off).
    """
    registers = [r for r in current.complete_registers if r != CENTRE_REGISTER]
    if centres_complete:
        registers.append(CENTRE_REGISTER)
    zoning = current.zoning.model_copy(
        update={"outside_designated_max_zone": "III" if cap_outside_designated else None}
    )
    draft = current.model_copy(update={"complete_registers": tuple(registers), "zoning": zoning})
    return validated_profile(draft.to_json())


def evidence_rules(ctx: PageContext, user: str, current: WeightProfile) -> None:
    """The two evidence switches, saved as a new draft of the profile (published like any other draft)."""
    _ = ctx._
    st.subheader(_("Evidence rules"))
    with st.form("evidence_rules"):
        centres = st.checkbox(
            _("Adaptation-centre register complete (score the distance to the nearest centre)"),
            CENTRE_REGISTER in current.complete_registers,
            key="evidence_centres_complete",
        )
        cap = st.checkbox(
            _("Keep districts outside designated regions out of zones I–II"),
            current.zoning.outside_designated_max_zone is not None,
            key="evidence_cap_outside",
        )
        if st.form_submit_button(_("Save evidence rules as draft")):
            try:
                draft = evidence_draft(current, centres_complete=centres, cap_outside_designated=cap)
                version = ctx.store.save_profile_draft(draft, user=user)
            except REFUSED as exc:
                _problems(ctx, exc)
            else:
                _done(ctx, _("Draft version {v} saved.").format(v=version))


def quotas(ctx: PageContext, user: str) -> None:
    _ = ctx._
    oblasts = ctx.store.units("oblast")
    table = in_locale(ctx.store.quotas(), ctx.locale, act="act_")
    oblast_names = {r.kato: i18n.place_name(r._asdict(), ctx.locale) for r in oblasts.itertuples()}
    table["oblast_kato"] = [oblast_names.get(str(k), _("National total")) for k in table["oblast_kato"]]
    show_table(table, ctx.locale, _, own_language=("note",))
    names = {
        "": _("National total"),
        **{r.kato: i18n.place_name(r._asdict(), ctx.locale) for r in oblasts.itertuples()},
    }
    with st.form("quota"):
        cols = st.columns(3)
        year = cols[0].number_input(_("Year"), 2000, 2100, dt.date.today().year, key="quota_year")
        oblast = cols[1].selectbox(_("Oblast"), list(names), format_func=names.get, key="quota_oblast")
        category = cols[2].selectbox(
            _("Category"), list(CATEGORY_LABELS), format_func=lambda c: _(CATEGORY_LABELS[c]), key="quota_category"
        )
        persons = st.number_input(_("Persons"), 0, 1_000_000, 0, key="quota_persons")
        source = st.text_input(_("Source (id or title)"), key="quota_source", max_chars=500)
        act = st.text_input(_("Legal act"), key="quota_act", max_chars=500)
        if st.form_submit_button(_("Save quota")):
            try:
                ctx.store.set_quota(int(year), oblast or None, category, int(persons), source, user=user, act=act)
            except REFUSED as exc:
                _problems(ctx, exc)
            else:
                _done(ctx, _("Quota saved."))


def measures(ctx: PageContext, user: str) -> None:
    _ = ctx._
    table = ctx.store.support_measures()
    shown = in_locale(table, ctx.locale, label="label_", legal_basis="legal_basis_")
    show_table(shown, ctx.locale, _, own_language=("amount_text", "note"))
    with st.form("measure"):
        code = st.selectbox(_("Support measure"), list(table["code"]), key="measure_code")
        row = table.set_index("code").loc[code]
        amount = st.number_input(
            _("Amount (MCI)"),
            0.0,
            1e6,
            None if pd.isna(row["amount_mci"]) else float(row["amount_mci"]),
            key="measure_amount",
        )
        cols = st.columns(2)
        # Text fields read by the date grammar of data._validate: st.date_input shows "YYYY/MM/DD" in English.
        start_text = cols[0].text_input(_("Valid from (YYYY-MM-DD or DD.MM.YYYY)"), key="measure_from", max_chars=20)
        end_text = cols[1].text_input(_("Valid to (YYYY-MM-DD or DD.MM.YYYY)"), key="measure_to", max_chars=20)
        source = st.text_input(_("Source (id or title)"), row["source_id"], key="measure_source", max_chars=500)
        note = st.text_input(_("Note"), key="measure_note", max_chars=500)
        if st.form_submit_button(_("Save measure")):
            # A validity date may lie in the future, so "today" is no bound here.
            (start, bad_start), (end, bad_end) = (
                parse_date(t, today=dt.date.max)[0:2] if t.strip() else (None, []) for t in (start_text, end_text)
            )
            try:
                if bad_start or bad_end:
                    raise ValidationFailed(bad_start + bad_end)
                ctx.store.set_support_measure(
                    code, user=user, amount_mci=amount, valid_from=start, valid_to=end, source_id=source, note=note
                )
            except REFUSED as exc:
                _problems(ctx, exc)
            else:
                _done(ctx, _("Support measure saved."))


def indicators(ctx: PageContext, user: str) -> None:
    _ = ctx._
    table = ctx.store.indicator_settings()[
        ["code", "supplier", "approval_required", "akimat_editable", "max_jump_share"]
    ]
    # Supplier in words (read-only, never written back); the code stays the key of each saved row.
    table = table.assign(supplier=[term(SUPPLIER_LABELS, v, _) for v in table["supplier"]])
    edited = st.data_editor(
        table,
        key=f"indicator_policy_{ctx.store.data_version()}",
        hide_index=True,
        use_container_width=True,
        disabled=["code", "supplier"],
        column_config={
            **{c: st.column_config.TextColumn(_(HEADERS[c])) for c in ("code", "supplier")},
            "approval_required": st.column_config.CheckboxColumn(_("Approval required")),
            "akimat_editable": st.column_config.CheckboxColumn(_("Akimat may edit")),
            "max_jump_share": st.column_config.NumberColumn(
                _("Change needing a reason (share)"), min_value=0.01, max_value=100.0
            ),
        },
    )
    if st.button(_("Save indicator settings"), key="save_policy"):
        changed = edited[(edited != table).any(axis=1)]
        try:
            for r in changed.itertuples():
                ctx.store.set_indicator_policy(
                    r.code,
                    user=user,
                    approval_required=bool(r.approval_required),
                    akimat_editable=bool(r.akimat_editable),
                    max_jump_share=float(r.max_jump_share),
                )
        except REFUSED as exc:
            _problems(ctx, exc)
        else:
            _done(ctx, _("Saved {n} indicator setting(s).").format(n=len(changed)))


def users(ctx: PageContext, user: str) -> None:
    _ = ctx._
    table = ctx.store.users()
    show_table(table, ctx.locale, _)
    roles = list(ROLE_LABELS)
    with st.form("user_add", clear_on_submit=True):
        st.markdown(_("**New account**"))
        cols = st.columns(3)
        name = cols[0].text_input(_("User name"), key="new_user_name", max_chars=40)
        role = cols[1].selectbox(_("Role"), roles, format_func=lambda r: _(ROLE_LABELS[r]), key="new_user_role")
        scope = cols[2].text_input(_("Scope KATO (akimat only)"), key="new_user_scope", max_chars=9)
        first = st.text_input(_("Password"), type="password", key="new_user_pw1")
        second = st.text_input(_("Repeat the password"), type="password", key="new_user_pw2")
        if st.form_submit_button(_("Create account")):
            hashed = new_password_hash(_, first, second)
            if hashed:
                try:
                    ctx.store.add_user(name.strip(), role, scope.strip() or None, hashed, by=user)
                except REFUSED as exc:
                    _problems(ctx, exc)
                else:
                    _done(ctx, _("Account {name} created.").format(name=name))
    if len(table):
        with st.form("user_change"):
            st.markdown(_("**Change an account**"))
            name = st.selectbox(_("User name"), list(table["username"]), key="change_user")
            action = st.radio(
                _("Action"),
                ["disable", "enable", "password"],
                horizontal=True,
                key="change_action",
                format_func={"disable": _("Disable"), "enable": _("Enable"), "password": _("Set a new password")}.get,
            )
            first = st.text_input(_("New password"), type="password", key="change_pw1")
            second = st.text_input(_("Repeat the password"), type="password", key="change_pw2")
            if st.form_submit_button(_("Apply")):
                try:
                    if action == "password":
                        hashed = new_password_hash(_, first, second)
                        if not hashed:
                            return
                        ctx.store.set_user(name, by=user, password_hash=hashed)
                    else:
                        ctx.store.set_user(name, by=user, disabled=action == "disable")
                except REFUSED as exc:
                    _problems(ctx, exc)
                else:
                    _done(ctx, _("Account {name} changed.").format(name=name))


def audit(ctx: PageContext) -> None:
    _ = ctx._
    cols = st.columns(3)
    kato = cols[0].text_input(_("KATO"), key="audit_kato", max_chars=20)
    batch = cols[1].text_input(_("Batch"), key="audit_batch", max_chars=40)
    who = cols[2].text_input(_("User name"), key="audit_user", max_chars=40)
    log = ctx.store.audit_log(kato=kato.strip() or None, batch_id=batch.strip() or None, username=who.strip() or None)
    show_table(log, ctx.locale, _)
    st.download_button(
        _("Download (CSV)"),
        spreadsheet_frame(log).to_csv(index=False).encode("utf-8-sig"),
        file_name="qonys-audit.csv",
        mime="text/csv",
        key="audit_csv",
    )
