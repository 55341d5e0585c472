-- mart_batch_hotspots: which production batches have more complaints than they should — the
-- age-adjusted rate test, the cause-specific rate test and the cause-mix test of every batch, one
-- false-discovery-controlled decision per batch, when monitoring would first have raised it, its
-- dominant cause, regions, units at risk, and the codes and numbers its reason is worded from
-- (pipeline/messages/batchHotspots.ts, for the dashboard, the report and the recommendations).
-- inputs: int_batch_catalogue, int_batch_complaints, int_batch_rate_tests, int_batch_mix_tests,
--         int_batch_hotspot_settings, int_batch_age_buckets, stg_actions
-- grain: one row per (product, batch) known from complaints or the volumes file; key: (product, batch)
-- Statistics (docs/statistics.md). Per batch and monitoring date, three kinds of evidence:
--   rate        in-scope complaints vs the same-age expectation (int_batch_rate_tests): mid-p;
--               rate_baseline_level names the baseline (the product's batches, or its product
--               line's / all products' age profile at the product's level where it has too few);
--   cause rate  (clusters only) complaints of one cluster vs expectation × the cluster's usual share;
--   cause mix   one cause over-represented among the batch's complaints (PRR, ROR, χ², exact mid-p).
-- They are combined into one p-value per batch by a weighted Bonferroni bound (valid under any
-- dependence): with volumes and clusters ½ to the rate test and ½ shared by the K cause-rate
-- tests, with volumes and no clusters all to the rate test; without volumes ½ to the rate test
-- and ½ shared by the K cause-mix tests (clusters, else categories).
-- A component only counts when it has at least hotspots_min_complaints (rate) or
-- hotspots_mix_min_complaints (cause) complaints. Benjamini–Hochberg then runs once per date over
-- all batches tested that date (q_value). is_hotspot = q ≤ hotspots_max_q and at least one
-- component shows a practically relevant excess: rate or cause rate with ≥ 3 complaints and its
-- exact CI lower bound > hotspots_min_rate_ratio_lower; cause mix with n ≥ 3, PRR ≥ 2, χ² ≥ 4
-- (Evans et al. 2001). first_flagged_on = the earliest monitoring date with is_hotspot, using
-- only complaints received by then. The current columns are those at data_end. rank orders the hot
-- spots, strongest first (sql/macros/ranking.sql); NULL for a batch that is not one.
-- Reasons are codes and numbers, never sentences (pipeline/contract/hotspotCodes.ts lists the
-- codes): untested_because, not_hotspot_because with the reason_limit it cites, flag_basis (a
-- list), rate_baseline_level and mix_comparison_level ('product', 'product_line', 'all_products').
with settings as (
    select * from int_batch_hotspot_settings
),

catalogue as (
    select * from int_batch_catalogue
),

complaints as (
    select * from int_batch_complaints
),

rate as (
    select * from int_batch_rate_tests
),

mix as (
    select * from int_batch_mix_tests
),

-- the heatmap's age buckets: age_bucket is the key of the one holding the batch's age
age_buckets as (
    select * from int_batch_age_buckets
),

-- Number of causes per product known on each monitoring date (clusters of in-scope complaints,
-- or complaint categories when clustering has not run): the K the cause components' weight is
-- shared by. Counted as of the date, so that a past date's decision is exactly the one a run
-- with as_of = that date would have made.
cause_first_seen as (
    select
        complaints.product,
        complaints.cause_key,
        bool_or(complaints.cause_kind = 'cluster') as is_cluster,
        monitor_date(min(complaints.received_date), settings.data_end, settings.monitor_step_days) as first_eval_date
    from complaints
    cross join settings
    where complaints.cause_key is not null
    group by complaints.product, complaints.cause_key, settings.data_end, settings.monitor_step_days
),

product_dates as (
    select distinct catalogue.product, rate.eval_date
    from rate
    inner join catalogue on catalogue.batch_id = rate.batch_id
),

causes as (
    select
        product_dates.product,
        product_dates.eval_date,
        count(*) as causes,
        bool_or(cause_first_seen.is_cluster) as has_clusters
    from product_dates
    inner join cause_first_seen
        on cause_first_seen.product = product_dates.product
        and cause_first_seen.first_eval_date <= product_dates.eval_date
    group by all
),

-- Every test of a date is one hypothesis of ONE Benjamini–Hochberg family (batch × route ×
-- cause). Routes, by what the data allows:
--   volumes + clusters      rate, and cause rate per cluster
--   volumes, no clusters    rate (the cause mix is reported, not tested: with volumes it adds
--                           nothing the rate test does not see)
--   no volumes              rate, and cause mix per cause (clusters, else categories): the
--                           cause-rate expectation would inherit the equal-batch-size assumption
-- A test counts as a hypothesis whether or not it has a p-value: the family size m on a date is
-- the rate-tested batches plus, for every batch on a cause route, the K causes its product has
-- shown by then (a family of only the tests with enough complaints would be enriched for small
-- p-values). A test without a p-value (too few complaints, or on past dates one above max_q that
-- was not computed) ranks after every computed one, which leaves each decision at max_q exact.
tested_batches as (
    select
        rate.batch_id,
        rate.eval_date,
        rate.is_tested as rate_tested,
        catalogue.exposure_basis = 'units' and coalesce(causes.has_clusters, false) as cause_rate_route,
        catalogue.exposure_basis is distinct from 'units' as mix_route,
        coalesce(causes.causes, 0) as causes
    from rate
    inner join catalogue on catalogue.batch_id = rate.batch_id
    left join causes
        on causes.product = catalogue.product
        and causes.eval_date = rate.eval_date
),

family as (
    select
        eval_date,
        count(*) filter (where rate_tested)
            + sum(case when cause_rate_route or mix_route then causes else 0 end) as family_size
    from tested_batches
    group by eval_date
),

-- The tests: rate (one per batch), cause rate and cause mix (one per batch and cause), each with
-- its p-value and whether its practical rule holds:
--   rate, cause rate  ≥ hotspots_min_complaints complaints and the exact CI lower bound of the
--                     rate ratio > hotspots_min_rate_ratio_lower;
--   cause mix         n ≥ 3, PRR ≥ 2, χ² ≥ 4 (Evans et al. 2001), one-sided, like-with-like
--                     comparators (int_batch_mix_tests), and never on a batch whose overall rate
--                     is below its expectation: a batch with fewer complaints than expected is
--                     not a hot spot through its mix alone.
tests as (
    select
        rate.batch_id,
        rate.eval_date,
        'rate' as route,
        cast(null as varchar) as cause_key,
        rate.p_value,
        rate.observed >= settings.min_complaints
            and rate.p_ratio_above_min < (1 - settings.ci_level) / 2 as practical
    from rate
    cross join settings
    where rate.is_tested and rate.observed >= settings.min_complaints
    union all
    select
        mix.batch_id,
        mix.eval_date,
        'cause_rate' as route,
        mix.cause_key,
        mix.cause_p_value,
        mix.cause_p_ratio_above_min < (1 - settings.ci_level) / 2 as practical
    from mix
    inner join tested_batches
        on tested_batches.batch_id = mix.batch_id
        and tested_batches.eval_date = mix.eval_date
    cross join settings
    where tested_batches.cause_rate_route
        and mix.a >= settings.min_complaints
        and mix.cause_expected > 0
    union all
    select
        mix.batch_id,
        mix.eval_date,
        'cause_mix' as route,
        mix.cause_key,
        mix.p_value,
        mix.prr >= settings.mix_min_prr
            and mix.chi2 >= settings.mix_min_chi2
            and (rate.is_tested is not true or rate.observed >= rate.expected) as practical
    from mix
    inner join catalogue on catalogue.batch_id = mix.batch_id
    left join rate
        on rate.batch_id = mix.batch_id
        and rate.eval_date = mix.eval_date
    cross join settings
    where catalogue.exposure_basis is distinct from 'units'
        and mix.is_tested
        and mix.a >= settings.mix_min_complaints
),

-- Benjamini–Hochberg (1995): q_(i) = min over j ≥ i of m·p_(j)/j, per monitoring date, over the
-- computed p-values; m = family_size.
ranked as (
    select
        tests.*,
        family.family_size,
        row_number() over (partition by tests.eval_date order by tests.p_value asc, tests.batch_id, tests.route, tests.cause_key) as p_rank
    from tests
    inner join family on family.eval_date = tests.eval_date
    where tests.p_value is not null
),

bh as (
    select
        *,
        least(1.0, min(p_value * greatest(family_size, p_rank) / p_rank) over (
            partition by eval_date
            order by p_rank desc
            rows between unbounded preceding and current row
        )) as q_value
    from ranked
),

-- Per batch and date: its smallest p and q, and which routes are signals (q ≤ max_q and practical).
flags as (
    select
        bh.batch_id,
        bh.eval_date,
        min(bh.p_value) as combined_p_value,
        min(bh.q_value) as q_value,
        any_value(bh.family_size) as family_size,
        bool_or(bh.route = 'rate' and bh.q_value <= settings.max_q and bh.practical) as is_rate_signal,
        bool_or(bh.route = 'cause_rate' and bh.q_value <= settings.max_q and bh.practical) as is_cause_rate_signal,
        bool_or(bh.route = 'cause_mix' and bh.q_value <= settings.max_q and bh.practical) as is_mix_signal
    from bh
    cross join settings
    group by bh.batch_id, bh.eval_date
),

first_flags as (
    select
        batch_id,
        min(eval_date) as first_flagged_on
    from flags
    where is_rate_signal or is_cause_rate_signal or is_mix_signal
    group by batch_id
),

current_flags as (
    select flags.*
    from flags
    cross join settings
    where flags.eval_date = settings.data_end
),

current_family as (
    select family.family_size
    from family
    cross join settings
    where family.eval_date = settings.data_end
),

current_rate as (
    select rate.*
    from rate
    cross join settings
    where rate.eval_date = settings.data_end
),

-- Today's most telling cause for each test: the smallest p among causes with enough complaints.
current_cause_rate as (
    select mix.*
    from mix
    cross join settings
    where mix.eval_date = settings.data_end
        and mix.cause_p_value is not null
        and mix.a >= settings.min_complaints
    qualify row_number() over (partition by mix.batch_id order by mix.cause_p_value, mix.cause_key) = 1
),

current_mix as (
    select mix.*
    from mix
    cross join settings
    where mix.eval_date = settings.data_end
        and mix.is_tested
    qualify row_number() over (
        partition by mix.batch_id
        order by (mix.prr >= settings.mix_min_prr and mix.chi2 >= settings.mix_min_chi2) desc, mix.p_value asc nulls last, mix.cause_key
    ) = 1
),

-- Cluster labels (NULL until labels are wired: the texts then say "cluster <id>"); a category is
-- its own label.
cause_labels as (
    select
        cause_key,
        case when any_value(cause_kind) = 'category' then cause_key else stable_mode(cluster_label) end as cause_label
    from complaints
    where cause_key is not null
    group by cause_key
),

-- Causes no earlier batch of the product had (new equipment or features): reported as their own
-- kind, not as a defect (int_batch_mix_tests).
current_new_causes as (
    select
        mix.batch_id,
        string_agg(coalesce(cause_labels.cause_label, mix.cause_key) || ' ' || mix.a, ' · ' order by mix.a desc, mix.cause_key) as new_causes,
        sum(mix.a) as new_cause_complaints
    from mix
    cross join settings
    left join cause_labels on cause_labels.cause_key = mix.cause_key
    where mix.eval_date = settings.data_end and mix.is_new_cause
    group by mix.batch_id
),

-- Dominant category among all the batch's complaints, and dominant root-cause cluster among its
-- in-scope complaints (the ones the rate test counts), each vs the product's other batches
-- (dominant_share, sql/macros/shares.sql).
category_counts as (
    select product, batch, category as member, count(*) as n
    from complaints
    group by all
),

dominant_category as (
    select product, batch, member as category, share, baseline_share
    from dominant_share(category_counts)
),

cluster_counts as (
    select product, batch, cluster_id as member, stable_mode(cluster_label) as cluster_label, count(*) as n
    from complaints
    where cluster_id is not null and in_test_scope
    group by product, batch, cluster_id
),

dominant_cluster as (
    select product, batch, member as cluster_id, cluster_label, share, baseline_share
    from dominant_share(cluster_counts)
),

region_counts as (
    select product, batch, region, count(*) as n
    from complaints
    where region is not null
    group by all
),

top_regions as (
    select
        product,
        batch,
        string_agg(region || ' ' || n, ' · ' order by n desc, region) as top_regions
    from (
        select *
        from region_counts
        qualify row_number() over (partition by product, batch order by n desc, region) <= 3
    ) as ranked
    group by product, batch
),

joined as (
    select
        catalogue.product,
        catalogue.product_category,
        catalogue.batch,
        catalogue.production_date,
        catalogue.production_date_source,
        catalogue.age_days,
        age_buckets.age_bucket,
        catalogue.units,
        catalogue.exposure_basis,
        catalogue.complaints,
        catalogue.quality_complaints,
        catalogue.complaints_in_scope,
        current_rate.observed,
        current_rate.expected,
        current_rate.comparator_batches,
        current_rate.baseline_level as rate_baseline_level,
        current_rate.reference_observed as rate_reference_complaints,
        current_rate.baseline_weight as rate_baseline_weight,
        current_rate.screened_from_baseline,
        coalesce(current_rate.phi, 1.0) as phi,
        current_rate.rate_ratio,
        current_rate.p_value,
        current_cause_rate.cause_key as cause_rate_key,
        cause_rate_labels.cause_label as cause_rate_label,
        current_cause_rate.a as cause_rate_observed,
        current_cause_rate.cause_expected as cause_rate_expected,
        current_cause_rate.cause_rate_ratio,
        current_cause_rate.cause_p_value as cause_rate_p_value,
        current_flags.combined_p_value,
        coalesce(current_flags.q_value, case when current_rate.is_tested then 1.0 end) as q_value,
        coalesce(current_flags.family_size, current_family.family_size) as tests_in_family,
        coalesce(current_rate.is_tested, false) as is_tested,
        -- why a batch is not tested: a code (pipeline/contract/hotspotCodes.ts)
        case
            when current_rate.is_tested then null
            when catalogue.untested_because is not null then catalogue.untested_because
            when current_rate.untested_because is not null then current_rate.untested_because
            else 'no_exposure'
        end as untested_because,
        coalesce(current_flags.is_rate_signal, false) as is_rate_signal,
        coalesce(current_flags.is_cause_rate_signal, false) as is_cause_rate_signal,
        current_mix.cause_kind as mix_cause_kind,
        current_mix.cause_key as mix_cause,
        cause_labels.cause_label as mix_cause_label,
        current_mix.a as mix_n,
        current_mix.batch_share as mix_batch_share,
        current_mix.baseline_share as mix_baseline_share,
        current_mix.prr as mix_prr,
        current_mix.ror as mix_ror,
        current_mix.ror_lower as mix_ror_lower,
        current_mix.ror_upper as mix_ror_upper,
        current_mix.chi2 as mix_chi2,
        current_mix.p_value as mix_p_value,
        current_mix.comparison_level as mix_comparison_level,
        coalesce(current_rate.phi_estimate, 1.0) as phi_estimate,
        current_new_causes.new_causes,
        coalesce(current_new_causes.new_cause_complaints, 0) as new_cause_complaints,
        coalesce(current_flags.is_mix_signal, false) as is_mix_signal,
        first_flags.first_flagged_on,
        dominant_category.category as dominant_category,
        dominant_category.share as dominant_category_share,
        dominant_category.baseline_share as dominant_category_baseline_share,
        dominant_cluster.cluster_id as dominant_cluster_id,
        dominant_cluster.cluster_label as dominant_cluster_label,
        dominant_cluster.share as dominant_cluster_share,
        dominant_cluster.baseline_share as dominant_cluster_baseline_share,
        top_regions.top_regions,
        settings.data_end as as_of_date,
        settings.test_scope,
        settings.min_complaints,
        settings.max_q,
        settings.min_rate_ratio_lower,
        settings.min_age_days,
        settings.ci_level
    from catalogue
    cross join settings
    left join current_rate on current_rate.batch_id = catalogue.batch_id
    left join current_flags on current_flags.batch_id = catalogue.batch_id
    left join current_family on true
    left join current_new_causes on current_new_causes.batch_id = catalogue.batch_id
    left join current_cause_rate on current_cause_rate.batch_id = catalogue.batch_id
    left join current_mix on current_mix.batch_id = catalogue.batch_id
    left join cause_labels on cause_labels.cause_key = current_mix.cause_key
    left join cause_labels as cause_rate_labels on cause_rate_labels.cause_key = current_cause_rate.cause_key
    left join first_flags on first_flags.batch_id = catalogue.batch_id
    left join age_buckets
        on catalogue.age_days >= age_buckets.start_days
        and (age_buckets.end_days is null or catalogue.age_days <= age_buckets.end_days)
    left join dominant_category on dominant_category.product = catalogue.product and dominant_category.batch = catalogue.batch
    left join dominant_cluster on dominant_cluster.product = catalogue.product and dominant_cluster.batch = catalogue.batch
    left join top_regions on top_regions.product = catalogue.product and top_regions.batch = catalogue.batch
),

-- Exact CI only for the current rows (the flag rule itself uses the equivalent tail probability):
-- Garwood's Poisson limits against a product-level baseline, the conditional (binomial) limits
-- against a wider pool's profile scaled to the product's level (int_batch_rate_tests).
with_ci as (
    select
        *,
        case
            when is_tested and rate_baseline_level <> 'product'
                then rate_ratio_cond_lower(observed, rate_reference_complaints, rate_baseline_weight, phi, ci_level)
            when is_tested then rate_ratio_lower(observed, expected, phi, ci_level)
        end as rate_ratio_lower,
        case
            when is_tested and rate_baseline_level <> 'product'
                then rate_ratio_cond_upper(observed, rate_reference_complaints, rate_baseline_weight, phi, ci_level)
            when is_tested then rate_ratio_upper(observed, expected, phi, ci_level)
        end as rate_ratio_upper,
        case when cause_rate_expected > 0 then rate_ratio_lower(cause_rate_observed, cause_rate_expected, phi, ci_level) end as cause_rate_ratio_lower,
        case when cause_rate_expected > 0 then rate_ratio_upper(cause_rate_observed, cause_rate_expected, phi, ci_level) end as cause_rate_ratio_upper,
        is_rate_signal or is_cause_rate_signal or is_mix_signal as is_hotspot,
        -- the routes that flagged the batch, as codes in this order (NULL when none did)
        nullif(list_filter([
            case when is_rate_signal then 'rate' end,
            case when is_cause_rate_signal then 'cause_rate' end,
            case when is_mix_signal then 'cause_mix' end
        ], basis -> basis is not null), []) as flag_basis
    from joined
),

-- Actions already taken on the batch (stg_actions, the --actions file). An action matches the hot
-- spot when it names no component or its component appears in (or contains) one of the batch's
-- cause labels; it is open on as_of when opened by then and not closed by then. A hot spot with a
-- matching open action is covered: shown, not recommended again. lead_time_days = the first
-- matching action's opening date − first_flagged_on (positive: the model would have warned that
-- many days earlier).
batch_actions as (
    select
        with_ci.product,
        with_ci.batch,
        actions.action_type,
        actions.component,
        actions.opened_on,
        actions.closed_on,
        actions.reference,
        actions.opened_on <= with_ci.as_of_date and (actions.closed_on is null or actions.closed_on > with_ci.as_of_date) as is_open,
        actions.component is null
            or len(list_filter(
                [lower(with_ci.dominant_cluster_label), lower(with_ci.mix_cause_label), lower(with_ci.cause_rate_label), lower(with_ci.dominant_category)],
                l -> l is not null and (contains(l, lower(actions.component)) or contains(lower(actions.component), l))
            )) > 0 as matches_cause
    from with_ci
    inner join stg_actions as actions
        on actions.product = with_ci.product
        and actions.batch = with_ci.batch
),

