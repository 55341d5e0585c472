-- int_product_cause_tests: product × root-cause lift: is a cause over-represented among a
-- product's complaints compared with its category peers, over the whole observation window?
-- inputs: int_complaints_enriched, int_batch_complaint_clusters, int_batch_hotspot_settings
-- grain: one row per (product, cause_key) with at least one complaint; key: (product, cause_key)
-- Causes as for batches (int_batch_complaints): root-cause clusters of in-scope complaints when
-- clustering ran, else the category of every complaint. 2×2 table: a = the product's complaints
-- with the cause, b = its others, c and d the same for its peers (same product_category; all
-- other products when the category has fewer than hotspots_product_min_baseline complaints).
-- lift = PRR; p_value = exact binomial mid-p (mix_midp), as for the batch cause-mix test.
-- Causes specific to products: a cause no peer has (c = 0) gives an infinite PRR by construction.
-- Where such exclusive causes are rare (a component only one model has), that is a signal worth
-- testing; where they hold more than hotspots_product_exclusive_max of the complaints, the export's
-- causes are a vocabulary per product (CFPB's Issue values: "Incorrect information on credit
-- report" exists only for credit reporting), comparing products on them measures the vocabulary,
-- not a defect, and those pairs are not tested (untested_because says why; the time-based product
-- and batch tests still see a cause that surges).
with settings as (
    select * from int_batch_hotspot_settings
),

clusters as (
    select complaint_id, cluster_id, cluster_label from int_batch_complaint_clusters
),

clustering_ran as (
    select count(*) > 0 as has_clusters from clusters
),

product_groups as (
    select
        product,
        coalesce(stable_mode(product_category), '(unknown)') as product_category
    from int_complaints_enriched
    where is_valid and product is not null
    group by product
),

complaints as (
    select
        enriched.product,
        product_groups.product_category,
        case
            when not clustering_ran.has_clusters then coalesce(enriched.category, '其他')
            when settings.test_scope = 'all' or list_contains(settings.quality_categories, enriched.category) is true then clusters.cluster_id
        end as cause_key,
        case when clustering_ran.has_clusters then 'cluster' else 'category' end as cause_kind,
        clusters.cluster_label
    from int_complaints_enriched as enriched
    cross join settings
    cross join clustering_ran
    inner join product_groups on product_groups.product = enriched.product
    left join clusters on clusters.complaint_id = enriched.complaint_id
    where enriched.is_valid
        and enriched.received_date between settings.data_start and settings.data_end
),

counts as (
    select
        product,
        product_category,
        cause_key,
        any_value(cause_kind) as cause_kind,
        case when any_value(cause_kind) = 'category' then cause_key else stable_mode(cluster_label) end as cause_label,
        count(*) as n
    from complaints
    where cause_key is not null
    group by product, product_category, cause_key
),

totals as (
    select
        counts.*,
        sum(n) over (partition by product) as product_n,
        sum(n) over (partition by product_category, cause_key) as category_cause_n,
        sum(n) over (partition by product_category) as category_n,
        sum(n) over (partition by cause_key) as all_cause_n,
        sum(n) over () as all_n
    from counts
),

-- Multiple testing: every (product, cause) pair whose cause occurs among the product's peers or
-- in the product is a hypothesis, also those with no complaint of the cause in the product.
category_causes as (
    select product_category, count(distinct cause_key) as causes
    from counts
    group by product_category
),

families as (
    select
        sum(
            case
                when products.category_n - products.product_n >= settings.product_min_baseline then category_causes.causes
                else (select count(distinct cause_key) from counts)
            end
        ) as family_size
    from (select distinct product, product_category, product_n, category_n from totals) as products
    inner join category_causes on category_causes.product_category = products.product_category
    cross join settings
),

tables as (
    select
        totals.*,
        case when totals.category_n - totals.product_n >= settings.product_min_baseline then 'category' else 'all_products' end as baseline_group
    from totals
    cross join settings
),

cells as (
    select
        tables.*,
        n as a,
        product_n - n as b,
        case when baseline_group = 'category' then category_cause_n - n else all_cause_n - n end as c,
        case
            when baseline_group = 'category' then (category_n - product_n) - (category_cause_n - n)
            else (all_n - product_n) - (all_cause_n - n)
        end as d
    from tables
),

-- Share of the complaints whose cause no peer has (c = 0, the peers large enough to tell).
exclusivity as (
    select coalesce(sum(a) filter (where c = 0 and c + d >= settings.product_min_baseline) / nullif(sum(a), 0), 0)
        as exclusive_share
    from cells
    cross join settings
),

vocabulary as (
    select
        cells.*,
        cells.c = 0 and exclusivity.exclusive_share > settings.product_exclusive_max as is_vocabulary_pair,
        exclusivity.exclusive_share
    from cells
    cross join settings
    cross join exclusivity
),

judged as (
    select
        vocabulary.*,
        vocabulary.a >= settings.mix_min_complaints and vocabulary.c + vocabulary.d >= settings.product_min_baseline
            and not vocabulary.is_vocabulary_pair as is_tested
    from vocabulary
    cross join settings
),

final as (
    select
        'product_cause' as level,
        families.family_size,
        cells.product,
        cells.product_category,
        cells.cause_kind,
        cells.cause_key,
        cells.cause_label,
        cells.baseline_group,
        cells.a,
        cells.b,
        cells.c,
        cells.d,
        cells.a / (cells.a + cells.b) as share,
        case when cells.c + cells.d > 0 then cells.c / (cells.c + cells.d) end as baseline_share,
        prr(cells.a, cells.b, cells.c, cells.d) as lift,
        ror(cells.a, cells.b, cells.c, cells.d) as ror,
        ror_lower(cells.a, cells.b, cells.c, cells.d, settings.ci_level) as ror_lower,
        ror_upper(cells.a, cells.b, cells.c, cells.d, settings.ci_level) as ror_upper,
        chi2_yates(cells.a, cells.b, cells.c, cells.d) as chi2,
        case when cells.is_tested then mix_midp(cells.a, cells.b, cells.c, cells.d) end as p_value,
        -- why the pair is not tested: a code (pipeline/contract/hotspotCodes.ts) and the numbers
        -- its sentence cites (pipeline/messages/productHotspots.ts words them)
        case
            when cells.a < settings.mix_min_complaints then 'few_cause_complaints'
            when cells.c + cells.d < settings.product_min_baseline then 'few_peer_complaints'
            when cells.is_vocabulary_pair then 'product_specific_cause'
        end as untested_because,
        case when cells.a < settings.mix_min_complaints then settings.mix_min_complaints end::double as reason_limit,
        cells.exclusive_share,
        cells.is_tested
    from judged as cells
    cross join settings
    cross join families
)

select * from final
