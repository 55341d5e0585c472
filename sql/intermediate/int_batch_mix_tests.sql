-- int_batch_mix_tests: per batch, cause and monitoring date, two tests of "this cause is unusually
-- frequent in this batch" (cause = root-cause cluster, else complaint category):
--  * cause mix (disproportionality): is the cause over-represented among the batch's complaints
--    compared with the product's other batches? Needs no exposure, so it flags a batch whose
--    complaints are unusually about one cause even when its volume of complaints looks normal;
--  * cause rate (clusters only): the batch's complaints of the cause against its same-age
--    expected count (int_batch_rate_tests) × the cause's share among the other batches: a defect
--    adds complaints about one cause, so this is far more sensitive than the whole-batch rate.
-- inputs: int_batch_complaints, int_batch_catalogue, int_batch_rate_tests, int_batch_hotspot_settings
-- grain: one row per (batch, cause_key, eval_date) with at least hotspots_mix_min_complaints
--        complaints of that cause; key: (batch_id, cause_key, eval_date) (also product, batch)
-- 2×2 table per row: a = the batch's complaints with the cause, b = its other complaints, c and d
-- the same for the product's other batches, all received by eval_date. PRR, ROR (Woolf CI) and
-- Yates χ² as in pharmacovigilance signal detection (Evans et al. 2001: n ≥ 3, PRR ≥ 2, χ² ≥ 4).
-- family_size = the number of (batch, cause) hypotheses tested that date, for the BH step.
-- p_value is the exact one-sided binomial mid-p of the batch's share against the others' (the χ²
-- approximation is poor for the small expected counts of a batch; chi2_p_value keeps it for
-- reference); the mart adjusts it for multiplicity.
-- Causes: with root-cause clusters, the batch's in-scope (quality-related) complaints by cluster,
-- since a defect shows as one cluster among them; without clusters, all its complaints by category.
with settings as (
    select * from int_batch_hotspot_settings
),

batches as (
    select batch_id, product_id, product, batch, production_date, exposure_basis
    from int_batch_catalogue
    where production_date is not null
),

cause_ids as (
    select cause_key, any_value(cause_kind) as cause_kind, cast(row_number() over (order by cause_key) as integer) as cause_id
    from int_batch_complaints
    where cause_key is not null
    group by cause_key
),

