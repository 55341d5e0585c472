-- int_complaint_repeats: whether a complaint repeats an earlier one from the same customer about
-- the same product within the repeat window (config repeat.windowDays).
-- inputs: stg_complaints, stg_settings
-- grain: one row per valid complaint with both customer_id and product; key: complaint_id
-- materialized: incremental
-- unique_key: complaint_id
-- depends_on_group: customer_id, product
-- (incremental: a complaint's flag depends on the complaints of its customer and product only; a
--  nightly build redoes the groups a loaded complaint belongs or belonged to, every member of
--  them in view, so the window sees whole groups; docs/incremental.md)
-- Invalid complaints neither are repeats nor make a later complaint one. Ties on received_at are
-- broken by complaint_id so the flag is deterministic.
with complaints as (
    select complaint_id, customer_id, product, received_at
    from stg_complaints
    where customer_id is not null
      and product is not null
      and status is distinct from 'invalid'
),

settings as (
    select repeat_window_days from stg_settings
),

ordered as (
    select
        complaint_id,
        received_at,
        lag(complaint_id) over customer_product as previous_complaint_id,
        lag(received_at) over customer_product as previous_received_at
    from complaints
    window customer_product as (partition by customer_id, product order by received_at, complaint_id)
),

final as (
    select
        ordered.complaint_id,
        ordered.previous_complaint_id,
        ordered.previous_received_at,
        coalesce(
            epoch(ordered.received_at) - epoch(ordered.previous_received_at) <= settings.repeat_window_days * 86400,
            false
        ) as is_repeat
    from ordered
    cross join settings
)

select * from final
