import { useState } from 'react';
import { Text, View } from '@tarojs/components';
import type { TUser } from '@bianmin/shared';
import { Notice } from '../../../../components/notice';
import { PageShell } from '../../../../components/page-shell';
import { RoleGate } from '../../../../components/role-gate';
import { readStored, STORAGE_KEYS, writeStored } from '../../../../services/storage';
import { a11y } from '../../../../utils/a11y';
import { SurveyActions } from '../../components/surveys/survey-actions';
import { SurveyBuilder } from '../../components/surveys/survey-builder';
import type { TStoredSurvey } from '../../components/surveys/survey-form';
import '../../styles/evaluation.scss';

/**
 * 群众评议问卷 (admin): build a questionnaire (title, intro, dates, 目标样本, questions one by one), save it as a draft,
 * publish it, print 评议卡 (a link and QR code each) and read the results. The API keeps no list of an admin's
 * questionnaires, so this phone remembers the ones created here.
 */
export default function StaffSurveys() {
  return (
    <PageShell>
      <RoleGate roles={['admin']} prompt="群众评议问卷只供中心管理员使用。" loginUrl="/packages/staff/pages/login/index" loginText="工作人员登录">
        {(user) => (user.centerId ? <Surveys user={user} centerId={user.centerId} /> : <Notice tone="error">群众评议问卷只供中心管理员使用。</Notice>)}
      </RoleGate>
    </PageShell>
  );
}

function Surveys({ user, centerId }: { user: TUser; centerId: string }) {
  const storeKey = `${STORAGE_KEYS.adminSurveysPrefix}${user.id}`;
  const [mine, setMine] = useState<TStoredSurvey[]>(() => readStored<TStoredSurvey[]>(storeKey) ?? []);
  const [selected, setSelected] = useState('');
  const remember = (list: TStoredSurvey[]) => {
    setMine(list);
    writeStored(storeKey, list);
  };
  const current = mine.find((s) => s.id === selected);

  return (
    <>
      <View className="card" data-testid="my-surveys">
        <Text className="section-title">我建的问卷</Text>
        {mine.length === 0 ? <Text className="text-2 block">还没有问卷。在下面新建一份。</Text> : null}
        <View className="choice-row">
          {mine.map((s) => (
            <View
              key={s.id}
              className={`btn${s.id === selected ? ' choice-on' : ''}`}
              data-testid="survey-item"
              data-id={s.id}
              onClick={() => setSelected(s.id === selected ? '' : s.id)}
              {...a11y('button', { pressed: s.id === selected })}
            >
              {s.title}（{s.published ? '已发布' : '草稿'}）
            </View>
          ))}
        </View>
      </View>
      {current ? <SurveyActions key={current.id} current={current} onPublished={(id) => remember(mine.map((x) => (x.id === id ? { ...x, published: true } : x)))} /> : null}
      <SurveyBuilder
        centerId={centerId}
        onSaved={(s) => {
          remember([s, ...mine.filter((x) => x.id !== s.id)]);
          setSelected(s.id);
        }}
      />
    </>
  );
}
