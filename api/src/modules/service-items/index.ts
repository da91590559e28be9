/**
 * The service-items module: the catalog of 办事指南 (versions, publishing, search) and the 一次性告知 notice. Other
 * modules read items only through what is exported here (plain objects); the models stay private.
 */
export { getPublished, getVersion, itemsByIds, listPublished, catalogRevision, detailEtag, REVISION_CHECK_MS, type ItemRef } from './service-items.service';
export { serviceItemPolicy, authorizeCatalog } from './service-items.policy';
export { checkItem, shareUrl } from './notice';
export { serviceItemRoutes, noticeRoutes, adminServiceItemRoutes } from './service-items.routes';
export { caseTypesOf } from './facts';