action_summary as (
    select
        product,
        batch,
        bool_or(is_open and matches_cause) as has_open_action,
        min(opened_on) filter (where matches_cause) as first_action_on,
        string_agg(
            action_type || coalesce(' ' || reference, '') || coalesce(' [' || component || ']', '') || ' ' || strftime(opened_on, '%Y-%m-%d')
                || case when closed_on is null then ' →' else ' → ' || strftime(closed_on, '%Y-%m-%d') end,
            ' · ' order by opened_on, action_type
        ) as actions
    from batch_actions
    group by product, batch
),

with_actions as (
    select
        with_ci.*,
        action_summary.actions,
        action_summary.first_action_on,
        with_ci.is_hotspot and coalesce(action_summary.has_open_action, false) as is_covered_by_action,
        -- why a tested batch is not a hot spot (the first rule of the flag it fails), and the limit
        -- a reason cites: codes and numbers, pipeline/messages/batchHotspots.ts words them
        case
            when not with_ci.is_tested or with_ci.is_hotspot then null
            when with_ci.observed < with_ci.min_complaints then 'few_complaints'
            when with_ci.q_value > with_ci.max_q then 'q_above_limit'
            when with_ci.rate_ratio_lower <= with_ci.min_rate_ratio_lower then 'ci_lower_at_most'
        end as not_hotspot_because
    from with_ci
    left join action_summary
        on action_summary.product = with_ci.product
        and action_summary.batch = with_ci.batch
),

