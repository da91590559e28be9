/**
 * The centers module: the county's tree of centers (in memory), their settings, and who may act for a center.
 * Other modules use only what is exported here; the Center model stays private.
 */
export { listCenters, subtreeIds, assertManages, getCenterOr404, presentCenter } from './centers.service';
export { findCenter, allCenters, subtreeOf, countyOf, invalidateCenters, type CenterEntry } from './directory';
export { settingsFor, writeSettings, settingsView } from './settings.service';
export { centerPolicy, authorizeCenter } from './centers.policy';
export { migrateLegacyCenterSettings } from './settings.migration';
export { centerRoutes } from './centers.routes';
