-- Failed logins are counted in gov_login_counters since 0305; nothing reads or writes
-- gov_login_failures any more.
DROP TABLE gov_login_failures;