-- The one order of hot spots, strongest first (batch_hotspot_rank_key, sql/macros/ranking.sql):
-- the dashboard's overview, the report's list and its summary's "strongest batch" all read it.
with_rank as (
    select
        *,
        case when is_hotspot then cast(row_number() over (
            partition by is_hotspot
            order by batch_hotspot_rank_key(q_value, rate_ratio, complaints, batch, product)
        ) as integer) end as rank
    from with_actions
),

final as (
    select
        product,
        product_category,
        batch,
        production_date,
        production_date_source,
        age_days,
        age_bucket,
        units,
        exposure_basis,
        exposure_basis = 'units' as is_volume_based,
        complaints,
        quality_complaints,
        complaints_in_scope,
        observed,
        expected,
        rate_ratio,
        rate_ratio_lower,
        rate_ratio_upper,
        phi as dispersion_factor,
        p_value,
        cause_rate_key,
        cause_rate_label,
        cause_rate_observed,
        cause_rate_expected,
        cause_rate_ratio,
        cause_rate_ratio_lower,
        cause_rate_ratio_upper,
        cause_rate_p_value,
        combined_p_value,
        q_value,
        tests_in_family,
        comparator_batches,
        rate_baseline_level,
        cast(rate_reference_complaints as integer) as rate_reference_complaints,
        screened_from_baseline,
        is_tested,
        untested_because,
        is_rate_signal,
        is_cause_rate_signal,
        mix_cause_kind,
        mix_cause,
        mix_cause_label,
        mix_n,
        mix_batch_share,
        mix_baseline_share,
        mix_prr,
        mix_ror,
        mix_ror_lower,
        mix_ror_upper,
        mix_chi2,
        mix_p_value,
        mix_comparison_level,
        is_mix_signal,
        is_hotspot,
        rank,
        case when is_hotspot then 'defect' when new_causes is not null then 'new_cause' end as signal_kind,
        new_causes,
        new_cause_complaints,
        phi_estimate as dispersion_estimate,
        flag_basis,
        first_flagged_on,
        first_flagged_on - production_date as days_to_first_flag,
        actions,
        is_covered_by_action,
        first_action_on,
        first_action_on - first_flagged_on as lead_time_days,
        dominant_category,
        dominant_category_share,
        dominant_category_baseline_share,
        dominant_cluster_id,
        dominant_cluster_label,
        dominant_cluster_share,
        dominant_cluster_baseline_share,
        top_regions,
        case when is_hotspot then units else 0 end as units_at_risk,
        test_scope,
        not_hotspot_because,
        case not_hotspot_because
            when 'few_complaints' then min_complaints
            when 'q_above_limit' then max_q
            when 'ci_lower_at_most' then min_rate_ratio_lower
            else case when untested_because = 'too_young' then min_age_days end
        end::double as reason_limit,
        as_of_date
    from with_rank
)

select * from final
