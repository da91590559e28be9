import { Schema, model, type InferSchemaType } from 'mongoose';
import { ROLES } from '@bianmin/shared';
import { schemaOptions, factOptions } from '../../db/schema-options';

const userSchema = new Schema(
  {
    role: { type: String, enum: ROLES, required: true },
    name: { type: String, required: true },
    /** Staff, agents and admins belong to one center. */
    centerId: { type: Schema.Types.ObjectId, ref: 'Center' },
    /** 工号 of staff, when the center gives one (shown on scorecards and 台账). */
    staffNo: { type: String },
    /** Citizens signed in by SMS; kept for the people who handle their cases, masked everywhere else. */
    phone: { type: String },
    username: { type: String },
    passwordHash: { type: String },
    disabled: { type: Boolean, default: false },
    /**
     * Set once when the citizen first saves a 一次性告知 checklist (never unset): a booking reads the saved checklist
     * only for citizens who have one, saving most bookings a database read.
     */
    savedChecklists: { type: Boolean },
  },
  schemaOptions,
);
// Staff lists per center.
userSchema.index({ centerId: 1, role: 1 });
export const User = model('User', userSchema);
export type TUserDoc = InferSchemaType<typeof userSchema> & { _id: Schema.Types.ObjectId };

/**
 * A way to sign in that points at one user: `phone:13800000000`, `wechat:<openid>`, `username:zhangsan`.
 * The _id is the unique key: two first sign-ins racing for one phone cannot create two accounts.
 */
const identitySchema = new Schema({ _id: { type: String }, userId: { type: Schema.Types.ObjectId, required: true } }, factOptions);
export const Identity = model('Identity', identitySchema);

/** One issued refresh token (its secret is stored only as a hash). Tokens of one sign-in share a family. */
const refreshTokenSchema = new Schema(
  {
    _id: { type: String },
    familyId: { type: String, required: true },
    userId: { type: Schema.Types.ObjectId, required: true },
    secretHash: { type: String, required: true },
    expiresAt: { type: Date, required: true },
  },
  factOptions,
);
export const RefreshToken = model('RefreshToken', refreshTokenSchema);

/** A refresh token that was used. _id = token id: the unique key lets exactly one refresh spend it. */
export const SpentToken = model('SpentToken', new Schema({ _id: { type: String } }, factOptions));

/** A family revoked by sign-out or by reuse of a spent token. _id = family id. */
export const RevokedFamily = model(
  'RevokedFamily',
  new Schema({ _id: { type: String }, reason: { type: String, enum: ['logout', 'reuse'], required: true } }, factOptions),
);

/** An SMS code sent (its value stored only as a hash). */
const smsCodeSchema = new Schema(
  {
    /** `phone:minute`, unique: at most one code per phone per minute, even under concurrent sends. */
    slot: { type: String, required: true },
    phone: { type: String, required: true },
    codeHash: { type: String, required: true },
    expiresAt: { type: Date, required: true },
  },
  factOptions,
);
smsCodeSchema.index({ slot: 1 }, { unique: true });
// Latest code for a phone; daily send count.
smsCodeSchema.index({ phone: 1, createdAt: -1 });
export const SmsCode = model('SmsCode', smsCodeSchema);

/** A used SMS code (_id = the code's id); the unique _id makes each code single-use. */
export const SmsCodeUse = model('SmsCodeUse', new Schema({ _id: { type: String } }, factOptions));

/**
 * Sign-in attempts, appended (never counters updated in place): lockout counts failures since the last success.
 * key = `password:<username>` or `sms:<phone>`.
 */
const attemptSchema = new Schema({ key: { type: String, required: true }, ok: { type: Boolean, required: true } }, factOptions);
// Recent attempts for one key.
attemptSchema.index({ key: 1, createdAt: -1 });
export const AuthAttempt = model('AuthAttempt', attemptSchema);

/**
 * The right to evaluate one guess, claimed before the credential is looked at. _id = `<key>|<generation>|<n>`, where
 * the generation is the last success of that key and n counts guesses since it: the unique _id lets at most five
 * guesses per generation be evaluated however many arrive at once (then one more per expired lockout). Slots older
 * than a day are stale and may be taken again.
 */
export const AuthSlot = model('AuthSlot', new Schema({ _id: { type: String } }, factOptions));
