-- 3: the reference as compared (see `reference_key`), so "112-123 45"
-- typed today finds the case saved as "11212345" yesterday.
-- Step (Rust, after the SQL): each saved reference's key.
ALTER TABLE cases ADD COLUMN reference_key TEXT NOT NULL DEFAULT '';
CREATE INDEX cases_reference_key ON cases (reference_key);
