/** The checklists module: citizens' saved 一次性告知 lists. The Checklist model stays private. */
export { backfillLatestChecklists, latestChecklistFor, missingByLatestChecklist, type SavedChecklistRef } from './checklists.service';
export { checklistPolicy } from './checklists.policy';
export { checklistRoutes } from './checklists.routes';
