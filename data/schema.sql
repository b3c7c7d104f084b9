-- Qonys database schema (DuckDB). Built by `python -m data.build`; see ../shared/DESIGN.md "Data model".
-- Every value carries its provenance; observation and audit rows are only ever appended.

CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);

CREATE TABLE source (
    id TEXT PRIMARY KEY,          -- S01 … (stats), P01 … (policy), BNS2023/WOF/GN500/GEOKZ (geo), D:<code> (derived)
    title TEXT NOT NULL,
    publisher TEXT,
    url TEXT,
    date TEXT,
    licence TEXT,
    registry TEXT NOT NULL        -- which SOURCES file (or the build) defines it
);

CREATE TABLE unit (
    kato TEXT PRIMARY KEY,        -- KATO code; settlements: 'wof:<id>' or 'bns:<row>' (no KATO in the sources)
    level TEXT NOT NULL CHECK (level IN ('oblast', 'district', 'settlement')),
    parent_kato TEXT,
    unit_type TEXT,
    iso_code TEXT,                -- ISO 3166-2 of an oblast (KZ-PAV …)
    name_kk TEXT, name_ru TEXT, name_en TEXT,
    centre_kk TEXT,
    lat DOUBLE, lon DOUBLE,
    centre_basis TEXT,            -- how lat/lon was obtained
    population BIGINT,
    pop_urban BIGINT, pop_rural BIGINT,
    pop_date DATE,
    pop_source TEXT,
    area_km2 DOUBLE,              -- geodesic area of the 2024 polygon (derived)
    has_geometry BOOLEAN NOT NULL DEFAULT FALSE,
    note TEXT
);

CREATE TABLE settlement_detail (
    kato TEXT PRIMARY KEY,
    kind TEXT,
    official BOOLEAN NOT NULL,    -- listed by the BNS 2023 bulletin (carries an official population)
    population_other BIGINT,      -- undated GeoNames figure, never mixed with the official one
    population_other_source TEXT,
    coord_source TEXT,
    bns_district_kato TEXT,
    district_match TEXT,
    source_ref TEXT
);

CREATE TABLE geometry (
    kato TEXT NOT NULL,
    level TEXT NOT NULL,
    wkb_full BLOB NOT NULL,
    wkb_simplified BLOB NOT NULL,
    PRIMARY KEY (kato, level)
);

-- Ready-to-send GeoJSON text per level and variant, so pages never re-serialise geometry.
CREATE TABLE geojson_cache (level TEXT, variant TEXT, text TEXT NOT NULL, PRIMARY KEY (level, variant));

CREATE TABLE indicator (
    code TEXT PRIMARY KEY, pillar TEXT NOT NULL, unit TEXT NOT NULL,
    direction TEXT NOT NULL CHECK (direction IN ('higher_better', 'lower_better')),
    level TEXT NOT NULL, supplier TEXT NOT NULL,
    label_kk TEXT, label_ru TEXT, label_en TEXT,
    description_kk TEXT, description_ru TEXT, description_en TEXT,
    min_value DOUBLE, max_value DOUBLE, formula TEXT,
    plausible_min DOUBLE, plausible_max DOUBLE,  -- review thresholds (scoring/registry.py Indicator.plausible)
    approval_required BOOLEAN NOT NULL DEFAULT FALSE
);

CREATE SEQUENCE observation_id;
CREATE TABLE observation (
    id BIGINT PRIMARY KEY DEFAULT nextval('observation_id'),
    kato TEXT NOT NULL,
    indicator TEXT NOT NULL,
    value DOUBLE,                 -- NULL: a known gap (the note says why), so nothing is inherited in its place
    period TEXT NOT NULL,         -- label as published: '2022', '2023-Q4', '2023-12', '2022/23', '2023-01-01'
    period_end DATE NOT NULL,     -- for ordering periods
    source_id TEXT NOT NULL,      -- one id or several joined by ';'
    origin TEXT NOT NULL CHECK (origin IN ('official', 'akimat', 'derived', 'policy', 'reported')),
    status TEXT NOT NULL DEFAULT 'published' CHECK (status IN ('published', 'pending', 'rejected')),
    entered_by TEXT NOT NULL,
    entered_at TIMESTAMP NOT NULL,
    version INTEGER NOT NULL,     -- 1, 2, … per (kato, indicator, period); the highest published one is current
    note TEXT,
    batch_id TEXT
);

CREATE TABLE support_measure (
    code TEXT PRIMARY KEY,
    label_kk TEXT, label_ru TEXT, label_en TEXT,
    amount_mci DOUBLE, amount_mci_max DOUBLE,
    amount_text TEXT,             -- the amount as the source words it, when it is not a plain MCI figure
    basis TEXT NOT NULL CHECK (basis IN ('per_member', 'per_family', 'per_family_month', 'per_specialist', 'loan_cap', 'share')),
    months INTEGER,
    eligibility TEXT NOT NULL,
    valid_from DATE, valid_to DATE,
    legal_basis TEXT,
    legal_basis_kk TEXT, legal_basis_ru TEXT, legal_basis_en TEXT,  -- the basis in kk/ru/en, wording added in Qonys
    source_id TEXT NOT NULL,
    note TEXT
);

CREATE TABLE mci (year INTEGER PRIMARY KEY, kzt INTEGER, source_id TEXT, note TEXT);

CREATE TABLE quota (
    year INTEGER NOT NULL,
    oblast_kato TEXT,             -- NULL = national total
    category TEXT NOT NULL,       -- kandas | settlers
    persons INTEGER NOT NULL,
    act TEXT, effective_from TEXT,
    act_kk TEXT, act_ru TEXT, act_en TEXT,  -- the act in kk/ru/en, wording added in Qonys
    source_id TEXT NOT NULL,
    preferred BOOLEAN NOT NULL,   -- the figure of the national order; disagreeing reports kept beside it
    note TEXT
);

