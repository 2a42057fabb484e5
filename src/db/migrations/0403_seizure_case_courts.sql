-- The court a case is before, as an organisation of kind `court`, so that the court's registrars see
-- the lots they must decide. Null for cases opened before courts were named this way: those stay
-- visible to their intake organisation and custodian only, as before.
ALTER TABLE seizure_cases ADD COLUMN court_organisation_id uuid;
CREATE INDEX seizure_cases_court ON seizure_cases (court_organisation_id);
