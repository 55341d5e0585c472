// Drill-downs to the complaint list are links only for a role that may open it (analyst, admin):
// a viewer sees the same figures without links and chart clicks that would answer 403. Which
// routes the signed-in role may open comes with the layout's data (`openable`, from the one
// route-rule table in #lib/server/auth/access.ts); the server enforces it either way.
import { page } from '$app/state';

export function mayListComplaints(): boolean {
  return page.data.openable?.includes('/complaints') ?? true;
}
