"""The data desk's write API: scope, append-only audit, conflicts, plausibility review, rollback, users."""

from __future__ import annotations

import datetime as dt
import re
import subprocess
import sys
from pathlib import Path

import pytest

from data.auth import (
    FREE_FAILURES_PER_CLIENT,
    FREE_FAILURES_PER_NAME,
    MAX_DELAY_PER_CLIENT_S,
    AuthError,
    Throttle,
    authenticate,
)
from data.errors import AccessDenied, ConflictError, ValidationFailed
from data.permissions import OPERATOR
from data.store import Edit, Store

ROOT = Path(__file__).resolve().parents[2]
SEMEY = "101000000"  # a district of Abai oblast
AKMOLA_DISTRICT = "111000000"
VAC = "vacancies_per_jobseeker"


@pytest.fixture
def desk(desk_db: dict) -> Store:
    store = Store(desk_db["path"])
    yield store
    store.close()


def content(store: Store) -> dict:
    """Everything a write could touch, as sorted rows (the database 'content')."""
    tables = ["observation", "audit", "source", "app_user", "quota", "support_measure", "weight_profile", "indicator"]
    return {t: sorted(map(repr, store.query(f"SELECT * FROM {t}").itertuples(index=False))) for t in tables}


def test_no_update_or_delete_of_audit_or_observation_rows_in_the_code() -> None:
    pattern = re.compile(
        r"\b(UPDATE\s+(audit|observation)\b|DELETE\s+FROM\s+(audit|observation)\b|"
        r"TRUNCATE\s+(audit|observation)\b|DROP\s+TABLE\s+(audit|observation)\b)",
        re.IGNORECASE,
    )
    offenders = [
        f"{path.relative_to(ROOT)}:{i}"
        for path in [*ROOT.glob("**/*.py"), *ROOT.glob("**/*.sql")]
        if ".venv" not in path.parts and "tests" not in path.parts
        for i, line in enumerate(path.read_text(encoding="utf-8", errors="replace").splitlines(), 1)
        if pattern.search(line)
    ]
    assert not offenders, offenders


def test_akimat_cannot_change_another_oblast_through_the_store(desk: Store) -> None:
    before = content(desk)
    with pytest.raises(ValidationFailed) as info:
        desk.save_observations([Edit(AKMOLA_DISTRICT, VAC, 1.0, "2026-01-01", "letter")], user="akimat_abai")
    assert "outside your scope" in info.value.problems[0].reason
    assert content(desk) == before
    with pytest.raises(ValidationFailed):  # a district-scoped officer cannot touch the neighbour district
        desk.save_observations([Edit("101010000", VAC, 1.0, "2026-01-01", "letter")], user="akimat_semey")
    with pytest.raises(AccessDenied):
        desk.save_observations([Edit(SEMEY, VAC, 1.0, "2026-01-01", "letter")], user="consul1")
    with pytest.raises(AccessDenied):
        desk.save_observations([Edit(SEMEY, VAC, 1.0, "2026-01-01", "letter")], user="nobody")
    assert content(desk) == before


def test_akimat_cannot_change_official_indicators(desk: Store) -> None:
    with pytest.raises(ValidationFailed) as info:
        desk.save_observations([Edit("100000000", "unemployment_rate", 4.0, "2026-01-01", "x")], user="akimat_abai")
    assert "cannot be edited" in info.value.problems[0].reason


def test_save_appends_version_and_audit_and_changes_data_version(desk: Store) -> None:
    version = desk.data_version()
    result = desk.save_observations(
        [Edit(SEMEY, VAC, 0.8, "2026-01-15", "Akimat letter 12", base_id=None)], user="akimat_abai"
    )
    assert result["published"] == 1 and desk.data_version() != version
    obs = desk.observations("district", katos=[SEMEY])
    row = obs[obs["indicator"] == VAC].iloc[-1]
    assert (row["value"], row["origin"], row["period"], row["entered_by"]) == (
        0.8,
        "akimat",
        "2026-01-15",
        "akimat_abai",
    )
    audit = desk.audit_log(batch_id=result["batch_id"])
    assert list(audit["action"]) == ["observation.set"] and audit.iloc[0]["new_value"] == "0.8"


