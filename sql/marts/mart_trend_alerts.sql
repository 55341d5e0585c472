-- mart_trend_alerts: the trend, spike, shift, drop and emerging-root-cause alerts of the recent
-- window, one row per alert episode, with the numbers its reason is worded from (codes, not prose:
-- pipeline/messages/trendAlerts.ts words it for the dashboard and the report).
-- inputs: int_trend_signals, int_trend_emerging, int_series_filled, int_trend_settings
-- grain: one row per alert episode (kind, grain, dimension, member, first_alert_period);
--        key: alert_id
-- An episode is a run of periods the detector flags, gaps of up to trend_episode_gap unflagged
-- periods included; first_alert_period is its first flagged period and period_start its latest,
-- whose numbers the row shows. Episodes whose latest flag is older than trend_recent_weeks /
-- trend_recent_months before the last complete period are left out. Every detector is
-- sequential, so a past episode and its first_alert_period do not change when data are added, and
-- alert_id = md5(kind|grain|dimension|member|first_alert_period) is stable across runs.
-- Kinds: spike, drop, shift (CUSUM), trend (Mann-Kendall + Benjamini-Hochberg), emerging.
-- score: spike/drop the Anscombe residual (≈ standard deviations), shift the CUSUM statistic,
-- trend the Mann-Kendall z, emerging the ratio of recent to baseline share.
with settings as (
    select * from int_trend_settings
),

signals as (
    select * from int_trend_signals
),

flags as (
    select grain, dimension, member, period_start, period_index, 'spike' as kind, complaints as observed,
        expected, residual_z as score, spike_p as p_value, spike_q as q_value, null::double as slope, mk_window
    from signals where spike_flag
    union all
    select grain, dimension, member, period_start, period_index, 'drop' as kind, complaints as observed,
        expected, residual_z as score, drop_p as p_value, drop_q as q_value, null::double as slope, mk_window
    from signals where drop_flag
    union all
    select grain, dimension, member, period_start, period_index, 'shift' as kind, complaints as observed,
        expected_level as expected, cusum as score, null::double as p_value, null::double as q_value,
        null::double as slope, mk_window
    from signals where shift_flag
    union all
    select grain, dimension, member, period_start, period_index, 'trend' as kind, complaints as observed,
        mk_median as expected, mk_z as score, trend_p as p_value, trend_q as q_value, sen_slope as slope, mk_window
    from signals where trend_flag
    union all
    select grain, dimension, member, period_start, period_index, 'emerging' as kind,
        recent_complaints as observed, expected_recent as expected,
        recent_share / nullif(baseline_share, 0) as score, p_value, q_value,
        recent_share as slope, null::integer as mk_window
    from int_trend_emerging where emerging_flag
),

episodes_marked as (
    select
        flags.*,
        case
            when flags.period_index - lag(flags.period_index) over series_kind <= settings.episode_gap + 1 then 0
            else 1
        end as starts_episode
    from flags
    cross join settings
    window series_kind as (partition by flags.kind, flags.grain, flags.dimension, flags.member order by flags.period_index)
),

episodes_numbered as (
    select
        *,
        sum(starts_episode) over (
            partition by kind, grain, dimension, member order by period_index
            rows between unbounded preceding and current row
        ) as episode
    from episodes_marked
),

episodes as (
    select
        *,
        min(period_start) over episode_rows as first_alert_period,
        count(*) over episode_rows as alert_periods,
        row_number() over (partition by kind, grain, dimension, member, episode order by period_index desc) as recency
    from episodes_numbered
    window episode_rows as (partition by kind, grain, dimension, member, episode)
),

last_complete as (
    select grain, max(period_index) as last_index, max(period_start) as last_period
    from int_series_filled
    where is_complete
    group by grain
),

recent as (
    select
        episodes.*,
        last_complete.last_period,
        episodes.period_index = last_complete.last_index as is_ongoing,
        settings.cusum_h,
        settings.emerging_weeks
    from episodes
    inner join last_complete on last_complete.grain = episodes.grain
    cross join settings
    where episodes.recency = 1
      and episodes.period_index > last_complete.last_index
          - case episodes.grain when 'week' then settings.recent_weeks else settings.recent_months end
),

final as (
    select
        md5(kind || '|' || grain || '|' || dimension || '|' || member || '|' || strftime(first_alert_period, '%Y-%m-%d'))[1:16]
            as alert_id,
        kind,
        grain,
        dimension,
        member,
        period_start,
        cast(observed as double) as observed,
        expected,
        score,
        p_value,
        q_value,
        first_alert_period,
        cast(alert_periods as integer) as alert_periods,
        is_ongoing,
        slope,
        -- what the reason needs beyond the row's numbers: the test's window and alarm limit
        cast(case kind when 'trend' then mk_window when 'emerging' then emerging_weeks end as integer) as window_periods,
        case kind when 'shift' then cusum_h end as alarm_threshold
    from recent
)

select * from final
