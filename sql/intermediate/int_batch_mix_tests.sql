-- materialized: incremental
-- partition_by: eval_date
-- partition_source: int_batch_complaints
-- partition_source_date: received_date
-- partition_open_from: select data_end from int_batch_hotspot_settings
-- signature_query: select c.batch_id, c.product_id, c.product, c.batch, c.product_category, c.production_date, c.exposure_basis, c.exposure_units, s.data_start from int_batch_catalogue as c cross join int_batch_hotspot_settings as s
-- int_batch_mix_tests: per batch, cause and monitoring date, two tests of "this cause is unusually
-- frequent in this batch" (cause = root-cause cluster, else complaint category), each comparing
-- like with like: the batch's complaints against comparator batches' complaints AT THE SAME AGE
-- since production, from batches that already had the cause (made on or after its launch):
--  * cause mix (disproportionality): is the cause over-represented among the batch's complaints?
--    Needs no exposure, so it sees a batch whose complaints are unusually about one cause even
--    when its volume of complaints looks normal;
--  * cause rate (clusters only): the batch's complaints of the cause against its same-age
--    expected count (int_batch_rate_tests) × the cause's same-age share among the comparators.
-- inputs: int_batch_complaints, int_batch_catalogue, int_batch_rate_tests, int_batch_hotspot_settings
-- grain: one row per (batch, cause_key, eval_date) with at least hotspots_mix_min_complaints
--        complaints of that cause; key: (batch_id, cause_key, eval_date) (also product, batch)
-- Age standardisation (indirect, as in the rate test): with n_b(m) the batch's complaints (any
-- cause) at age bucket m, its expected complaints of cause k are E = Σ_m n_b(m) · s(k | m), where
-- s(k | m) is the share of k among the comparators' complaints at age m (leave-one-out: the
-- batch's own complaints are taken out). A batch of a different age therefore never looks
-- unusual just because complaints change with age (wear-out causes in old model years).
-- Comparators, like with like (docs/statistics.md): the batches of the same product made on or
-- after the first batch that had the cause (its launch: equipment older batches lack cannot be
-- compared with them); with fewer than hotspots_min_comparator_batches such batches with
-- complaints at the batch's ages (at the best-covered age bucket), the batches of the products
-- of its product line (product_category) that have had the cause, each since its own launch,
-- then those of all products;
-- comparison_level says which baseline was used ('product', 'product_line', 'all_products').
-- New cause: a cause no earlier batch of the product had (new equipment, a new feature) has no
-- like-for-like baseline: reported with is_new_cause, never tested here (untested_because
-- 'new_cause'); it can still make the batch a hot spot through the batch's own complaint rate.
-- Statistics per row: a = the batch's complaints with the cause, n = a + b all its complaints
-- with a cause, E as above; PRR = a / E (the age-standardised proportional reporting ratio), ROR
-- and Yates χ² on the equivalent 2×2 table (c = the comparators' complaints at the batch's ages ×
-- E/n, d = the rest), p_value the exact one-sided binomial mid-p of a out of n at E/n (with the
-- Haldane–Anscombe half in each share so that a cause the comparators never had is not a
-- certainty). One-sided: only an excess is a signal. The mart applies Evans et al. (2001):
-- n ≥ 3, PRR ≥ 2, χ² ≥ 4, and one Benjamini–Hochberg family with every other test.
-- Causes: with root-cause clusters, the batch's in-scope (quality-related) complaints by cluster,
-- since a defect shows as one cluster among them; without clusters, all its complaints by category.
-- Cost (issue 14): every table below is keyed by integers (pools are product ids, line ids or
-- 0, not strings), the cumulative counts are built from the monitoring dates where complaints
-- arrive rather than by a window over every (cell, date), the pool aggregates are rolled up from
-- one per-product table, and the product-level terms are built once (they both choose the level
-- and are its statistics). docs/benchmarks.md ("mix tests") has the numbers.
with settings as (
    select *, coalesce(cast(getvariable('partition_floor') as date), data_start) as partition_floor
    from int_batch_hotspot_settings
),

