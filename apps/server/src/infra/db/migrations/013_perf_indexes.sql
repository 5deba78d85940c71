-- Indexes found by the deadline-load bench (bench/deadline-load.bench.ts).
-- The case lists and dashboards summarise each case's checks from the results that need attention (fail, error,
-- warn, manual). About a dozen results per file pass; without this index the summary of one province's list read
-- every result of every file of the province (72–97 ms at 5,000 cases under load, 2.7 ms with it, index-only).
create index check_results_attention on check_results(file_id, rule, status) where status in ('fail', 'error', 'warn', 'manual');
