-- int_complaint_severity: severity_grade 一般/重大/紧急 of every complaint, the reasons, and the
-- external-escalation flag it depends on.
-- inputs: stg_complaints, stg_settings, int_complaint_repeats, cfg_severity_words,
--         cfg_severity_levels, cfg_severity_grades, cfg_escalation_channels;
--         session variable cl_severity_regex (alternation of the severity words, see configTables.ts)
-- grain: one row per complaint; key: complaint_id
-- materialized: incremental
-- unique_key: complaint_id
-- (incremental: a complaint's grade depends on its own text, channel, severity and compensation
--  and on the configuration, plus its repeat flag, which a change to any complaint of the same
--  customer and product can flip: the keys int_complaint_repeats redid, those groups, are redone
--  here too; docs/incremental.md)
-- Rules (docs/metrics.md, "Severity"): the grade is the highest of
--   紧急 if complaint_type or description holds a 紧急 word (safety: fire, explosion, shock, …);
--   重大 if it holds a 重大 word (lawsuit, media, regulator, …), the channel is an external
--        escalation channel, the complaint is a repeat, or compensation > the threshold;
--   the explicit export severity, when recognised (so it can only raise the grade);
--   一般 otherwise.
with complaints as not materialized (
    -- not materialized: read three times, and copying a million descriptions costs more than re-reading
    select complaint_id, complaint_type, description, channel, severity, compensation
    from stg_complaints
),

settings as (
    select compensation_threshold from stg_settings
),

repeats as (
    select complaint_id, is_repeat from int_complaint_repeats
),

channels as (
    select distinct channel
    from complaints
    where channel is not null
),

external_channels as (
    select
        channels.channel,
        exists (
            select 1 from cfg_escalation_channels as escalation
            where escalation.channel = lower(channels.channel)
        ) as is_external
    from channels
),

word_ranks as (
    select words.word, grades.severity_rank
    from cfg_severity_words as words
    inner join cfg_severity_grades as grades on grades.severity = words.severity
),

word_hits as (
    -- complaint_type and description matched separately and case-insensitively: no concatenated
    -- or lower-cased copy of every description
    select
        complaint_id,
        unnest(list_distinct(list_transform(
            list_concat(
                regexp_extract_all(coalesce(complaint_type, ''), getvariable('cl_severity_regex'), 0, 'i'),
                regexp_extract_all(coalesce(description, ''), getvariable('cl_severity_regex'), 0, 'i')
            ),
            word -> lower(word)
        ))) as word
    from complaints
    where complaint_type is not null or description is not null
),

word_grades as (
    select
        word_hits.complaint_id,
        max(grades.severity_rank) as word_rank,
        array_to_string(list_sort(list(word_hits.word)), ',') as words
    from word_hits
    inner join word_ranks as grades on grades.word = word_hits.word
    group by word_hits.complaint_id
),

levels as (
    select levels.value, grades.severity_rank
    from cfg_severity_levels as levels
    inner join cfg_severity_grades as grades on grades.severity = levels.severity
),

flags as (
    select
        complaints.complaint_id,
        complaints.severity as severity_raw,
        coalesce(external_channels.is_external, false) as is_external,
        repeats.is_repeat,
        coalesce(complaints.compensation > settings.compensation_threshold, false) as compensation_over_threshold,
        coalesce(word_grades.word_rank, 1) as word_rank,
        word_grades.words,
        levels.severity_rank as explicit_rank
    from complaints
    cross join settings
    left join external_channels on external_channels.channel = complaints.channel
    left join repeats on repeats.complaint_id = complaints.complaint_id
    left join word_grades on word_grades.complaint_id = complaints.complaint_id
    left join levels on levels.value = lower(complaints.severity)
),

ranked as (
    select
        *,
        greatest(
            word_rank,
            case when is_external or coalesce(is_repeat, false) or compensation_over_threshold then 2 else 1 end,
            coalesce(explicit_rank, 1)
        ) as severity_rank
    from flags
),

final as (
    select
        ranked.complaint_id,
        grades.severity as severity_grade,
        ranked.severity_rank,
        nullif(concat_ws(
            '; ',
            case when ranked.words is not null then 'words: ' || ranked.words end,
            case when ranked.is_external then 'external channel' end,
            case when ranked.is_repeat then 'repeat complaint' end,
            case when ranked.compensation_over_threshold then 'compensation over threshold' end,
            case when ranked.explicit_rank is not null then 'export severity: ' || ranked.severity_raw end
        ), '') as severity_reasons,
        ranked.is_external,
        -- passed on so int_complaints_enriched needs no join of its own (NULL: not decidable)
        ranked.is_repeat,
        ranked.compensation_over_threshold,
        ranked.explicit_rank is not null as severity_recognised
    from ranked
    inner join cfg_severity_grades as grades on grades.severity_rank = ranked.severity_rank
)

select * from final