-- Each complaint is counted from the first monitoring date on or after its receipt.
new_complaints as (
    select
        batches.batch_id,
        batches.product_id,
        cause_ids.cause_id,
        settings.data_end - cast(settings.monitor_step_days
            * ((settings.data_end - complaints.received_date) // settings.monitor_step_days) as integer) as eval_date,
        count(*) as complaints
    from int_batch_complaints as complaints
    inner join batches
        on batches.product = complaints.product
        and batches.batch = complaints.batch
    inner join cause_ids on cause_ids.cause_key = complaints.cause_key
    cross join settings
    group by all
),

pairs as (
    select batch_id, product_id, cause_id, min(eval_date) as first_eval_date
    from new_complaints
    group by all
),

-- Past monitoring dates are only needed where a cause test takes part in the batch decision
-- (mart_batch_hotspots): with clusters (cause rate), or for products without volumes (cause mix).
-- A volume-based product without clusters gets today's tables only (reported, not weighted): at
-- a million complaints that is most of this model's rows.
product_history as (
    select
        batches.product_id,
        bool_or(batches.exposure_basis is distinct from 'units')
            or (select count(*) > 0 from cause_ids where cause_kind = 'cluster') as needs_history
    from batches
    group by batches.product_id
),

pair_dates as (
    select
        pairs.batch_id,
        pairs.product_id,
        pairs.cause_id,
        settings.data_end - cast(settings.monitor_step_days * step_no as integer) as eval_date
    from pairs
    cross join settings
    inner join product_history on product_history.product_id = pairs.product_id
    cross join unnest(range(
        0,
        cast((settings.data_end - pairs.first_eval_date) // settings.monitor_step_days + 1 as bigint)
    )) as steps(step_no)
    where product_history.needs_history
),

cumulative as materialized (
    select
        pair_dates.batch_id,
        pair_dates.product_id,
        pair_dates.cause_id,
        pair_dates.eval_date,
        sum(coalesce(new_complaints.complaints, 0)) over (
            partition by pair_dates.batch_id, pair_dates.cause_id
            order by pair_dates.eval_date
            rows between unbounded preceding and current row
        ) as cause_complaints
    from pair_dates
    left join new_complaints
        on new_complaints.batch_id = pair_dates.batch_id
        and new_complaints.cause_id = pair_dates.cause_id
        and new_complaints.eval_date = pair_dates.eval_date
    union all
    -- today only: every complaint so far
    select
        new_complaints.batch_id,
        new_complaints.product_id,
        new_complaints.cause_id,
        settings.data_end as eval_date,
        sum(new_complaints.complaints) as cause_complaints
    from new_complaints
    cross join settings
    inner join product_history on product_history.product_id = new_complaints.product_id
    where not product_history.needs_history
    group by new_complaints.batch_id, new_complaints.product_id, new_complaints.cause_id, settings.data_end
),

batch_totals as (
    select batch_id, product_id, eval_date, sum(cause_complaints) as batch_complaints
    from cumulative
    group by all
),

cause_totals as (
    select product_id, cause_id, eval_date, sum(cause_complaints) as product_cause_complaints
    from cumulative
    group by all
),

product_totals as (
    select product_id, eval_date, sum(batch_complaints) as product_complaints, count(*) as batches_with_complaints
    from batch_totals
    group by all
),

-- Multiple testing: every (batch, cause) pair is a hypothesis, not only the pairs with enough
-- complaints to be flagged (a family of just those would be enriched for small p-values). The
-- family on a date = Σ over products of (testable batches with complaints) × (causes seen).
family as (
    select
        batch_totals.eval_date,
        sum(batch_counts.causes) as family_size
    from batch_totals
    inner join batches on batches.batch_id = batch_totals.batch_id
    inner join (
        select product_id, eval_date, count(*) as causes
        from cause_totals
        group by all
    ) as batch_counts
        on batch_counts.product_id = batch_totals.product_id
        and batch_counts.eval_date = batch_totals.eval_date
    inner join product_totals
        on product_totals.product_id = batch_totals.product_id
        and product_totals.eval_date = batch_totals.eval_date
    cross join settings
    where batch_totals.eval_date - batches.production_date >= settings.min_age_days
        and product_totals.batches_with_complaints - 1 >= settings.min_comparator_batches
    group by batch_totals.eval_date
),

tables as (
    select
        cumulative.batch_id,
        cumulative.cause_id,
        cumulative.eval_date,
        cumulative.cause_complaints as a,
        batch_totals.batch_complaints - cumulative.cause_complaints as b,
        cause_totals.product_cause_complaints - cumulative.cause_complaints as c,
        (product_totals.product_complaints - batch_totals.batch_complaints)
            - (cause_totals.product_cause_complaints - cumulative.cause_complaints) as d,
        product_totals.batches_with_complaints - 1 as comparator_batches
    from cumulative
    inner join batch_totals
        on batch_totals.batch_id = cumulative.batch_id
        and batch_totals.eval_date = cumulative.eval_date
    inner join cause_totals
        on cause_totals.product_id = cumulative.product_id
        and cause_totals.cause_id = cumulative.cause_id
        and cause_totals.eval_date = cumulative.eval_date
    inner join product_totals
        on product_totals.product_id = cumulative.product_id
        and product_totals.eval_date = cumulative.eval_date
    cross join settings
    where cumulative.cause_complaints >= settings.mix_min_complaints
),

rate as (
    select batch_id, eval_date, observed, observed_all_ages, expected, phi, is_tested
    from int_batch_rate_tests
),

product_causes as (
    select product_id, eval_date, count(*) as causes
    from cause_totals
    group by all
),

measured as (
    select
        tables.batch_id,
        batches.product,
        batches.batch,
        cause_ids.cause_key,
        cause_ids.cause_kind,
        tables.eval_date,
        tables.eval_date - batches.production_date as age_days,
        tables.a,
        tables.b,
        tables.c,
        tables.d,
        tables.comparator_batches,
        family.family_size,
        tables.a / (tables.a + tables.b) as batch_share,
        case when tables.c + tables.d > 0 then tables.c / (tables.c + tables.d) end as baseline_share,
        (tables.c + 0.5) / (tables.c + tables.d + 1.0) as null_share,
        product_causes.causes as product_causes,
        -- cause rate: only for clusters of in-scope complaints, on batches whose every complaint
        -- age is comparable (the cause counts are over all ages)
        case
            when cause_ids.cause_kind = 'cluster' and rate.is_tested and rate.observed = rate.observed_all_ages
                then rate.expected * (tables.c + 0.5) / (tables.c + tables.d + 1.0)
        end as cause_expected,
        coalesce(rate.phi, 1.0) as phi
    from tables
    inner join batches on batches.batch_id = tables.batch_id
    inner join cause_ids on cause_ids.cause_id = tables.cause_id
    left join family on family.eval_date = tables.eval_date
    left join product_causes
        on product_causes.product_id = batches.product_id
        and product_causes.eval_date = tables.eval_date
    left join rate
        on rate.batch_id = tables.batch_id
        and rate.eval_date = tables.eval_date
),

tests as (
    select
        measured.* exclude (null_share),
        measured.a / measured.cause_expected as cause_rate_ratio,
        -- as for p_value: exact on the current date, earlier only where it can be ≤ max_q
        case
            when measured.cause_expected > 0 and measured.age_days >= settings.min_age_days
                and (measured.eval_date = settings.data_end
                    or measured.a > measured.cause_expected
                        + greatest(norm_quantile(1 - settings.max_q) - 0.5, 0) * sqrt(measured.phi * measured.cause_expected))
                then rate_ratio_midp(measured.a, measured.cause_expected, measured.phi)
        end as cause_p_value,

        prr(measured.a, measured.b, measured.c, measured.d) as prr,
        ror(measured.a, measured.b, measured.c, measured.d) as ror,
        ror_lower(measured.a, measured.b, measured.c, measured.d, settings.ci_level) as ror_lower,
        ror_upper(measured.a, measured.b, measured.c, measured.d, settings.ci_level) as ror_upper,
        chi2_yates(measured.a, measured.b, measured.c, measured.d) as chi2,
        chi2_yates_p_excess(measured.a, measured.b, measured.c, measured.d) as chi2_p_value,
        -- Exact mid-p on the current date; earlier only where it can be ≤ max_q (as in
        -- int_batch_rate_tests: an excess above (z_α − ½) binomial sd), NULL otherwise.
        case
            when measured.eval_date = settings.data_end
                or measured.a > (measured.a + measured.b) * measured.null_share
                    + greatest(norm_quantile(1 - settings.max_q) - 0.5, 0) * sqrt((measured.a + measured.b) * measured.null_share * (1 - measured.null_share))
                then mix_midp(measured.a, measured.b, measured.c, measured.d)
        end as p_value,
        case
            when measured.age_days < settings.min_age_days then 'too young'
            when measured.comparator_batches < settings.min_comparator_batches or measured.c + measured.d = 0 then 'too few comparable batches'
        end as untested_reason,
        measured.age_days >= settings.min_age_days
            and measured.comparator_batches >= settings.min_comparator_batches
            and measured.c + measured.d > 0 as is_tested
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