def test_second_saver_gets_a_conflict_not_a_silent_overwrite(desk: Store) -> None:
    base = None  # both officers opened the table when there was no value yet
    desk.save_observations([Edit(SEMEY, VAC, 0.8, "2026-01-15", "letter A", base_id=base)], user="akimat_abai")
    with pytest.raises(ConflictError) as info:
        desk.save_observations([Edit(SEMEY, VAC, 0.9, "2026-01-15", "letter B", base_id=base)], user="ministry1")
    conflict = info.value.conflicts[0]
    assert (conflict["theirs"], conflict["yours"], conflict["theirs_by"]) == (0.8, 0.9, "akimat_abai")
    # choosing "mine" deliberately: pass the id now stored
    desk.save_observations(
        [Edit(SEMEY, VAC, 0.9, "2026-01-15", "letter B", base_id=conflict["current_id"])], user="ministry1"
    )
    history = desk.observation_history(SEMEY, VAC)
    assert list(history["value"]) == [0.9, 0.8] and list(history["version"]) == [2, 1]


def test_jump_needs_a_reason_and_waits_for_review(desk: Store) -> None:
    desk.save_observations([Edit(SEMEY, VAC, 0.8, "2026-01-15", "letter")], user="akimat_abai")
    with pytest.raises(ValidationFailed) as info:
        desk.save_observations([Edit(SEMEY, VAC, 3.0, "2026-02-15", "letter")], user="akimat_abai")
    assert info.value.problems[0].column == "reason" and "275%" in info.value.problems[0].describe()
    desk.save_observations(
        [Edit(SEMEY, VAC, 3.0, "2026-02-15", "letter", reason="new plant opened")], user="akimat_abai"
    )
    public = desk.observations("district", katos=[SEMEY])
    assert 3.0 not in set(public.loc[public["indicator"] == VAC, "value"]), "pending values stay off the map"
    pending = desk.pending_observations()
    assert len(pending) == 1
    with pytest.raises(AccessDenied):
        desk.review_observation(int(pending.iloc[0]["id"]), user="akimat_abai", approve=True, comment="")
    with pytest.raises(ValidationFailed):  # rejecting needs a comment
        desk.review_observation(int(pending.iloc[0]["id"]), user="ministry1", approve=False, comment="")
    desk.review_observation(int(pending.iloc[0]["id"]), user="ministry1", approve=True, comment="checked")
    public = desk.observations("district", katos=[SEMEY])
    assert 3.0 in set(public.loc[public["indicator"] == VAC, "value"])
    assert desk.pending_observations().empty
    assert "observation.approve" in set(desk.audit_log()["action"])


def test_approval_required_indicator_waits(desk: Store) -> None:
    desk.set_indicator_policy(VAC, user="ministry1", approval_required=True, akimat_editable=True)
    result = desk.save_observations([Edit(SEMEY, VAC, 0.5, "2026-01-15", "letter")], user="akimat_abai")
    assert result["pending"] == 1
    pending = desk.pending_observations()
    desk.review_observation(int(pending.iloc[0]["id"]), user="ministry1", approve=False, comment="no letter attached")
    assert desk.pending_observations().empty
    assert desk.observation_history(SEMEY, VAC).iloc[0]["status"] == "rejected"


def test_ministry_can_allow_akimat_an_extra_indicator(desk: Store) -> None:
    account = desk.user("akimat_abai")
    assert "housing_price_m2" not in set(desk.editable_indicators(account)["code"])
    desk.set_indicator_policy("housing_price_m2", user="ministry1", approval_required=False, akimat_editable=True)
    assert "housing_price_m2" in set(desk.editable_indicators(account)["code"])
    assert desk.audit_log()["action"].iloc[0] == "indicator.policy"