batches as (
    select
        batch_id,
        product_id,
        product,
        batch,
        -- the product line as an integer pool key (the string is never shown)
        cast(dense_rank() over (order by coalesce(product_category, product)) as integer) as line_id,
        production_date,
        exposure_basis
    from int_batch_catalogue
    where production_date is not null
),

cause_ids as (
    select cause_key, any_value(cause_kind) as cause_kind, cast(row_number() over (order by cause_key) as integer) as cause_id
    from int_batch_complaints
    where cause_key is not null
    group by cause_key
),

-- Each complaint is counted from the first monitoring date on or after its receipt, at its age
-- bucket (the buckets of the rate test).
new_cells as (
    select
        batches.batch_id,
        cause_ids.cause_id,
        len(list_filter(settings.age_bucket_starts, s -> s <= greatest(complaints.received_date - batches.production_date, 0))) - 1 as age_bucket,
        monitor_date(complaints.received_date, settings.data_end, settings.monitor_step_days) as eval_date,
        count(*) as complaints
    from int_batch_complaints as complaints
    inner join batches
        on batches.product = complaints.product
        and batches.batch = complaints.batch
    inner join cause_ids on cause_ids.cause_key = complaints.cause_key
    cross join settings
    group by all
),

-- Past monitoring dates are only needed where a cause test takes part in the batch decision
-- (mart_batch_hotspots): with clusters (cause rate), or for products without volumes (cause mix).
-- Otherwise (volumes, no clusters: the cause tests are reported, not weighted) today only: at a
-- million complaints that is most of this model's rows.
history as (
    select
        (select count(*) > 0 from batches where exposure_basis is distinct from 'units')
            or (select count(*) > 0 from cause_ids where cause_kind = 'cluster') as needed
),

-- Cumulative complaints of (batch, cause, age bucket) at each monitoring date where some arrive,
-- and the next such date: the count holds on every monitoring date in between. The running sum
-- is over the arrivals only (a few per cell), not over every date of the cell.
cell_events as (
    select
        batch_id,
        cause_id,
        age_bucket,
        eval_date,
        sum(complaints) over (
            partition by batch_id, cause_id, age_bucket
            order by eval_date
            rows between unbounded preceding and current row
        ) as n,
        lead(eval_date) over (partition by batch_id, cause_id, age_bucket order by eval_date) as next_eval_date
    from new_cells
),

