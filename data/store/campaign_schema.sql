-- The data campaign (Admin page): the ministry's data requests — indicators × a quarter × a deadline ×
-- oblasts — that akimat officers see as their to-do list. Idempotent; changes are audited. The two
-- lists are JSON arrays of text (indicator codes, oblast KATOs): a request is read whole, never joined on.
CREATE TABLE IF NOT EXISTS data_request (
    id BIGINT PRIMARY KEY,  -- max + 1, given by the store: a rebuild carries the rows, not a sequence
    title TEXT NOT NULL,
    year INTEGER NOT NULL,
    quarter INTEGER NOT NULL CHECK (quarter BETWEEN 1 AND 4),
    deadline DATE NOT NULL,
    indicators TEXT NOT NULL,
    oblasts TEXT NOT NULL,
    issued_by TEXT NOT NULL,
    issued_at TIMESTAMP NOT NULL,
    withdrawn_at TIMESTAMP
);