def test_rollback_restores_the_previous_value_and_is_audited(desk: Store) -> None:
    first = desk.save_observations([Edit(SEMEY, VAC, 0.8, "2026-01-15", "letter")], user="akimat_abai")
    second = desk.save_observations([Edit(SEMEY, VAC, 0.85, "2026-01-15", "corrected letter")], user="akimat_abai")
    with pytest.raises(ValidationFailed):
        desk.rollback_batch(second["batch_id"], user="akimat_abai", reason="")
    with pytest.raises(AccessDenied):
        desk.rollback_batch(second["batch_id"], user="akimat_akmola", reason="not mine")
    with pytest.raises(ConflictError):  # the first batch's value was changed since
        desk.rollback_batch(first["batch_id"], user="akimat_abai", reason="typo")
    undo = desk.rollback_batch(second["batch_id"], user="akimat_abai", reason="wrong letter")
    history = desk.observation_history(SEMEY, VAC)
    assert list(history["value"]) == [0.8, 0.85, 0.8]
    assert desk.audit_log(batch_id=second["batch_id"])["action"].iloc[0] == "batch.rollback"
    assert desk.batches().set_index("batch_id").loc[second["batch_id"], "rolled_back"]
    with pytest.raises(ValidationFailed):
        desk.rollback_batch(second["batch_id"], user="akimat_abai", reason="again")
    assert undo["rows"] == 1
    fresh = desk.save_observations([Edit("101010000", VAC, 0.4, "2026-01-15", "letter")], user="akimat_abai")
    desk.rollback_batch(fresh["batch_id"], user="ministry1", reason="withdraw")
    latest = desk.observation_history("101010000", VAC).iloc[0]
    assert latest["value"] != latest["value"], "a value without an earlier version is withdrawn (no value)"


HOSTILE = [
    "<script>alert('x')</script>",
    "Robert'); DROP TABLE observation;--",
    "\"quoted\" 'single'",
    "Әкімдік хаты № 5 — ғ қ ң ө ұ ү һ і",
    "مەكتەپ ءۇشىن حات",
    "1 OR 1=1; DELETE FROM audit",
]


@pytest.mark.parametrize("text", HOSTILE)
def test_hostile_strings_round_trip_as_text(desk: Store, text: str) -> None:
    result = desk.save_observations([Edit(SEMEY, VAC, 0.8, "2026-01-15", text, reason=text)], user="akimat_abai")
    row = desk.observation_history(SEMEY, VAC).iloc[0]
    assert desk.sources().set_index("id").loc[row["source_id"], "title"] == text
    assert desk.audit_log(batch_id=result["batch_id"]).iloc[0]["reason"] == text
    assert desk.query("SELECT count(*) AS n FROM audit").iloc[0, 0] >= 1


def test_formula_cells_are_refused(desk: Store) -> None:
    with pytest.raises(ValidationFailed) as info:
        desk.save_observations(
            [Edit(SEMEY, VAC, "=1+1", "2026-01-15", "+cmd|' /C calc'!A0", reason="@SUM(1)")], user="akimat_abai"
        )
    reasons = {p.column: p.reason for p in info.value.problems}
    assert set(reasons) >= {"value", "source", "reason"}


def test_repeated_failures_slow_down_but_lock_nobody_out(desk_db: dict, desk: Store) -> None:
    now = dt.datetime(2026, 3, 1, 9, 0)
    throttle = Throttle()
    password = desk_db["passwords"]["akimat_abai"]
    assert authenticate(desk, "akimat_abai", password, now=now, throttle=throttle).role == "akimat"
    for name in ("akimat_abai", "no_such_user"):  # a real name and an unknown one answer alike
        for _ in range(FREE_FAILURES_PER_NAME + 1):
            with pytest.raises(AuthError, match="invalid"):
                authenticate(desk, name, "wrong", now=now, throttle=throttle)
        with pytest.raises(AuthError, match="throttled") as info:
            authenticate(desk, name, "wrong", now=now, throttle=throttle)
        assert info.value.until == now + dt.timedelta(seconds=1)
    # Not locked: the owner signs in as soon as the short wait is over, and the wait is capped.
    assert authenticate(desk, "akimat_abai", password, now=now + dt.timedelta(seconds=2), throttle=throttle)
    assert desk.user("akimat_abai")["locked_until"] is None
    desk.set_user("akimat_abai", by=OPERATOR, disabled=True)
    with pytest.raises(AuthError, match="invalid"):
        authenticate(desk, "akimat_abai", password, now=now + dt.timedelta(hours=1), throttle=throttle)
    assert desk.user("ministry1")["password_hash"].startswith("$2")


