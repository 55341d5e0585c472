-- mart_recommendations: prioritised improvement actions, each with its owner, its evidence and
-- the complaints behind it — the end of every analysis ("find the problem, propose the fix").
-- inputs: int_recommendation_candidates, int_recommendation_settings, mart_complaints,
--         int_recommendation_settings (also satisfied_threshold and the owner overrides: read
--         there, not from stg_settings/cfg_settings, whose as-of row changes every cron night and
--         would rebuild this mart every night — kept tables, docs/incremental.md),
--         recommendation_log (base table: when each rec_id was first raised on an earlier night)
-- grain: one row per recommendation that is not folded into another; key: rec_id (stable across
--        nightly runs for the same rule and subject)
-- Score (0–100, docs/recommendations.md) = weighted mean of five components in [0, 1]:
--   severity    the rule's severity (a defective batch 1.0 … an overall rise 0.4), raised by up
--               to 0.2 with the share of urgent complaints among the evidence complaints;
--   volume      ln(1 + complaints) / ln(1 + rec_volume_saturation), capped at 1;
--   growth      log2(observed / expected) / 3, in [0, 1] (8× the baseline or limit = 1);
--   confidence  −log10(p or q) / 6, in [0, 1] (p = 10⁻⁶ = 1; p = 0.001 = 0.5);
--   impact      share of the evidence complaints whose customer was not satisfied (of those
--               with a satisfaction score), else the company-wide share.
-- first_raised_on: the date logged the first night the recommendation appeared; for a new one,
-- the first day its evidence held (a batch's first flag, an episode's first alert, the first
-- month of a KPI breach streak).
-- priority: P1 at score ≥ rec_p1_score, P2 at ≥ rec_p2_score, else P3, on the displayed score.
-- rank: the one ordering rule of sql/macros/ranking.sql (displayed score descending, then rec_id).
-- A candidate with fewer than rec_min_complaints complaints behind it is dropped as immaterial
-- (hot-spot rules excepted: their models apply their own minimum counts). Materiality is judged
-- before folding: a candidate folded into one that is dropped stands on its own.
-- owner_department: `rec_owner_<rule>` from the configuration if set; else, for rules whose
-- action belongs to one function (batch and product quality, delivery, price, contract), the
-- rule's default owner when a department of that name exists in the data; for company-wide KPIs
-- the rule's default owner; else the department that handled most of the evidence complaints.
-- message_args: the names the title and action quote (batch, product, region, member, KPI, …) and
-- the score's parts; pipeline/messages/recommendations.ts words them in Chinese and English.
-- complaints: the complaints behind the recommendation — exactly those the dashboard lists for
-- `drill` (same filters: subject columns and, for time-bound signals, the evidence window).
with settings as (
    select * from int_recommendation_settings
),

satisfied as (
    select satisfied_threshold from int_recommendation_settings
),

candidates as (
    select * from int_recommendation_candidates
),

owner_overrides as (
    select unnest(owner_overrides, recursive := true)
    from int_recommendation_settings
),

known_departments as (
    select distinct department from mart_complaints where department is not null
),

complaints as (
    select
        complaint_id, received_at, product_category, product, batch, region, channel, department,
        category, cast(cluster_id as varchar) as cluster_key, severity_grade, satisfaction
    from mart_complaints
),

matched as (
    select
        candidates.rec_id,
        count(complaints.complaint_id) as complaints,
        count(*) filter (where complaints.severity_grade = 'urgent') as urgent,
        count(complaints.satisfaction) as rated,
        count(*) filter (where complaints.satisfaction < (select satisfied_threshold from satisfied)) as dissatisfied,
        -- the department that handled most of them, ties to the first name (sql/macros/mode.sql)
        stable_mode(complaints.department) as top_department
    from candidates
    left join complaints
        on (candidates.f_product_category is null or complaints.product_category = candidates.f_product_category)
        and (candidates.f_product is null or complaints.product = candidates.f_product)
        and (candidates.f_batch is null or complaints.batch = candidates.f_batch)
        and (candidates.f_region is null or complaints.region = candidates.f_region)
        and (candidates.f_channel is null or complaints.channel = candidates.f_channel)
        and (candidates.f_department is null or complaints.department = candidates.f_department)
        and (candidates.f_category is null or complaints.category = candidates.f_category)
        and (candidates.f_cluster is null or complaints.cluster_key = candidates.f_cluster)
        and (candidates.f_from is null or complaints.received_at >= candidates.f_from)
        and (candidates.f_to is null or complaints.received_at < candidates.f_to + 1)
    group by candidates.rec_id
),

