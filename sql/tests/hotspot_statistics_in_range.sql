-- severity: warn
-- checks: analytic
-- Hot-spot statistics are internally consistent: p and q in [0, 1] with q ≥ p (BH never lowers a
-- p-value), the rate ratio inside its confidence interval, dispersion ≥ 1, expected > 0 where tested.
select 'batch' as mart, product, batch as unit, p_value, q_value, rate_ratio, rate_ratio_lower, rate_ratio_upper
from mart_batch_hotspots
where is_tested and (
    p_value not between 0 and 1
    or q_value not between 0 and 1
    or q_value < combined_p_value - 1e-12
    or combined_p_value not between 0 and 1
    or expected <= 0
    or dispersion_factor < 1
    or rate_ratio < rate_ratio_lower - 1e-9
    or rate_ratio > rate_ratio_upper + 1e-9
)
union all
select level, product, coalesce(cast(period_start as varchar), '') || coalesce(' ' || region, '') || coalesce(' ' || cause_key, ''),
    p_value, q_value, rate_ratio, rate_ratio_lower, rate_ratio_upper
from mart_product_hotspots
where is_tested and (
    p_value not between 0 and 1
    or q_value not between 0 and 1
    or q_value < p_value - 1e-12
    or expected <= 0
    or dispersion_factor < 1
    or (level <> 'product_cause' and (rate_ratio < rate_ratio_lower - 1e-9 or rate_ratio > rate_ratio_upper + 1e-9))
)