def test_a_guessing_client_is_slowed_over_any_names(desk: Store) -> None:
    now = dt.datetime(2026, 3, 1, 9, 0)
    throttle = Throttle()
    for i in range(FREE_FAILURES_PER_CLIENT + 1):
        with pytest.raises(AuthError, match="invalid"):
            authenticate(desk, f"guess{i}", "wrong", client="10.9.9.9", now=now, throttle=throttle)
    with pytest.raises(AuthError, match="throttled"):
        authenticate(desk, "guess-new", "wrong", client="10.9.9.9", now=now, throttle=throttle)
    with pytest.raises(AuthError, match="invalid"):  # another client is not slowed
        authenticate(desk, "guess-new", "wrong", client="10.1.1.1", now=now, throttle=throttle)
    waits = []
    for _ in range(30):  # the wait doubles, up to the cap
        when = now + dt.timedelta(hours=len(waits) / 100)
        try:
            authenticate(desk, "guess-x", "wrong", client="10.9.9.9", now=when, throttle=throttle)
        except AuthError as exc:
            if exc.reason == "throttled":
                waits.append((exc.until - when).total_seconds())
                now += dt.timedelta(seconds=waits[-1])
    assert max(waits) <= MAX_DELAY_PER_CLIENT_S


def test_users_command_reads_the_password_from_stdin(desk_db: dict) -> None:
    env = {"QONYS_DB": str(desk_db["path"]), "PATH": "/usr/bin:/bin"}
    run = [sys.executable, "-m", "data.users"]
    added = subprocess.run(
        [*run, "add", "aliya", "--role", "akimat", "--scope", "550000000"],
        input="s3cret-enough\n",
        capture_output=True,
        text=True,
        cwd=ROOT,
        env=env,
    )
    assert added.returncode == 0, added.stderr
    short = subprocess.run(
        [*run, "add", "bolat", "--role", "ministry"], input="short\n", capture_output=True, text=True, cwd=ROOT, env=env
    )
    assert short.returncode == 1
    listed = subprocess.run([*run, "list"], capture_output=True, text=True, cwd=ROOT, env=env)
    assert "aliya" in listed.stdout and "$2" not in listed.stdout
    assert subprocess.run([*run, "disable", "aliya"], capture_output=True, cwd=ROOT, env=env).returncode == 0
    store = Store(desk_db["path"])
    assert store.user("aliya")["disabled"] and store.user("aliya")["scope_kato"] == "550000000"
    store.close()


def test_weight_profile_draft_then_publish(desk: Store) -> None:
    from data.scored import published_profile, validated_profile
    from scoring.profile import DEFAULT_PROFILE

    with pytest.raises(ValidationFailed):  # the page validates before the store sees it
        validated_profile('{"id": "x"}')
    with pytest.raises(AccessDenied):
        desk.save_profile_draft(DEFAULT_PROFILE, user="akimat_abai")
    version = desk.save_profile_draft(DEFAULT_PROFILE, user="ministry1")
    assert published_profile(desk)[1] == "default"
    desk.publish_profile("default", version, user="ministry1")
    again = desk.save_profile_draft(DEFAULT_PROFILE, user="ministry1")
    desk.publish_profile("default", again, user="ministry1")
    profiles = desk.weight_profiles().set_index("version")["status"]
    assert profiles[version] == "retired" and profiles[again] == "published"
    assert published_profile(desk)[0].version == again


def test_quota_and_support_measure_edits_are_audited(desk: Store) -> None:
    desk.set_quota(2027, "100000000", "kandas", 1500, "S12", user="ministry1")
    desk.set_quota(2027, "100000000", "kandas", 1600, "S12", user="ministry1")
    quota = desk.quotas(2027)
    assert list(quota["persons"]) == [1600]
    code = desk.support_measures().iloc[0]["code"]
    desk.set_support_measure(
        code,
        user="ministry1",
        amount_mci=70.0,
        valid_from=dt.date(2026, 1, 1),
        valid_to=dt.date(2026, 12, 31),
        source_id="S14",
    )
    with pytest.raises(AccessDenied):
        desk.set_quota(2027, "100000000", "kandas", 1, "S12", user="akimat_abai")
    actions = list(desk.audit_log()["action"])
    assert actions.count("quota.set") == 2 and "support_measure.set" in actions


ABAI_PEERS = ["101010000", "101800000", "103200000"]  # districts of Abai oblast besides Semey


