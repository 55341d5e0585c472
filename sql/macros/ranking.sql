-- ranking: the one ordering rule of recommendations (docs/recommendations.md, "Rank and ties"),
-- and of batch hot spots (batch_hotspot_rank_key, at the end).
-- mart_recommendations ranks with it, its data test recomputes the rank with it, and the dashboard
-- and the report list by the mart's rank (their fallback order, score desc then rec_id, is the same
-- rule on the stored, displayed score). Ranking on the unrounded score while showing the rounded
-- one put two recommendations displayed at 90.92 in an order the reader (and the test) could not
-- reproduce; so the rule is: the displayed score (2 decimals) descending, then rec_id ascending
-- (a stable hash of rule and subject, docs/recommendations.md).

-- The score as stored and displayed.
create or replace macro rec_display_score(score) as round(score, 2);

-- Sort key of the rule, ascending: order by rec_rank_key(score, rec_id).
create or replace macro rec_rank_key(score, rec_id) as
    {'score_desc': -rec_display_score(score), 'rec_id': rec_id};

-- Priority from the displayed score, so a recommendation shown at 60.00 is P1 whatever digits
-- the unrounded score had.
create or replace macro rec_priority(score, p1_score, p2_score) as
    case
        when rec_display_score(score) >= p1_score then 'P1'
        when rec_display_score(score) >= p2_score then 'P2'
        else 'P3'
    end;

-- The strongest batch hot spot first (docs/statistics.md, "Rank"): the smallest q-value, then the
-- largest rate ratio, the most complaints, then batch and product (the mart's key, so the order is
-- total). mart_batch_hotspots ranks its hot spots with it (`rank`); the dashboard's overview, the
-- report's list and the report summary's "strongest batch" read that rank instead of ordering
-- three ways of their own. A missing q or ratio sorts last.
create or replace macro batch_hotspot_rank_key(q_value, rate_ratio, complaints, batch, product) as
    {'q': coalesce(q_value, 2.0), 'ratio_desc': -coalesce(rate_ratio, 0.0),
     'complaints_desc': -coalesce(complaints, 0), 'batch': batch, 'product': product};