-- Cumulative complaints of (batch, cause, age bucket) received by each date, from the cell's
-- first date on. Without history, one row per cell on the current date with all its complaints
-- received by then (the dense version of this model counted only the current monitoring step's).
-- The grid dates from the cell's date (or the partition floor) up to the next arrival, and
-- data_end after the cell's last arrival (sql/macros/monitoring.sql): n_grid grid dates, then
-- data_end as step n_grid. Integer steps, not a date list: this is the model's largest expansion.
cell_spans as (
    select
        cell_events.*,
        monitor_grid_from(greatest(cell_events.eval_date, settings.partition_floor), settings.monitor_step_days) as first_grid
    from cell_events
    cross join settings
    cross join history
    where history.needed
),

cell_dates as (
    select
        cell_spans.batch_id,
        cell_spans.cause_id,
        cell_spans.age_bucket,
        case
            when step_no = cell_spans.n_grid then settings.data_end
            else cell_spans.first_grid + cast(settings.monitor_step_days * step_no as integer)
        end as eval_date,
        cell_spans.n
    from (
        select
            cell_spans.*,
            cast(greatest(0, ceil(
                (coalesce(cell_spans.next_eval_date, settings.data_end) - cell_spans.first_grid)
                / cast(settings.monitor_step_days as double)
            )) as bigint) as n_grid
        from cell_spans
        cross join settings
    ) as cell_spans
    cross join settings
    cross join unnest(range(
        0, cell_spans.n_grid + case when cell_spans.next_eval_date is null then 1 else 0 end
    )) as steps(step_no)
    union all
    select
        new_cells.batch_id,
        new_cells.cause_id,
        new_cells.age_bucket,
        settings.data_end as eval_date,
        sum(new_cells.complaints) as n
    from new_cells
    cross join settings
    cross join history
    where not history.needed
    group by new_cells.batch_id, new_cells.cause_id, new_cells.age_bucket, settings.data_end
),

cum_cells as materialized (
    select
        cell_dates.batch_id,
        batches.product_id,
        batches.line_id,
        batches.production_date,
        cell_dates.cause_id,
        cell_dates.age_bucket,
        cell_dates.eval_date,
        cell_dates.n
    from cell_dates
    inner join batches on batches.batch_id = cell_dates.batch_id
),

-- The three comparison levels: 1 product, 2 product line, 3 all products; a batch's pool at
-- each level is its product id, its line id, or 0.
levels as (
    select * from (values (1, 'product'), (2, 'product_line'), (3, 'all_products')) as l(level, level_name)
),

-- Per batch, age bucket and date: its complaints of any cause.
batch_cells as materialized (
    select
        batch_id,
        age_bucket,
        eval_date,
        -- functions of batch_id: carried, not grouped by (fewer hash keys)
        any_value(product_id) as product_id,
        any_value(production_date) as production_date,
        sum(n) as n
    from cum_cells
    group by batch_id, age_bucket, eval_date
),

-- Per pool, age bucket, date and production date: complaints, and batches with complaints.
by_production as materialized (
    select
        1 as level,
        product_id as pool,
        age_bucket,
        eval_date,
        production_date,
        sum(n) as n,
        count(*) as batches
    from batch_cells
    group by all
),

pool_totals as (
    select
        level,
        pool,
        age_bucket,
        eval_date,
        sum(n) as pool_n,
        sum(batches) as pool_batches
    from by_production
    group by all
),

-- Per product and date: the production date of its first batch with complaints.
pool_starts as materialized (
    select level, pool, eval_date, min(production_date) as first_production
    from by_production
    group by all
),

-- Per product (and its line), cause, age bucket and date: complaints of the cause and the
-- production date of the earliest batch with one. The wider pools are rolled up from it.
product_cause_cells as materialized (
    select product_id, line_id, cause_id, age_bucket, eval_date, sum(n) as n, min(production_date) as first_production
    from cum_cells
    group by all
),

-- Per pool, cause, age bucket and date: complaints of the cause.
pool_cause_cells as materialized (
    select
        case when grouping(product_id) = 0 then 1 when grouping(line_id) = 0 then 2 else 3 end as level,
        coalesce(product_id, line_id, 0) as pool,
        cause_id,
        age_bucket,
        eval_date,
        sum(n) as n
    from product_cause_cells
    group by grouping sets (
        (product_id, cause_id, age_bucket, eval_date),
        (line_id, cause_id, age_bucket, eval_date),
        (cause_id, age_bucket, eval_date)
    )
),

-- A cause's launch in a product: the production date of its earliest batch with the cause, over
-- all ages (only the product level uses launches).
launches as materialized (
    select 1 as level, product_id as pool, cause_id, eval_date, min(first_production) as launch
    from product_cause_cells
    group by all
),

-- The rows tested: (batch, cause, date) with enough complaints of the cause.
targets as materialized (
    select
        batch_id,
        cause_id,
        eval_date,
        any_value(product_id) as product_id,
        any_value(line_id) as line_id,
        any_value(production_date) as production_date,
        sum(n) as a
    from cum_cells
    group by batch_id, cause_id, eval_date
    having sum(n) >= (select mix_min_complaints from settings)
),

-- Per batch and date: its complaints with a cause.
batch_totals as (
    select batch_id, eval_date, sum(n) as n
    from batch_cells
    group by all
),

-- For a cause launched after the pool's first batch: the complaints and batches with complaints
-- made before its launch, which leave its comparators (what was made on or after the launch is
-- the pool total minus this).
before_launch as (
    select
        launches.level,
        launches.pool,
        launches.cause_id,
        launches.eval_date,
        by_production.age_bucket,
        sum(by_production.n) as n,
        sum(by_production.batches) as batches
    from launches
    inner join pool_starts
        on pool_starts.pool = launches.pool
        and pool_starts.eval_date = launches.eval_date
    inner join by_production
        on by_production.pool = launches.pool
        and by_production.eval_date = launches.eval_date
    where launches.launch > pool_starts.first_production
        and by_production.production_date < launches.launch
    group by all
),

-- Levels 2 and 3 compare only with products that have had the cause (a dishwasher cluster says
-- nothing about a microwave's batches), and within each of them only with its batches made on or
-- after its own launch of the cause: per product line (and over all products), cause, age bucket
-- and date, the complaints and batches with complaints of those batches.
product_since_launch as (
    select
        launches.pool,
        product_lines.line_id,
        launches.cause_id,
        pool_totals.age_bucket,
        launches.eval_date,
        pool_totals.pool_n - coalesce(before_launch.n, 0) as n,
        pool_totals.pool_batches - coalesce(before_launch.batches, 0) as batches
    from launches
    inner join pool_totals
        on pool_totals.pool = launches.pool
        and pool_totals.eval_date = launches.eval_date
    inner join (select distinct product_id as pool, line_id from batches) as product_lines
        on product_lines.pool = launches.pool
    left join before_launch
        on before_launch.pool = launches.pool
        and before_launch.cause_id = launches.cause_id
        and before_launch.age_bucket = pool_totals.age_bucket
        and before_launch.eval_date = launches.eval_date
),

cause_pool_totals as (
    select
        case when grouping(line_id) = 0 then 2 else 3 end as level,
        coalesce(line_id, 0) as pool,
        cause_id,
        age_bucket,
        eval_date,
        sum(n) as pool_n,
        sum(batches) as pool_batches
    from product_since_launch
    group by grouping sets ((line_id, cause_id, age_bucket, eval_date), (cause_id, age_bucket, eval_date))
),

-- Per level, pool, cause, age bucket and date, everything a term needs about its comparators, in
-- one row: complaints, complaints of the cause and batches with complaints of the pool's batches
-- made on or after the cause's launch (level 1: the product's; levels 2 and 3: those of the
-- products that have had the cause, each since its own launch). Built once per pool rather than
-- looked up per batch: the terms below are targets × ages (8 million rows at 200k complaints),
-- so every join saved there is a join over the biggest table of the model.
pool_cells as materialized (
    select
        pooled.*,
        coalesce(pool_cause_cells.n, 0) as pool_k
    from (
        select 1 as level, pool, cause_id, age_bucket, eval_date, n as pool_n, batches as pool_batches
        from product_since_launch
        union all
        select level, pool, cause_id, age_bucket, eval_date, pool_n, pool_batches
        from cause_pool_totals
    ) as pooled
    left join pool_cause_cells
        on pool_cause_cells.level = pooled.level
        and pool_cause_cells.pool = pooled.pool
        and pool_cause_cells.cause_id = pooled.cause_id
        and pool_cause_cells.age_bucket = pooled.age_bucket
        and pool_cause_cells.eval_date = pooled.eval_date
),

-- Each target at the product level, and at the wider levels (below) where the product has too
-- few comparable batches: nearly every target has enough (99.9 % of 451k at 200k complaints), so
-- the terms of the product line and of all products are only built for the few that do not.
-- One term per (target, level, age bucket where the batch has complaints): the batch's
-- complaints there, and the comparators' complaints at that age (the batch itself is one of the
-- pool's batches: its own complaints come off).
product_terms as (
    select
        targets.batch_id,
        targets.cause_id,
        targets.eval_date,
        1 as level,
        batch_cells.n as batch_n,
        coalesce(own.n, 0) as batch_k,
        pool_cells.pool_k - coalesce(own.n, 0) as others_k,
        pool_cells.pool_n - batch_cells.n as others_n,
        pool_cells.pool_batches - 1 as others_batches
    from targets
    inner join batch_cells
        on batch_cells.batch_id = targets.batch_id
        and batch_cells.eval_date = targets.eval_date
    inner join pool_cells
        on pool_cells.level = 1
        and pool_cells.pool = targets.product_id
        and pool_cells.cause_id = targets.cause_id
        and pool_cells.age_bucket = batch_cells.age_bucket
        and pool_cells.eval_date = targets.eval_date
    left join cum_cells as own
        on own.batch_id = targets.batch_id
        and own.cause_id = targets.cause_id
        and own.age_bucket = batch_cells.age_bucket
        and own.eval_date = targets.eval_date
),

product_level as materialized (
    select * from mix_level_totals(product_terms)
),

-- The targets with too few comparable batches in their product (the same test as in chosen
-- below), at the product line and over all products, with their pool there.
wider_targets as (
    select
        targets.*,
        levels.level,
        case levels.level when 2 then targets.line_id else 0 end as pool
    from targets
    cross join settings
    inner join levels on levels.level in (2, 3)
    left join product_level
        on product_level.batch_id = targets.batch_id
        and product_level.cause_id = targets.cause_id
        and product_level.eval_date = targets.eval_date
    where not coalesce(
        product_level.comparator_batches >= settings.min_comparator_batches
            and product_level.comparator_complaints > 0,
        false
    )
),

wider_terms as (
    select
        wider_targets.batch_id,
        wider_targets.cause_id,
        wider_targets.eval_date,
        wider_targets.level,
        batch_cells.n as batch_n,
        coalesce(own.n, 0) as batch_k,
        pool_cells.pool_k - coalesce(own.n, 0) as others_k,
        pool_cells.pool_n - batch_cells.n as others_n,
        pool_cells.pool_batches - 1 as others_batches
    from wider_targets
    inner join batch_cells
        on batch_cells.batch_id = wider_targets.batch_id
        and batch_cells.eval_date = wider_targets.eval_date
    inner join pool_cells
        on pool_cells.level = wider_targets.level
        and pool_cells.pool = wider_targets.pool
        and pool_cells.cause_id = wider_targets.cause_id
        and pool_cells.age_bucket = batch_cells.age_bucket
        and pool_cells.eval_date = wider_targets.eval_date
    left join cum_cells as own
        on own.batch_id = wider_targets.batch_id
        and own.cause_id = wider_targets.cause_id
        and own.age_bucket = batch_cells.age_bucket
        and own.eval_date = wider_targets.eval_date
),

wider_levels as (
    select * from mix_level_totals(wider_terms)
),

-- The first level (product, product line, all products) with enough comparable batches: the
-- product where it has them, else the first wider level that does (wider_levels holds only the
-- targets whose product has too few).
chosen as (
    select product_level.*
    from product_level
    cross join settings
    where product_level.comparator_batches >= settings.min_comparator_batches and product_level.comparator_complaints > 0
    union all
    select wider_levels.*
    from wider_levels
    cross join settings
    where wider_levels.comparator_batches >= settings.min_comparator_batches and wider_levels.comparator_complaints > 0
    qualify row_number() over (partition by wider_levels.batch_id, wider_levels.cause_id, wider_levels.eval_date order by wider_levels.level) = 1
),

rate as (
    select batch_id, eval_date, observed, observed_all_ages, expected, phi, is_tested
    from int_batch_rate_tests
),

measured as (
    select
        targets.batch_id,
        batches.product,
        batches.batch,
        cause_ids.cause_key,
        cause_ids.cause_kind,
        targets.eval_date,
        targets.eval_date - batches.production_date as age_days,
        targets.a,
        batch_totals.n - targets.a as b,
        chosen.comparator_complaints * chosen.expected / chosen.n as c,
        chosen.comparator_complaints - chosen.comparator_complaints * chosen.expected / chosen.n as d,
        chosen.comparator_batches,
        chosen.comparator_complaints,
        levels.level_name as comparison_level,
        -- A cause is new for a batch when the product has earlier batches with complaints but none
        -- of them has had this cause.
        coalesce(
            launches.launch >= targets.production_date and pool_starts.first_production < targets.production_date,
            false
        ) as is_new_cause,
        chosen.expected as expected_cause_complaints,
        chosen.expected_haldane,
        chosen.n,
        -- cause rate: only for clusters of in-scope complaints, on batches whose every complaint
        -- age is comparable (the cause counts are over all ages)
        case
            when cause_ids.cause_kind = 'cluster' and rate.is_tested and rate.observed = rate.observed_all_ages
                and not coalesce(
                    launches.launch >= targets.production_date and pool_starts.first_production < targets.production_date,
                    false
                )
                then rate.expected * chosen.expected_haldane / chosen.n
        end as cause_expected,
        coalesce(rate.phi, 1.0) as phi
    from targets
    inner join batches on batches.batch_id = targets.batch_id
    inner join cause_ids on cause_ids.cause_id = targets.cause_id
    left join chosen
        on chosen.batch_id = targets.batch_id
        and chosen.cause_id = targets.cause_id
        and chosen.eval_date = targets.eval_date
    inner join batch_totals
        on batch_totals.batch_id = targets.batch_id
        and batch_totals.eval_date = targets.eval_date
    left join levels on levels.level = chosen.level
    left join launches
        on launches.pool = targets.product_id
        and launches.cause_id = targets.cause_id
        and launches.eval_date = targets.eval_date
    left join pool_starts
        on pool_starts.pool = targets.product_id
        and pool_starts.eval_date = targets.eval_date
    left join rate
        on rate.batch_id = targets.batch_id
        and rate.eval_date = targets.eval_date
),

tests as (
    select
        measured.* exclude (expected_haldane, n),
        measured.a / (measured.a + measured.b) as batch_share,
        measured.expected_cause_complaints / measured.n as baseline_share,
        measured.a / measured.cause_expected as cause_rate_ratio,
        -- as for p_value: exact on the current date, earlier only where it can be ≤ max_q
        case
            when measured.cause_expected > 0 and measured.age_days >= settings.min_age_days
                and (measured.eval_date = settings.data_end
                    or measured.a > measured.cause_expected
                        + greatest(norm_quantile(1 - settings.max_q) - 0.5, 0) * sqrt(measured.phi * measured.cause_expected))
                then rate_ratio_midp(measured.a, measured.cause_expected, measured.phi)
        end as cause_p_value,
        case when measured.expected_cause_complaints > 0 then measured.a / measured.expected_cause_complaints end as prr,
        ror(measured.a, measured.b, measured.c, measured.d) as ror,
        ror_lower(measured.a, measured.b, measured.c, measured.d, settings.ci_level) as ror_lower,
        ror_upper(measured.a, measured.b, measured.c, measured.d, settings.ci_level) as ror_upper,
        chi2_yates(measured.a, measured.b, measured.c, measured.d) as chi2,
        chi2_yates_p_excess(measured.a, measured.b, measured.c, measured.d) as chi2_p_value,
        -- Exact mid-p on the current date; earlier only where it can be ≤ max_q (as in
        -- int_batch_rate_tests: an excess above (z_α − ½) binomial sd), NULL otherwise.
        case
            when measured.n is null then null
            when measured.eval_date = settings.data_end
                or measured.a > measured.expected_haldane
                    + greatest(norm_quantile(1 - settings.max_q) - 0.5, 0)
                        * sqrt(measured.expected_haldane * (1 - measured.expected_haldane / measured.n))
                then binom_midp_upper(measured.a, measured.n, measured.expected_haldane / measured.n)
        end as p_value,
        case
            when measured.age_days < settings.min_age_days then 'too_young'
            when measured.is_new_cause then 'new_cause'
            when measured.n is null then 'no_comparable_batches'
        end as untested_because,
        measured.age_days >= settings.min_age_days
            and not measured.is_new_cause
            and measured.n is not null as is_tested
    from measured
    cross join settings
),

final as (
    select
        tests.*,
        -- P(X ≥ a) at the minimum rate ratio (the CI-lower-bound rule), only where a flag is still
        -- possible; 1 elsewhere
        case
            when tests.cause_p_value <= settings.max_q and tests.a >= settings.min_complaints
                and tests.a > settings.min_rate_ratio_lower * tests.cause_expected
                then rate_ratio_tail_at(tests.a, tests.cause_expected, tests.phi, settings.min_rate_ratio_lower)
            when tests.cause_expected > 0 then 1.0
        end as cause_p_ratio_above_min
    from tests
    cross join settings
)

select * from final
