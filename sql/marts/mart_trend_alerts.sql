-- mart_trend_alerts: the trend, spike, shift, drop and emerging-root-cause alerts of the recent
-- window, one row per alert episode, with a plain-language reason in Chinese and English.
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

labelled as (
    select
        recent.*,
        case dimension
            when 'all' then '全部投诉'
            when 'category' then '投诉类别'
            when 'product_category' then '产品类别'
            when 'product' then '产品型号'
            when 'channel' then '渠道'
            when 'region' then '地区'
            when 'department' then '处理部门'
            when 'cluster' then '根因簇'
            when 'category_region' then '类别×地区'
            else dimension
        end as dimension_zh,
        case dimension
            when 'all' then 'All complaints'
            when 'category' then 'Category'
            when 'product_category' then 'Product category'
            when 'product' then 'Product'
            when 'channel' then 'Channel'
            when 'region' then 'Region'
            when 'department' then 'Department'
            when 'cluster' then 'Root-cause cluster'
            when 'category_region' then 'Category × region'
            else dimension
        end as dimension_en,
        case grain when 'week' then strftime(period_start, '%G-W%V') else strftime(period_start, '%Y-%m') end as period_label,
        case grain when 'week' then strftime(first_alert_period, '%G-W%V') else strftime(first_alert_period, '%Y-%m') end
            as first_label,
        case grain when 'week' then '周' else '月' end as unit_zh,
        grain as unit_en,
        case when p_value is null then '' when p_value < 1e-4 then printf('%.1e', p_value) else printf('%.4f', p_value) end
            as p_text,
        case when q_value is null then '' when q_value < 1e-4 then printf('%.1e', q_value) else printf('%.4f', q_value) end
            as q_text
    from recent
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
        case kind
            when 'spike' then dimension_zh || '「' || member || '」' || period_label || ' 投诉 ' || cast(observed as bigint)
                || ' 件，按基线预期约 ' || printf('%.1f', expected) || ' 件（' || printf('%.1f', observed / nullif(expected, 0))
                || ' 倍），单期突增，P=' || p_text || '。'
            when 'drop' then dimension_zh || '「' || member || '」' || period_label || ' 仅 ' || cast(observed as bigint)
                || ' 件，按基线预期约 ' || printf('%.1f', expected) || ' 件（下降 '
                || printf('%.0f', 100 * (1 - observed / nullif(expected, 0))) || '%），P=' || p_text
                || '。渠道或来源突然沉寂可能意味着数据导出中断，请核对。'
            when 'shift' then dimension_zh || '「' || member || '」自 ' || first_label || ' 起持续高于基线（CUSUM '
                || printf('%.1f', score) || '，报警阈值 ' || printf('%.1f', cusum_h) || '）：' || period_label || ' 投诉 '
                || cast(observed as bigint) || ' 件，基线约 ' || printf('%.1f', expected) || ' 件。'
            when 'trend' then dimension_zh || '「' || member || '」近 ' || mk_window || ' ' || unit_zh || '持续上升：Sen 斜率 +'
                || printf('%.2f', slope) || ' 件/' || unit_zh || '（约为中位水平 ' || printf('%.1f', expected) || ' 件的 '
                || printf('%.0f', 100 * slope * (mk_window - 1) / nullif(expected, 0)) || '%），Mann-Kendall z='
                || printf('%.2f', score) || '，多重检验校正后 q=' || q_text || '。'
            when 'emerging' then '根因簇「' || member || '」近 ' || emerging_weeks || ' 周占全部投诉的 ' || printf('%.1f', 100 * slope)
                || '%（' || cast(observed as bigint) || ' 件），按此前占比预期约 ' || printf('%.1f', expected) || ' 件（'
                || coalesce(printf('%.1f', score) || ' 倍', '新出现') || '），q=' || q_text || '。'
        end as reason_zh,
        case kind
            when 'spike' then dimension_en || ' "' || member || '": ' || cast(observed as bigint) || ' complaints in '
                || period_label || ' against about ' || printf('%.1f', expected) || ' expected from its baseline ('
                || printf('%.1f', observed / nullif(expected, 0)) || '×), a one-period spike, p=' || p_text || '.'
            when 'drop' then dimension_en || ' "' || member || '": only ' || cast(observed as bigint) || ' complaints in '
                || period_label || ' against about ' || printf('%.1f', expected) || ' expected ('
                || printf('%.0f', 100 * (1 - observed / nullif(expected, 0))) || '% lower), p=' || p_text
                || '. A source going quiet can mean a broken export: check the data feed.'
            when 'shift' then dimension_en || ' "' || member || '" has stayed above its baseline since ' || first_label
                || ' (CUSUM ' || printf('%.1f', score) || ', alarm at ' || printf('%.1f', cusum_h) || '): '
                || cast(observed as bigint) || ' complaints in ' || period_label || ' against a baseline of about '
                || printf('%.1f', expected) || '.'
            when 'trend' then dimension_en || ' "' || member || '" has risen over the last ' || mk_window || ' ' || unit_en
                || 's: Sen slope +' || printf('%.2f', slope) || ' complaints per ' || unit_en || ' (about '
                || printf('%.0f', 100 * slope * (mk_window - 1) / nullif(expected, 0)) || '% of its median level of '
                || printf('%.1f', expected) || '), Mann-Kendall z=' || printf('%.2f', score)
                || ', q=' || q_text || ' after correcting for all series tested.'
            when 'emerging' then 'Root-cause cluster "' || member || '" made up ' || printf('%.1f', 100 * slope)
                || '% of all complaints in the last ' || emerging_weeks || ' weeks (' || cast(observed as bigint) || '), against about '
                || printf('%.1f', expected) || ' expected at its earlier share ('
                || coalesce(printf('%.1f', score) || '×', 'new') || '), q=' || q_text || '.'
        end as reason_en
    from labelled
)

select * from final
