-- int_rec_batch_hotspots: rule `batch_hotspot` — every batch flagged by the batch hot-spot model
-- becomes one recommendation: inspect and quarantine the batch's remaining stock, assess a recall
-- (units at risk), and run a root-cause investigation on its dominant complaint cause.
-- inputs: mart_batch_hotspots
-- grain: one row per flagged batch; key: subject_key = product · batch (a batch code is unique only
-- within its product, like mart_batch_hotspots' key)
-- The statistics (rate ratio at equal age against sibling batches, Benjamini–Hochberg q-value)
-- are the batch model's; this rule only turns a flag into an action. Severity is the highest of
-- all rules: a defective batch keeps producing complaints until the stock is pulled. A hot spot
-- already covered by an open action (the --actions file: a recall, containment or corrective
-- action on the batch and its cause) is not recommended again: the mart shows it as covered.
with hotspots as (
    select * from mart_batch_hotspots where is_hotspot and is_covered_by_action is not true
),

final as (
    select
        'batch_hotspot' as rule,
        'batch' as subject_kind,
        product || ' · ' || batch as subject_key,
        1.0 as rule_severity,
        cast(observed as double) as observed,
        expected,
        rate_ratio as growth,
        q_value as p_value,
        units_at_risk,
        -- what the title and action name (pipeline/messages/recommendations.ts words them)
        json_object('batch', batch, 'product', product, 'units_at_risk', units_at_risk,
                    'dominant_cause', dominant_cluster_label) as message_args,
        json_object(
            'complaints', complaints,
            'observed', observed,
            'expected', round(expected, 2),
            'rate_ratio', round(rate_ratio, 2),
            'rate_ratio_lower', round(rate_ratio_lower, 2),
            'rate_ratio_upper', round(rate_ratio_upper, 2),
            'q_value', q_value,
            'units', units,
            'units_at_risk', units_at_risk,
            'production_date', production_date,
            'flag_basis', flag_basis,
            'dominant_cause', dominant_cluster_label,
            'dominant_cause_share', round(dominant_cluster_share, 3),
            'dominant_cause_baseline_share', round(dominant_cluster_baseline_share, 3),
            'top_regions', top_regions
        ) as evidence,
        first_flagged_on as first_raised_on,
        as_of_date as last_evidence_on,
        product_category as f_product_category,
        product as f_product,
        batch as f_batch,
        cast(null as varchar) as f_region,
        cast(null as varchar) as f_channel,
        cast(null as varchar) as f_department,
        cast(null as varchar) as f_category,
        cast(null as varchar) as f_cluster,
        cast(null as date) as f_from,
        cast(null as date) as f_to,
        '质量管理部' as default_owner,
        product as covers_product,
        cast(dominant_cluster_id as varchar) as covers_cluster
    from hotspots
)

select * from final
