-- monitoring: the monitoring dates of the batch hot-spot tests (int_batch_exposure,
-- int_batch_mix_tests, mart_batch_hotspots; docs/statistics.md "Monitoring dates").
--
-- The dates are a FIXED grid, every `step` days from Monday 2000-01-03 (weekly by default), plus
-- data_end, the last receipt date: a grid date D counts only complaints received by D, so it keeps
-- its rows when later complaints arrive, and the newest complaints are tested the same night at
-- data_end. (Before issue 14 the dates ran back from data_end, so every new day moved them all.)
--
-- monitor_grid_from(d, step): the first grid date on or after d.
create or replace macro monitor_grid_from(d, step) as
    date '2000-01-03' + cast(step * ceil((d - date '2000-01-03') / cast(step as double)) as integer);

-- monitor_date(d, data_end, step): the first monitoring date on or after d (d ≤ data_end): the
-- date from which a complaint received on d is counted.
create or replace macro monitor_date(d, data_end, step) as
    least(data_end, monitor_grid_from(d, step));
