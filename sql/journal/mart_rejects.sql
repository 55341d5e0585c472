-- mart_rejects: every input row a load refused, with its reason and the raw row as read, for the
-- Pipeline page (rejects by reason, with samples) and the rejects export.
-- A journal mart: a view over the run journal, created with the base tables by every write
-- (pipeline/warehouse/init.ts), so it is current right after an ingest, before any build.
-- inputs: rejects (base table written by ingest)
-- grain: one row per refused row; key: the whole row (the rejects export orders by it)
-- raw is the row as read, unmasked: the readers mask it for everyone but admins.
with rejected as (
    select * from rejects
),

final as (
    select
        run_id,
        file,
        row_number,
        reason,
        message,
        raw,
        complaint_id
    from rejected
)

select * from final
