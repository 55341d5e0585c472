-- severity: warn
-- checks: analytic
-- A hot spot satisfies its decision rule (docs/statistics.md): q ≤ hotspots_max_q, and for a rate
-- flag at least hotspots_min_complaints complaints with the CI lower bound above
-- hotspots_min_rate_ratio_lower; nothing untested is a hot spot; units at risk only on hot spots.
select 'batch' as mart, product, batch as unit, flag_basis, q_value, observed, rate_ratio_lower
from mart_batch_hotspots
cross join int_batch_hotspot_settings as settings
where (is_hotspot and (q_value > settings.max_q or q_value is null))
    or (is_rate_signal and (observed < settings.min_complaints or rate_ratio_lower <= settings.min_rate_ratio_lower))
    or (is_hotspot and not is_tested and not is_mix_signal)
    or (not is_hotspot and units_at_risk <> 0)
    or (is_hotspot and flag_basis is null)
union all
select level, product, coalesce(cast(period_start as varchar), '') || coalesce(' ' || region, '') || coalesce(' ' || cause_key, ''),
    null, q_value, observed, rate_ratio_lower
from mart_product_hotspots
cross join int_batch_hotspot_settings as settings
where is_hotspot and (
    not is_tested
    or q_value > settings.max_q
    or (level <> 'product_cause' and (observed < settings.min_complaints or rate_ratio_lower <= settings.min_rate_ratio_lower))
    or (level = 'product_cause' and (observed < settings.mix_min_complaints or rate_ratio < settings.mix_min_prr))
)
