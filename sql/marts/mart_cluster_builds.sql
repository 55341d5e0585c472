-- mart_cluster_builds: one row per run of the root-cause clustering — when and how it ran, which
-- fit its clusters come from, and, for a cold or warm rebuild of a previous model, which clusters
-- people already know it changed, added and retired (by id and label). The Root causes page shows
-- the current fit's changes so that a root cause that moved is never a silent change.
-- inputs: cluster_builds, cluster_labels and complaint_clusters (written by the clustering step,
--         pipeline/cluster/model.ts; reading complaint_clusters also orders this mart after it)
-- grain: one row per clustering run; key: build_id
-- is_current_fit: this run is the fit the current clusters come from (max fit_build).
-- kept … retired_labels: from cluster_builds.changes (pipeline/cluster/changes.ts); all NULL when
--   the run recorded none (an assignment, or a first build with nothing to compare with). The
--   lists keep the recorded order (changed: least similar first); an id without a label is
--   named #<id>.
-- assignments: complaints whose current cluster (or unassigned) this run set.
with builds as (
    select
        build_id,
        built_at,
        mode,
        reason,
        fit_build,
        clusters,
        from_json(changes, '{"kept": "INTEGER", "changed": [{"id": "INTEGER"}], "new": ["INTEGER"], "retired": ["INTEGER"]}') as changes
    from cluster_builds
),

change_ids as (
    select build_id, 'changed' as change, list_transform(changes.changed, c -> c.id) as ids from builds
    union all
    select build_id, 'new', changes.new from builds
    union all
    select build_id, 'retired', changes.retired from builds
),

change_rows as (
    select build_id, change, unnest(ids) as cluster_id, unnest(generate_series(1, len(ids))) as position
    from change_ids
),

named as (
    select
        c.build_id,
        c.change,
        c.position,
        cast(c.cluster_id as varchar) as cluster_id,
        coalesce(l.label, '#' || c.cluster_id) as label
    from change_rows as c
    left join cluster_labels as l on l.cluster_id = c.cluster_id
),

listed as (
    select
        build_id,
        list(cluster_id order by position) filter (where change = 'changed') as changed_ids,
        list(label order by position) filter (where change = 'changed') as changed_labels,
        list(cluster_id order by position) filter (where change = 'new') as new_ids,
        list(label order by position) filter (where change = 'new') as new_labels,
        list(cluster_id order by position) filter (where change = 'retired') as retired_ids,
        list(label order by position) filter (where change = 'retired') as retired_labels
    from named
    group by build_id
),

assigned as (
    select assigned_build as build_id, count(*) as assignments
    from complaint_clusters
    group by assigned_build
),

final as (
    select
        b.build_id,
        b.built_at,
        b.mode,
        b.reason,
        b.fit_build,
        b.build_id = (select max(fit_build) from cluster_builds) as is_current_fit,
        b.clusters,
        b.changes.kept as kept,
        case when b.changes is not null then coalesce(l.changed_ids, []) end as changed_ids,
        case when b.changes is not null then coalesce(l.changed_labels, []) end as changed_labels,
        case when b.changes is not null then coalesce(l.new_ids, []) end as new_ids,
        case when b.changes is not null then coalesce(l.new_labels, []) end as new_labels,
        case when b.changes is not null then coalesce(l.retired_ids, []) end as retired_ids,
        case when b.changes is not null then coalesce(l.retired_labels, []) end as retired_labels,
        coalesce(a.assignments, 0) as assignments
    from builds as b
    left join listed as l on l.build_id = b.build_id
    left join assigned as a on a.build_id = b.build_id
)

select * from final
