-- The audit records a configuration apply writes (PUT /api/v1/config) carry the apply's id, so that one
-- apply's records can be found together. The apply sets fulcrum.apply for its transaction only
-- (set_config(..., true), Revisions.tagApply); every audit insert of that transaction takes it as its
-- default, so no commit statement names the column. Elsewhere the setting is unset or empty: null.
ALTER TABLE audit ADD COLUMN apply text DEFAULT nullif(current_setting('fulcrum.apply', true), '');
CREATE INDEX audit_apply ON audit (apply, revision) WHERE apply IS NOT NULL;
