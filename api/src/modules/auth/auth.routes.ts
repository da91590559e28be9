import { ZPasswordLogin, ZRefresh, ZSmsSend, ZSmsSent, ZSmsVerify, ZTokens, ZUser, ZWechatLogin } from '@bianmin/shared';
import { defineRoutes } from '../../http/route';
import type { AuthService } from './auth.service';

export function authRoutes(auth: AuthService, jwtSecret: string) {
  const r = defineRoutes('/api/auth', '登录', jwtSecret);
  r.post('/sms/send', { summary: '发送短信验证码（每分钟一次，每天十次）', access: 'public', body: ZSmsSend, returns: ZSmsSent }, async ({ body, res }) => {
    res.json(await auth.sendSmsCode(body.phone));
  });
  r.post('/sms/verify', { summary: '手机号+验证码登录（首次登录自动注册）', access: 'public', body: ZSmsVerify, returns: ZTokens }, async ({ body, res }) => {
    res.json(await auth.verifySmsCode(body.phone, body.code));
  });
  r.post('/wechat', { summary: '微信小程序登录（wx.login 的 code）', access: 'public', body: ZWechatLogin, returns: ZTokens }, async ({ body, res }) => {
    res.json(await auth.wechatSignIn(body.code));
  });
  r.post('/password', { summary: '工作人员用户名+密码登录（连续失败将锁定）', access: 'public', body: ZPasswordLogin, returns: ZTokens }, async ({ body, res }) => {
    res.json(await auth.passwordSignIn(body.username, body.password));
  });
  r.post('/refresh', { summary: '用刷新令牌换取新令牌（旧令牌作废；重复使用将注销整个登录）', access: 'public', body: ZRefresh, returns: ZTokens }, async ({ body, res }) => {
    res.json(await auth.refresh(body.refreshToken));
  });
  r.post('/logout', { summary: '退出登录（注销该登录的全部刷新令牌）', access: 'public', body: ZRefresh, returns: 'none' }, async ({ body, res }) => {
    await auth.logout(body.refreshToken);
    res.status(204).end();
  });
  return r;
}

export function meRoutes(auth: AuthService, jwtSecret: string) {
  const r = defineRoutes('/api', '登录', jwtSecret);
  r.get('/me', { summary: '当前用户', access: 'any', returns: ZUser }, async ({ actor, res }) => {
    res.json(await auth.present(actor.id));
  });
  return r;
}
