-- mart_categories: the taxonomy's categories as the dashboard and the report name them: the
-- handbook category (its Chinese name, as every mart's category column holds it), its priority
-- (ties between categories break on it) and its configured English label. A model mart (not a
-- journal view): cfg_categories is written by the build itself from the taxonomy, so this mart is
-- as current as the models that classify with it.
-- inputs: cfg_categories (pipeline/models/configTables.ts)
-- grain: one row per category; key: category
-- label_en: NULL when the taxonomy has no English label for the category.
with categories as (
    select * from cfg_categories
),

final as (
    select
        category,
        priority,
        label_en
    from categories
)

select * from final