CREATE TABLE designated_region (
    year INTEGER NOT NULL, oblast_kato TEXT NOT NULL, category TEXT NOT NULL,
    legal_act TEXT, source_id TEXT NOT NULL, note TEXT,
    legal_act_kk TEXT, legal_act_ru TEXT, legal_act_en TEXT,  -- wording added in Qonys
    PRIMARY KEY (year, oblast_kato, category)
);

CREATE TABLE adaptation_centre (
    id TEXT PRIMARY KEY, name TEXT NOT NULL, oblast_kato TEXT NOT NULL, city TEXT,
    lat DOUBLE, lon DOUBLE, coord_basis TEXT, capacity INTEGER, status TEXT, contacts TEXT,
    reported TEXT,                -- date of the newest dated report on the centre; NULL: the report is undated
    source_id TEXT NOT NULL, note TEXT,
    -- kk/ru/en wording added in Qonys (not from a source); name/status stay as the source wrote them
    name_kk TEXT, name_ru TEXT, name_en TEXT, status_kk TEXT, status_ru TEXT, status_en TEXT
);

CREATE TABLE business_programme (
    code TEXT PRIMARY KEY, name_ru TEXT, name_kk TEXT, operator TEXT, instrument TEXT,
    max_amount TEXT, amount_unit TEXT, rate_pct TEXT, term_months TEXT, eligibility TEXT,
    kandas_eligible TEXT, regions TEXT, valid_period TEXT, source_id TEXT NOT NULL, note TEXT,
    name_en TEXT, valid_period_kk TEXT, valid_period_ru TEXT, valid_period_en TEXT  -- added in Qonys
);

CREATE TABLE priority_sector (
    oblast_kato TEXT, sector_or_profession TEXT NOT NULL, kind TEXT NOT NULL, value TEXT,
    period TEXT, source_id TEXT NOT NULL, note TEXT,
    sector_kk TEXT, sector_ru TEXT, sector_en TEXT,  -- kk/ru/en wording added in Qonys (not from a source)
    period_kk TEXT, period_ru TEXT, period_en TEXT
);

CREATE TABLE kandas_stat (
    scope TEXT, period_or_date TEXT, oblast_kato TEXT, indicator TEXT, value TEXT, value_num DOUBLE, unit TEXT,
    source_id TEXT NOT NULL, note TEXT
);

CREATE TABLE housing_price_point (
    city TEXT, oblast_kato TEXT, month TEXT, market TEXT, price_kzt_per_m2 DOUBLE, publisher_note TEXT,
    source_id TEXT NOT NULL
);

-- Reported outcomes (data/raw/outcomes): values exactly as the news reports give them, with the report cited.
CREATE TABLE kandas_settlement (
    place TEXT NOT NULL,          -- district, city or region as the report names it
    oblast TEXT, indicator TEXT NOT NULL, period TEXT, value TEXT,
    value_num DOUBLE,             -- the value when it is a plain number
    unit TEXT, source_ref TEXT,   -- the report: URL and page date as given
    source_id TEXT NOT NULL
);

CREATE TABLE adaptation_centre_reported (
    place TEXT NOT NULL, oblast TEXT, indicator TEXT NOT NULL, period TEXT, value TEXT, value_num DOUBLE,
    unit TEXT, source_ref TEXT, source_id TEXT NOT NULL,
    place_kk TEXT, place_ru TEXT, place_en TEXT,     -- kk/ru/en wording added in Qonys (not from a source)
    period_kk TEXT, period_ru TEXT, period_en TEXT
);

-- How to apply for kandas status: our own summaries of the cited rules and reports (policy/SOURCES_apply.md).
CREATE TABLE how_to_apply (
    step INTEGER PRIMARY KEY, topic TEXT NOT NULL, text_en TEXT, text_ru TEXT, source_id TEXT NOT NULL
);

CREATE TABLE weight_profile (
    id TEXT NOT NULL, version INTEGER NOT NULL, name TEXT NOT NULL, profile_json TEXT NOT NULL,
    status TEXT NOT NULL CHECK (status IN ('draft', 'published', 'retired')),
    created_by TEXT NOT NULL, created_at TIMESTAMP NOT NULL, published_at TIMESTAMP,
    PRIMARY KEY (id, version)
);

CREATE SEQUENCE audit_id;
CREATE TABLE audit (
    id BIGINT PRIMARY KEY DEFAULT nextval('audit_id'),
    "at" TIMESTAMP NOT NULL, username TEXT NOT NULL, action TEXT NOT NULL,
    kato TEXT, indicator TEXT, period TEXT, old_value TEXT, new_value TEXT,
    source_id TEXT, reason TEXT, batch_id TEXT
);

CREATE TABLE app_user (
    username TEXT PRIMARY KEY, role TEXT NOT NULL CHECK (role IN ('consul', 'akimat', 'ministry')),
    scope_kato TEXT, password_hash TEXT NOT NULL, failed_logins INTEGER NOT NULL DEFAULT 0,
    locked_until TIMESTAMP, disabled BOOLEAN NOT NULL DEFAULT FALSE, created_at TIMESTAMP NOT NULL
);

CREATE TABLE consultation (
    id TEXT PRIMARY KEY, saved_by TEXT NOT NULL, saved_at TIMESTAMP NOT NULL, locale TEXT,
    profile_json TEXT NOT NULL, result_json TEXT NOT NULL, note TEXT
);

-- The desk's own table (indicator_access) is in data/store/desk_schema.sql: the store creates it on the
-- first settings write, so databases built before it existed get it too.