def every_write(store: Store, user: str) -> dict:
    """One call of every write path of the store, acting as ``user`` (valid input otherwise)."""
    from scoring.profile import DEFAULT_PROFILE

    batch = store.batches().iloc[-1]["batch_id"]  # the oldest: Semey's published 0.8
    pending = int(store.pending_observations().iloc[0]["id"])
    return {
        "save_observations": lambda: store.save_observations(
            [Edit(AKMOLA_DISTRICT, VAC, 0.6, "2026-01-15", "letter")], user=user
        ),
        "rollback_batch": lambda: store.rollback_batch(batch, user=user, reason="typo"),
        "review_observation": lambda: store.review_observation(pending, user=user, approve=True, comment="ok"),
        "add_user": lambda: store.add_user("newbie", "consul", None, "$2b$12$x", by=user),
        "set_user": lambda: store.set_user("akimat_semey", by=user, disabled=True),
        "save_profile_draft": lambda: store.save_profile_draft(DEFAULT_PROFILE, user=user),
        "publish_profile": lambda: store.publish_profile("p", 1, user=user),
        "set_quota": lambda: store.set_quota(2026, None, "kandas", 100, "S14", user=user),
        "set_support_measure": lambda: store.set_support_measure(
            "DIPLOMA_LIFTING_ALLOWANCE", user=user, amount_mci=101.0, valid_from=None, valid_to=None, source_id="S14"
        ),
        "set_indicator_policy": lambda: store.set_indicator_policy(
            VAC, user=user, approval_required=True, akimat_editable=True
        ),
        "save_consultation": lambda: store.save_consultation(
            id="c2", saved_by=user, locale="kk", profile_json="{}", result_json="{}"
        ),
        "delete_consultation": lambda: store.delete_consultation("c1", user=user),
    }


@pytest.fixture
def busy_desk(desk: Store) -> Store:
    """A desk with a batch, a pending value, a draft profile ``p`` and a saved consultation."""
    from scoring.profile import DEFAULT_PROFILE

    desk.save_observations([Edit(SEMEY, VAC, 0.8, "2026-01-15", "letter")], user="ministry1")
    desk.save_observations([Edit(SEMEY, VAC, 3.0, "2026-02-15", "letter", reason="plant")], user="ministry1")
    desk.save_profile_draft(DEFAULT_PROFILE.model_copy(update={"id": "p"}), user="ministry1")
    desk.save_consultation(id="c1", saved_by="ministry1", locale="kk", profile_json="{}", result_json="{}")
    return desk


def full_content(store: Store) -> dict:
    return {**content(store), "consultation": sorted(map(repr, store.query("SELECT * FROM consultation").values))}


@pytest.mark.parametrize("state", ["disabled", "locked"])
def test_a_disabled_or_locked_account_keeps_no_powers(busy_desk: Store, state: str) -> None:
    if state == "disabled":
        busy_desk.set_user("ministry1", by=OPERATOR, disabled=True)
    else:
        with busy_desk.transaction() as cur:
            cur.execute("UPDATE app_user SET locked_until = ? WHERE username = 'ministry1'", [dt.datetime(2999, 1, 1)])
    before = full_content(busy_desk)
    for name, write in every_write(busy_desk, "ministry1").items():
        with pytest.raises(AccessDenied):
            write()
            pytest.fail(f"{name} worked for a {state} account")
    assert full_content(busy_desk) == before


def test_a_disabled_ministry_user_cannot_re_enable_itself_or_add_accounts(desk: Store) -> None:
    desk.set_user("ministry1", by=OPERATOR, disabled=True)
    with pytest.raises(AccessDenied):
        desk.set_user("ministry1", by="ministry1", disabled=False)
    with pytest.raises(AccessDenied):
        desk.add_user("friend", "ministry", None, "$2b$12$x", by="ministry1")
    with pytest.raises(AccessDenied):  # and no other role manages accounts
        desk.add_user("friend", "ministry", None, "$2b$12$x", by="akimat_abai")
    with pytest.raises(ValidationFailed):  # the console's name is reserved
        desk.add_user(OPERATOR, "ministry", None, "$2b$12$x", by=OPERATOR)
    assert desk.user("ministry1")["disabled"] and desk.user("friend") is None


def test_every_write_audits_in_its_own_transaction(busy_desk: Store, monkeypatch: pytest.MonkeyPatch) -> None:
    import data.store.audit
    import data.store.desk

    def broken(cur: object, rows: list) -> None:
        raise RuntimeError("audit failed")

    before = full_content(busy_desk)
    monkeypatch.setattr(data.store.audit, "write_audit", broken)
    monkeypatch.setattr(data.store.desk, "write_audit", broken)
    for name, write in every_write(busy_desk, "ministry1").items():
        with pytest.raises(RuntimeError, match="audit failed"):
            write()
            pytest.fail(f"{name} wrote without its audit row")
        assert full_content(busy_desk) == before, f"{name} kept its change without an audit row"
    monkeypatch.undo()
    for name, write in every_write(busy_desk, "ministry1").items():
        count = len(busy_desk.audit_log())
        write()
        assert len(busy_desk.audit_log()) > count, f"{name} wrote no audit row"


