-- Registers kept from the UI (Admin and Data pages): adaptation and temporary-stay centres, business
-- programmes, priority sectors, where-and-how-to-apply contacts. Append-only versions of each row (the
-- highest version is current; a deletion is a version with deleted = TRUE), so nothing is overwritten
-- and the optimistic version check can name what changed. Fields are a JSON object checked by the store.
CREATE TABLE IF NOT EXISTS register_row (
    register TEXT NOT NULL, row_id TEXT NOT NULL, version INTEGER NOT NULL,
    oblast_kato TEXT, fields TEXT NOT NULL, source TEXT NOT NULL, deleted BOOLEAN NOT NULL DEFAULT FALSE,
    changed_by TEXT NOT NULL, changed_at TIMESTAMP NOT NULL,
    PRIMARY KEY (register, row_id, version)
);
-- An oblast's register confirmed complete by the ministry (what lets a partial indicator be scored:
-- scoring.profile.WeightProfile.complete_registers). The newest row of (register, oblast_kato) counts.
CREATE TABLE IF NOT EXISTS register_completeness (
    register TEXT NOT NULL, oblast_kato TEXT NOT NULL, complete BOOLEAN NOT NULL, source TEXT NOT NULL,
    changed_by TEXT NOT NULL, changed_at TIMESTAMP NOT NULL
);
