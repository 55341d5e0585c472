-- stable_mode(x): the most frequent non-NULL value of x, ties to the smallest value (NULL when x
-- has none). DuckDB's mode() returns one of the tied values at random, so a rebuild could name
-- another owner department, production date or product category for the same data (an
-- incremental night and its --full-refresh named 财务部 and 销售部 as one recommendation's owner).
-- An aggregate used like mode(): histogram counts the values, the entries sort by count (negated)
-- then value.
create or replace macro stable_mode(x) as
    list_sort(list_transform(map_entries(histogram(x)), e -> {'n': -e.value, 'v': e.key}))[1].v;