def test_consultations_need_a_consul_or_ministry_account_and_are_audited(desk: Store) -> None:
    save = {"locale": "kk", "profile_json": "{}", "result_json": "{}"}
    with pytest.raises(AccessDenied):
        desk.save_consultation(id="a1", saved_by="akimat_abai", **save)
    with pytest.raises(AccessDenied):
        desk.save_consultation(id="a1", saved_by="nobody", **save)
    desk.save_consultation(id="c1", saved_by="consul1", **save)
    desk.add_user("consul2", "consul", None, "$2b$12$x", by=OPERATOR)
    with pytest.raises(AccessDenied):  # another officer's consultation
        desk.delete_consultation("c1", user="consul2")
    with pytest.raises(AccessDenied):
        desk.delete_consultation("c1", user="akimat_abai")
    assert desk.delete_consultation("c1", user="consul1")
    actions = list(desk.audit_log(username="consul1")["action"])
    assert actions[:2] == ["consultation.delete", "consultation.save"]


def test_an_absurd_first_value_waits_and_its_correction_is_not_a_jump(desk: Store) -> None:
    for kato, value in zip(ABAI_PEERS, (0.5, 0.7, 0.9), strict=True):
        desk.save_observations([Edit(kato, VAC, value, "2026-01-15", "letter")], user="akimat_abai")
    # Semey's first value is far outside its peers: it needs a reason and waits for review.
    with pytest.raises(ValidationFailed) as info:
        desk.save_observations([Edit(SEMEY, VAC, 45, "2026-01-15", "letter", base_id=None)], user="akimat_abai")
    assert info.value.problems[0].column == "reason"
    result = desk.save_observations(
        [Edit(SEMEY, VAC, 45, "2026-01-15", "letter", reason="as reported", base_id=None)], user="akimat_abai"
    )
    assert result["pending"] == 1
    public = desk.observations("district", katos=[SEMEY])
    assert 45 not in set(public.loc[public["indicator"] == VAC, "value"])
    pending = desk.pending_observations()
    assert "outside" in pending.iloc[0]["note"]
    # The correction is compared with the last published value (none), not the pending 45.
    fixed = desk.save_observations(
        [Edit(SEMEY, VAC, 0.8, "2026-01-15", "letter", base_id=int(pending.iloc[0]["id"]))], user="akimat_abai"
    )
    assert fixed["published"] == 1 and fixed["flagged"] == 0
    assert desk.pending_observations().empty


def test_an_absurd_first_value_without_peers_waits_on_the_registry_range(desk: Store) -> None:
    # No district has a value yet: no previous value and no peers, only the registry's plausible range.
    assert desk.query("SELECT count(*) AS n FROM observation WHERE indicator = ?", [VAC])["n"].iloc[0] == 0
    with pytest.raises(ValidationFailed) as info:
        desk.save_observations([Edit(SEMEY, VAC, 45, "2026-01-15", "letter", base_id=None)], user="akimat_abai")
    problem = info.value.problems[0]
    assert problem.column == "reason" and "plausible range 0 – 5" in problem.describe()
    result = desk.save_observations(
        [Edit(SEMEY, VAC, 45, "2026-01-15", "letter", reason="as reported", base_id=None)], user="akimat_abai"
    )
    assert result["pending"] == 1 and result["published"] == 0
    pending = desk.pending_observations()
    assert "plausible range 0 – 5" in pending.iloc[0]["note"]
    fixed = desk.save_observations(
        [Edit(SEMEY, VAC, 0.8, "2026-01-15", "letter", base_id=int(pending.iloc[0]["id"]))], user="akimat_abai"
    )
    assert fixed["published"] == 1 and fixed["flagged"] == 0
    inside = desk.save_observations([Edit("101010000", VAC, 1.2, "2026-01-15", "letter")], user="akimat_abai")
    assert inside["published"] == 1 and inside["flagged"] == 0


def test_a_database_without_plausible_columns_still_reviews() -> None:
    import pandas as pd

    from data.store.plausibility import plausible_range

    assert plausible_range(pd.Series({"level": "district"})) is None
    assert plausible_range(pd.Series({"plausible_min": float("nan"), "plausible_max": 5.0})) == (float("-inf"), 5.0)
