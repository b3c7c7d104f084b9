-- Ministry settings of the data desk (Admin page): indicators akimat officers may edit beyond those
-- they supply (registry supplier 'akimat'), and the share of change since the last value above
-- which a value needs a written reason and waits for review. Changes are audited.
CREATE TABLE IF NOT EXISTS indicator_access (
    code TEXT PRIMARY KEY, akimat_editable BOOLEAN NOT NULL DEFAULT FALSE, max_jump_share DOUBLE,
    changed_by TEXT NOT NULL, changed_at TIMESTAMP NOT NULL
);
