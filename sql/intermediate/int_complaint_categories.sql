-- int_complaint_categories: the handbook category of every complaint, and where it came from.
-- inputs: stg_complaints, stg_settings, cfg_category_synonyms, cfg_category_keywords, cfg_categories;
--         session variables cl_type_regex / cl_keyword_regex (alternations of the two lexicons,
--         derived from the cfg tables by the runner: a constant pattern keeps matching ~0.8 s per
--         million rows, see pipeline/models/configTables.ts)
-- grain: one row per complaint; key: complaint_id
-- materialized: incremental
-- unique_key: complaint_id
-- (incremental: a complaint's category depends only on its own type and description and on the
--  configuration, so a nightly build classifies only the complaints loaded since; docs/incremental.md)
-- Rules (docs/metrics.md, "Taxonomy"):
--   1. complaint_type matches a synonym pattern → that category (longest pattern, then category
--      priority); category_source = 'type';
--   2. otherwise the description keyword score (sum of weights of the distinct keywords found)
--      of the best category, if it reaches min_text_score → category_source = 'text';
--   3. otherwise, when the export has a complaint_type the lexicon does not know, that value is
--      kept as the category itself (category_source = 'export'): "Cont'd attempts collect debt
--      not owed" is shown as itself, not folded into 其他;
--   4. otherwise 其他 with category_source = 'default'.
-- The structured cause (component) is never read here: a component name is not a category
-- ("SERVICE BRAKES" is not staff service); hot spots and root causes use it as the cause.
with complaints as not materialized (
    -- not materialized: read twice, and copying a million descriptions costs more than re-reading
    select complaint_id, complaint_type, lower(complaint_type) as type_key, description from stg_complaints
),

settings as (
    select min_text_score from stg_settings
),

type_keys as (
    select distinct type_key
    from complaints
    where type_key is not null
),

type_hits as (
    select
        type_key,
        unnest(list_distinct(regexp_extract_all(type_key, getvariable('cl_type_regex')))) as pattern
    from type_keys
),

type_best as (
    select
        type_hits.type_key,
        synonyms.category,
        type_hits.pattern
    from type_hits
    inner join cfg_category_synonyms as synonyms on synonyms.pattern = type_hits.pattern
    inner join cfg_categories as categories on categories.category = synonyms.category
    qualify row_number() over (
        partition by type_hits.type_key
        order by length(type_hits.pattern) desc, categories.priority, type_hits.pattern
    ) = 1
),

keyword_weights as (
    select keywords.keyword, keywords.category, keywords.weight, categories.priority
    from cfg_category_keywords as keywords
    inner join cfg_categories as categories on categories.category = keywords.category
    where keywords.weight > 0
),

hit_lists as (
    select
        complaints.complaint_id,
        -- case-insensitive matching instead of lower(description): no copy of every description
        list_sort(list_distinct(list_transform(
            regexp_extract_all(complaints.description, getvariable('cl_keyword_regex'), 0, 'i'),
            keyword -> lower(keyword)
        ))) as keywords
    from complaints
    left join type_best on type_best.type_key = complaints.type_key
    where type_best.category is null and complaints.description is not null
),

text_hits as (
    select complaint_id, unnest(keywords) as keyword from hit_lists
),

-- No per-complaint list aggregates: their states do not spill, and at 10M complaints they ran
-- out of the 1 GB memory limit. Scores are sums (spillable); the evidence is filtered row-wise
-- from the complaint's own keyword list, with this map of the (keyword, category) pairs.
keyword_pairs as (
    select map_from_entries(list({'key': keyword || chr(31) || category, 'value': true})) as pairs
    from keyword_weights
),

scored_hits as (
    select
        text_hits.complaint_id,
        text_hits.keyword,
        keyword_weights.category,
        keyword_weights.priority,
        keyword_weights.weight
    from text_hits
    inner join keyword_weights on keyword_weights.keyword = text_hits.keyword
),

text_scores as (
    select complaint_id, category, priority, sum(weight) as score
    from scored_hits
    group by complaint_id, category, priority
),

text_best as (
    -- highest score, then category priority (arg_max over a struct key, cheaper than a window)
    select
        complaint_id,
        arg_max(category, {'score': score, 'priority': -priority}) as category,
        max(score) as score
    from text_scores
    group by complaint_id
),

text_evidence as (
    -- the complaint's keywords of its best category, in order
    select
        hit_lists.complaint_id,
        array_to_string(
            list_filter(hit_lists.keywords, k -> map_contains(keyword_pairs.pairs, k || chr(31) || text_best.category)),
            ','
        ) as evidence
    from hit_lists
    inner join text_best on text_best.complaint_id = hit_lists.complaint_id
    cross join keyword_pairs
),

final as (
    select
        complaints.complaint_id,
        coalesce(type_best.category, text_best.category, complaints.complaint_type, '其他') as category,
        case
            when type_best.category is not null then 'type'
            when text_best.category is not null then 'text'
            when complaints.complaint_type is not null then 'export'
            else 'default'
        end as category_source,
        coalesce(type_best.pattern, text_evidence.evidence) as category_evidence,
        text_best.score as text_score
    from complaints
    left join type_best on type_best.type_key = complaints.type_key
    left join text_best
        on text_best.complaint_id = complaints.complaint_id
        and text_best.score >= (select min_text_score from settings)
    left join text_evidence on text_evidence.complaint_id = text_best.complaint_id
)

select * from final
