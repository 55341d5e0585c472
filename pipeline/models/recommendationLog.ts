// Keeps recommendation_log (base table) in step with mart_recommendations after a build: a new
// rec_id is added with the mart's first_raised_on (the first day its evidence held, derived from
// history); a known one keeps its first date and gets the latest run and score. The mart reads
// the log of the nights before, so first_raised_on never moves once a recommendation was shown —
// the batch model, for one, re-estimates when a batch would first have been flagged every night.
// A known rec_id is updated only when its score changed (last_run_id: the run that raised it or
// last changed its score): the mart reads the log, so a log rewritten every night (a new
// last_run_id on every row) made the recommendations a rebuild every night even when nothing they
// read had changed; now a night that changes nothing leaves the log, and so the mart, as it was
// (kept tables, docs/incremental.md).
import type { Db } from '../db.ts';

export const recommendationMart = 'mart_recommendations';

export async function recordRecommendations(db: Db, runId: number): Promise<void> {
  await db.run(
    `merge into recommendation_log as log
     using (select rec_id, rule, subject_key, first_raised_on, score from ${recommendationMart}) as rec
     on log.rec_id = rec.rec_id
     when matched and log.last_score is distinct from rec.score then update set last_run_id = $run, last_score = rec.score
     when not matched then insert (rec_id, rule, subject_key, first_raised_on, first_run_id, last_run_id, last_score)
       values (rec.rec_id, rec.rule, rec.subject_key, rec.first_raised_on, $run, $run, rec.score)`,
    { run: runId },
  );
}
