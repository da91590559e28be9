import { Schema, model } from 'mongoose';
import { schemaOptions } from '../../db/schema-options';

/** A questionnaire. Editable while a draft; published ones are fixed so results stay comparable. */
const surveySchema = new Schema(
  {
    centerId: { type: Schema.Types.ObjectId, required: true },
    centerKey: { type: String, required: true },
    title: { type: String, required: true },
    intro: { type: String, default: '' },
    questions: { type: Schema.Types.Mixed, required: true },
    opensOn: { type: String, required: true },
    closesOn: { type: String, required: true },
    targetSample: { type: Number, required: true },
    status: { type: String, enum: ['draft', 'published'], required: true },
    createdBy: { type: Schema.Types.ObjectId, required: true },
  },
  schemaOptions,
);
surveySchema.index({ centerKey: 1, createdAt: -1 });
export const Survey = model('Survey', surveySchema);

/** A printed 评议卡: _id is the unguessable token (128 bits). */
export const SurveyToken = model(
  'SurveyToken',
  new Schema({ _id: { type: String }, surveyId: { type: String, required: true } }, { timestamps: false, strict: 'throw', versionKey: false }),
);

/**
 * Who has taken part, kept apart from the answers: `t:<token>` or `u:<survey>:<user>`. Unique: one response per card
 * or citizen. No time, no link to the response.
 */
export const SurveyParticipation = model('SurveyParticipation', new Schema({ _id: { type: String } }, { timestamps: false, strict: 'throw', versionKey: false }));

/** The answers, with no account, token, IP or device — and only the day, so timing cannot link them to a person. */
const responseSchema = new Schema(
  { surveyKey: { type: String, required: true }, day: { type: String, required: true }, answers: { type: Schema.Types.Mixed, required: true } },
  { timestamps: false, strict: 'throw', versionKey: false },
);
responseSchema.index({ surveyKey: 1 });
export const SurveyResponse = model('SurveyResponse', responseSchema);
