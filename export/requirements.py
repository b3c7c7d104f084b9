"""Requirement → tests: what Initiative 16 / action-plan item 28 and ../shared/DESIGN.md ask, and which tests prove it.

The one place this mapping lives. A test reference is ``path/to/test_file.py::test_name`` (a prefix: it also
matches the parametrised cases ``test_name[...]``) or a whole file ``path/to/test_file.py``.
``export.acceptance`` turns a test run into docs/ACCEPTANCE.md from it; tests/export/test_acceptance.py
fails when a reference names a test that does not exist.
"""

from __future__ import annotations

from typing import NamedTuple


class Requirement(NamedTuple):
    id: str
    source: str
    text: str
    tests: tuple[str, ...]


I16 = "Decree 961, Initiative 16 / item 28"
DESIGN = "DESIGN.md"

REQUIREMENTS: tuple[Requirement, ...] = (
    # ---------------------------------------------------------------- the decree
    Requirement(
        "I28-1",
        I16,
        "Interactive map of kandas resettlement by region, by district and settlement",
        (
            "tests/e2e/test_map_browser.py::test_map_draws_districts_without_leaving_the_host",
            "tests/e2e/test_map_journeys.py::test_click_a_district_shows_its_card_with_zone_and_sources",
            "tests/layers/test_layer_points.py::test_settlements_one_canvas_array",
            "tests/data/test_build.py::test_unit_counts",
        ),
    ),
    Requirement(
        "I28-2",
        I16,
        "Ranking of districts by zones",
        (
            "tests/scoring/test_pipeline.py::test_zone_order_follows_score_order",
            "tests/scoring/test_pipeline.py::test_ties_share_min_rank",
            "tests/scoring/test_real_data.py::test_default_profile_on_all_districts",
            "tests/e2e/test_journeys.py::test_applicant_browses_on_a_phone_in_kk_latn",
        ),
    ),
    Requirement(
        "I28-3",
        I16,
        "Regulates resettlement: quotas and designated regions count, per oblast and year",
        (
            "tests/scoring/test_support.py::test_region_not_designated_or_family_outside_quota",
            "tests/data/test_commands.py::test_support_non_designated_region_gets_no_kandas_measures",
        ),
    ),
    Requirement(
        "I28-4",
        I16,
        "Responsible bodies: MTSZN publishes the method, akimats keep their own data",
        (
            "tests/data/test_desk.py::test_akimat_cannot_change_another_oblast_through_the_store",
            "tests/app/test_desk_pages.py::test_admin_publishes_zoning_draft",
            "tests/e2e/test_journeys.py::test_ministry_publishes_a_weight_profile_and_the_public_map_changes",
        ),
    ),
    Requirement(
        "I16-1",
        I16,
        "One window: a settlement territory and the state support at that place, in tenge",
        (
            "tests/scoring/test_support.py::test_family_of_five_in_a_designated_region_2026",
            "tests/advisor/test_advice_sheet.py::test_support_total_is_the_sum_of_eligible_grants",
            "tests/app/test_advisor_page.py::test_consultation_end_to_end",
            "tests/e2e/test_journeys.py::test_officer_runs_a_consultation",
        ),
    ),
    Requirement(
        "I16-2",
        I16,
        "Priority sectors and business-support programmes; 'no sourced information' said as such",
        (
            "tests/scoring/test_advice.py::test_matched_sectors_use_the_oblast_rows_only",
            "tests/advisor/test_advice_sheet.py::test_no_sourced_information_is_said",
        ),
    ),
    Requirement(
        "I16-3",
        I16,
        "Embassies: advice in the applicant's language and script (incl. Arabic script, RTL)",
        (
            "tests/advisor/test_advice_sheet.py::test_pdf_fits_three_pages_with_up_to_and_guaranteed",
            "tests/advisor/test_advice_sheet.py::test_html_is_escaped_and_right_to_left_for_kk_arab",
            "tests/e2e/test_advisor_browser.py::test_officer_advises_saves_reloads_reopens_deletes",
        ),
    ),
    # ---------------------------------------------------------------- users (DESIGN.md)
    Requirement(
        "D-U1",
        DESIGN,
        "Public: zone map, district cards, methodology, what-if weights, open data downloads",
        (
            "tests/app/test_map_pages.py",
            "tests/e2e/test_map_journeys.py::test_phone_viewport_is_usable",
            "tests/e2e/test_journeys.py::test_applicant_browses_on_a_phone_in_kk_latn",
        ),
    ),
    Requirement(
        "D-U2",
        DESIGN,
        "Consul: family profile → ranked districts with reasons, support, advice sheet",
        (
            "tests/scoring/test_reasons.py",
            "tests/advisor/test_advice_sheet.py::test_three_districts_with_reasons_and_sourced_facts",
            "tests/e2e/test_journeys.py::test_officer_runs_a_consultation",
        ),
    ),
    Requirement(
        "D-U3",
        DESIGN,
        "Akimat: edit and import in scope, validation report, history, rollback",
        (
            "tests/data/test_desk.py::test_rollback_restores_the_previous_value_and_is_audited",
            "tests/data/test_desk.py::test_an_absurd_first_value_without_peers_waits_on_the_registry_range",
            "tests/app/test_desk_pages.py::test_quick_form_out_of_range_shows_report_not_traceback",
            "tests/e2e/test_journeys.py::test_akimat_imports_with_errors_fixes_imports_and_rolls_back",
        ),
    ),
    Requirement(
        "D-U4",
        DESIGN,
        "Ministry: versioned weight profiles (draft → published) that change the public map",
        (
            "tests/app/test_desk_pages.py::test_admin_publishes_zoning_draft",
            "tests/e2e/test_journeys.py::test_ministry_publishes_a_weight_profile_and_the_public_map_changes",
        ),
    ),
    Requirement(
        "D-U5",
        DESIGN,
        "No applicant personal data stored unless the officer saves it",
        ("tests/advisor/test_advice_sheet.py::test_consultation_is_saved_only_on_request_and_can_be_deleted",),
    ),
    # ---------------------------------------------------------------- map and card
    Requirement(
        "D-M1",
        DESIGN,
        "Card: zone, rank with band, score, pillar contributions, every indicator with value, "
        "unit, date, source and origin (district or inherited)",
        (
            "tests/ui/test_selection.py::test_indicator_rows_cover_every_indicator_with_provenance",
            "tests/export/test_export.py::test_card_shows_zone_rank_band_pillars_and_every_indicator_with_provenance",
            "tests/data/test_store.py::test_inherited_values_are_marked",
        ),
    ),
    Requirement(
        "D-M2",
        DESIGN,
        "Offline: no CDN, no request to another host",
        (
            "tests/layers/test_layer_basemap.py::test_full_map_has_no_external_url",
            "tests/e2e/test_map_journeys.py::test_all_layers_stay_on_the_host",
            "tests/e2e/test_export_browser.py::test_export_opens_from_disk_without_network",
        ),
    ),
    Requirement(
        "D-M3",
        DESIGN,
        "Five locales (kk, kk_Latn, kk_Arab right-to-left, ru, en)",
        (
            "tests/app/test_pages.py::test_map_page_in_every_locale",
            "tests/e2e/test_map_journeys.py::test_kk_arab_is_right_to_left",
            "tests/i18n/test_catalogs.py::test_every_message_is_translated",
            "tests/export/test_export.py::test_rtl_and_languages",
        ),
    ),
    Requirement(
        "D-M4",
        DESIGN,
        "Zone colours distinguishable under colour blindness",
        ("tests/layers/test_layer_zones.py::test_palette_distinguishable_with_colour_blindness",),
    ),
    # ---------------------------------------------------------------- data
    Requirement(
        "D-D1",
        DESIGN,
        "Provenance on every value; a known source behind each",
        (
            "tests/data/test_build.py::test_every_observation_has_a_known_source",
            "tests/data/test_store.py::test_every_observation_has_provenance",
        ),
    ),
    Requirement(
        "D-D2",
        DESIGN,
        "Build reproducible, validated, atomic (bad input or failure keeps the old database)",
        (
            "tests/data/test_build.py::test_build_is_idempotent",
            "tests/data/test_build.py::test_bad_input_leaves_old_database_untouched",
            "tests/faults/test_store_faults.py::test_failure_in_the_middle_of_a_build_keeps_the_old_database",
        ),
    ),
    Requirement(
        "D-D3",
        DESIGN,
        "Append-only history and audit; conflicts are not silent overwrites",
        (
            "tests/data/test_desk.py::test_no_update_or_delete_of_audit_or_observation_rows_in_the_code",
            "tests/data/test_desk.py::test_save_appends_version_and_audit_and_changes_data_version",
            "tests/data/test_desk.py::test_second_saver_gets_a_conflict_not_a_silent_overwrite",
        ),
    ),
    Requirement(
        "D-D4",
        DESIGN,
        "Settlements: official points with population, villages with their source caveat",
        (
            "tests/layers/test_layer_points.py::test_eleven_thousand_villages_stay_compact",
            "tests/data/test_build.py::test_sauran_listed_without_polygon",
        ),
    ),
    # ---------------------------------------------------------------- scoring
    Requirement(
        "D-S1",
        DESIGN,
        "Composite indicator (OECD/JRC): normalisation, direction, aggregation, decomposition",
        (
            "tests/scoring/test_normalise.py",
            "tests/scoring/test_pipeline.py::test_contributions_sum_to_score",
            "tests/scoring/test_pipeline.py::test_improving_an_indicator_never_lowers_the_score",
        ),
    ),
    Requirement(
        "D-S2",
        DESIGN,
        "Missing data: inherited, re-weighted, 'insufficient data' below the coverage minimum",
        (
            "tests/scoring/test_pipeline.py::test_nan_value_is_dropped_and_reweighted",
            "tests/scoring/test_pipeline.py::test_coverage_below_minimum_is_insufficient",
        ),
    ),
    Requirement(
        "D-S3",
        DESIGN,
        "Monte-Carlo sensitivity: rank 5–95 % bands, share of runs in the same zone",
        ("tests/scoring/test_sensitivity.py",),
    ),
    Requirement(
        "D-S4",
        DESIGN,
        "Named policy overrides citing their source (republican cities never zone I)",
        (
            "tests/scoring/test_pipeline.py::test_default_profile_override_keeps_capital_districts_out_of_zone_one",
            "tests/scoring/test_profile.py::test_default_override_names_the_three_cities_and_cites_the_concept",
        ),
    ),
    # ---------------------------------------------------------------- security
    Requirement(
        "D-X1",
        DESIGN,
        "Every data string reaching HTML is escaped; spreadsheet formulas refused",
        (
            "tests/layers/test_layer_zones.py::test_tooltips_escaped_and_unicode_kept",
            "tests/layers/test_layer_zones.py::test_script_breakout_in_geojson_text_is_inert",
            "tests/export/test_export.py::test_data_strings_are_escaped",
            "tests/data/test_desk.py::test_hostile_strings_round_trip_as_text",
            "tests/data/test_desk.py::test_formula_cells_are_refused",
        ),
    ),
    Requirement(
        "D-X2",
        DESIGN,
        "Staff sign-in with roles and scopes; repeated failures slowed down (no lockout anyone could trigger)",
        (
            "tests/data/test_desk.py::test_repeated_failures_slow_down_but_lock_nobody_out",
            "tests/data/test_desk.py::test_a_guessing_client_is_slowed_over_any_names",
            "tests/data/test_desk.py::test_a_disabled_or_locked_account_keeps_no_powers",
            "tests/app/test_desk_pages.py::test_akimat_cannot_open_admin",
            "tests/app/test_advisor_page.py::test_signed_out_and_wrong_role_are_stopped",
        ),
    ),
    # ---------------------------------------------------------------- running at scale, faults (issue 8)
    Requirement(
        "D-R1",
        DESIGN,
        "Static export of the public map: self-contained, five locales, no server, no network",
        (
            "tests/export/test_export.py",
            "tests/e2e/test_export_browser.py",
        ),
    ),
    Requirement(
        "D-R2",
        DESIGN,
        "Tens of concurrent sessions on one process (figures: bench/RESULTS.md, `make load`)",
        ("tests/export/test_load_smoke.py",),
    ),
    Requirement(
        "D-R3",
        DESIGN,
        "Database missing or corrupt at start → a clear message and how to rebuild",
        (
            "tests/data/test_store.py::test_missing_database_says_how_to_rebuild",
            "tests/data/test_store.py::test_corrupt_database_says_how_to_rebuild",
            "tests/faults/test_startup_faults.py::test_a_damaged_database_gives_a_clear_message",
            "tests/app/test_pages.py::test_missing_database_shows_how_to_rebuild",
            "tests/e2e/test_faults_browser.py::test_broken_database_shows_how_to_rebuild",
        ),
    ),
    Requirement(
        "D-R4",
        DESIGN,
        "Disk full or read-only during a save → error, nothing half-written",
        (
            "tests/faults/test_store_faults.py::test_save_on_a_read_only_store_fails_and_writes_nothing",
            "tests/faults/test_store_faults.py::test_disk_full_during_a_save_rolls_back",
            "tests/export/test_export.py::test_failed_export_leaves_the_old_site",
        ),
    ),
    Requirement(
        "D-R5",
        DESIGN,
        "Server restart mid-session → the page reconnects and draws again",
        ("tests/e2e/test_faults_browser.py::test_page_recovers_after_a_server_restart",),
    ),
)
