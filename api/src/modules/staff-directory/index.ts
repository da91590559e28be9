/**
 * The staff directory (挂牌上岗): each staff member's and agent's public card — 工号, post, window, duties, photo —
 * and the lookup complaints use to name a person. The card model stays private.
 */
export { createStaffDirectoryService, resolveNamedStaff, type StaffDirectoryService } from './staff-directory.service';
export { staffDirectoryRoutes } from './staff-directory.routes';
export { staffDirectoryPolicy } from './staff-directory.policy';
