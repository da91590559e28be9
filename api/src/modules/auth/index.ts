/**
 * The auth module: sign-in (SMS, WeChat, password), tokens and sessions, and the user directory. Other modules read
 * users only through the queries exported here; the User and Identity models stay private.
 */
export { createAuthService, type AuthService, type AuthDeps } from './auth.service';
export { authRoutes, meRoutes } from './auth.routes';
export { httpSmsSender, logSmsSender, type SmsSender } from './sms-sender';
export { wechatClient, type WechatClient, type WechatSession } from './wechat-client';
export { usersByIds, userNames, findUser, userContacts, bookingContact, markSavedChecklists, usersAt, wechatOpenId, usersWithStaffNo, setStaffNo, type UserRef, type UserContact } from './auth.queries';