-- material: enough complaints behind it (hot-spot rules keep their models' own minimum counts)
material as (
    select matched.rec_id
    from matched
    join candidates using (rec_id)
    cross join settings
    where matched.complaints >= settings.min_complaints
       or candidates.rule in ('batch_hotspot', 'product_hotspot', 'product_root_cause')
),

-- a candidate folds into its target only when the target itself is kept; otherwise it stands on
-- its own (and is kept if it is material)
folded as (
    select
        candidates.*,
        case when candidates.folded_into in (select rec_id from material) then candidates.folded_into end
            as kept_into
    from candidates
),

company_impact as (
    select
        count(*) filter (where satisfaction < (select satisfied_threshold from satisfied))
            / nullif(count(satisfaction), 0) as dissatisfied_share
    from complaints
),

related as (
    select
        kept_into as rec_id,
        list(json_object('rec_id', rec_id, 'rule', rule, 'subject', subject_key,
                         'message_args', message_args) order by rec_id) as related
    from folded
    where kept_into is not null
    group by kept_into
),

components as (
    select
        candidates.*,
        matched.complaints,
        matched.top_department,
        least(1.0, candidates.rule_severity + 0.2 * coalesce(matched.urgent / nullif(matched.complaints, 0), 0)) as c_severity,
        least(1.0, ln(1 + matched.complaints) / ln(1 + settings.volume_saturation)) as c_volume,
        least(1.0, greatest(0.0, log2(greatest(coalesce(candidates.growth, 1), 1e-9)) / 3)) as c_growth,
        least(1.0, greatest(0.0, -log10(greatest(coalesce(candidates.p_value, 1), 1e-300)) / 6)) as c_confidence,
        coalesce(matched.dissatisfied / nullif(matched.rated, 0), company_impact.dissatisfied_share, 0) as c_impact,
        related.related
    from folded as candidates
    join matched using (rec_id)
    join material using (rec_id)
    left join related using (rec_id)
    cross join settings
    cross join company_impact
    where candidates.kept_into is null
),

scored as (
    select
        components.*,
        100 * (
            weight_severity * c_severity + weight_volume * c_volume + weight_growth * c_growth
            + weight_confidence * c_confidence + weight_impact * c_impact
        ) / (weight_severity + weight_volume + weight_growth + weight_confidence + weight_impact) as score,
        weight_severity + weight_volume + weight_growth + weight_confidence + weight_impact as weight_total,
        settings.*
    from components
    cross join settings
),

explained as (
    select
        scored.*,
        rec_priority(score, p1_score, p2_score) as priority,
        -- the title's and action's names, and the score's parts for its explanation: the mart carries
        -- numbers and names, pipeline/messages/recommendations.ts words them
        json_merge_patch(message_args, json_object(
            'c_severity', c_severity, 'w_severity', 100 * weight_severity / weight_total,
            'c_volume', c_volume, 'w_volume', 100 * weight_volume / weight_total,
            'c_growth', c_growth, 'w_growth', 100 * weight_growth / weight_total,
            'c_confidence', c_confidence, 'w_confidence', 100 * weight_confidence / weight_total,
            'c_impact', c_impact, 'w_impact', 100 * weight_impact / weight_total,
            'score', score
        )) as words_args,
        -- the dashboard's complaint-list URL parameters, in its filter order (web/src/lib/filters.ts)
        array_to_string(list_filter([
            'from=' || strftime(f_from, '%Y-%m-%d'),
            'to=' || strftime(f_to, '%Y-%m-%d'),
            'product_category=' || url_encode(f_product_category),
            'product=' || url_encode(f_product),
            'channel=' || url_encode(f_channel),
            'region=' || url_encode(f_region),
            'department=' || url_encode(f_department),
            'category=' || url_encode(f_category),
            'batch=' || url_encode(f_batch),
            'cluster=' || url_encode(f_cluster)
        ], x -> x is not null), '&') as drill
    from scored
),

final as (
    select
        rec_id,
        cast(row_number() over (order by rec_rank_key(score, rec_id)) as integer) as rank,
        priority,
        rule,
        subject_kind,
        subject_key,
        words_args as message_args,
        coalesce(
            (select owner from owner_overrides where owner_overrides.rule = explained.rule),
            -- company-wide KPIs: the department with the dispatch role (not the biggest one)
            case when subject_kind = 'company' then default_owner end,
            case when rule in ('batch_hotspot', 'product_root_cause', 'product_hotspot', 'quality_rise',
                               'delivery_rise', 'price_dispute_rise', 'contract_dispute_rise')
                 then (select department from known_departments where department = explained.default_owner)
            end,
            top_department,
            default_owner
        ) as owner_department,
        json_merge_patch(
            evidence,
            json_object('score_components', json_object(
                'severity', round(c_severity, 3), 'volume', round(c_volume, 3),
                'growth', round(c_growth, 3), 'confidence', round(c_confidence, 3),
                'impact', round(c_impact, 3)
            )),
            case when related is not null then json_object('related', related) else '{}'::json end
        ) as evidence_json,
        rec_display_score(score) as score,
        coalesce(
            (select log.first_raised_on from recommendation_log as log where log.rec_id = explained.rec_id),
            first_raised_on,
            last_evidence_on
        ) as first_raised_on,
        last_evidence_on,
        complaints,
        drill,
        reference_date as as_of_date
    from explained
)

select * from final
