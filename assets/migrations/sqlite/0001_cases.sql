-- 1: the cases table.
CREATE TABLE cases (
        id TEXT PRIMARY KEY,
        day TEXT NOT NULL,
        seq INTEGER NOT NULL,
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL,
        vendor TEXT NOT NULL,
        issue TEXT NOT NULL,
        verdict TEXT NOT NULL,
        claim_date TEXT NOT NULL,
        reference TEXT NOT NULL DEFAULT '',
        agent TEXT NOT NULL DEFAULT '',
        note TEXT NOT NULL DEFAULT '',
        claim_json TEXT NOT NULL,
        outcome_json TEXT NOT NULL,
        policy_fingerprint TEXT NOT NULL,
        UNIQUE (day, seq)
    );
