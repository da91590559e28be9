import { Input, Text, View } from '@tarojs/components';
import { ApiError } from '../../../../services/request';

/** The applicant fields of the 受理 panel, checked here as the API would check them. */

const PHONE = /^1[3-9]\d{9}$/;
const ID_NUMBER = /^\d{17}[\dXx]$/;

export interface Applicant {
  name: string;
  phone: string;
  idNumber: string;
}

export type FieldErrors = Partial<Record<keyof Applicant, string>>;

/** Client-side checks of what the API would refuse, so the staff member sees it next to the field at once. */
export function checkApplicant(a: Applicant): FieldErrors {
  const errors: FieldErrors = {};
  if (!a.name.trim()) errors.name = '请填写申请人姓名';
  if (a.phone.trim() && !PHONE.test(a.phone.trim())) errors.phone = '手机号格式不正确';
  if (a.idNumber.trim() && !ID_NUMBER.test(a.idNumber.trim())) errors.idNumber = '身份证号应为18位';
  return errors;
}

/** The API's field errors (`applicant.phone`) on the applicant's fields. */
export function fieldErrorsOf(e: unknown): FieldErrors {
  if (!(e instanceof ApiError)) return {};
  const out: FieldErrors = {};
  for (const f of e.fields) {
    const key = f.field.replace(/^applicant\./, '') as keyof Applicant;
    if (key === 'name' || key === 'phone' || key === 'idNumber') out[key] = f.message;
  }
  return out;
}

interface FieldProps {
  label: string;
  testId: string;
  value: string;
  error?: string;
  placeholder: string;
  type?: 'text' | 'number' | 'idcard';
  maxlength?: number;
  onInput: (value: string) => void;
}

/** One applicant field with its error under it. */
export function ApplicantField({ label, testId, value, error, placeholder, type = 'text', maxlength = 50, onInput }: FieldProps) {
  return (
    <View className="field">
      <Text className="field-label">{label}</Text>
      <Input
        className="input"
        data-testid={testId}
        type={type}
        value={value}
        maxlength={maxlength}
        placeholder={placeholder}
        onInput={(e) => onInput(e.detail.value)}
        aria-label={label}
      />
      {error ? (
        <Text className="field-error" data-testid={`${testId}-error`}>
          {error}
        </Text>
      ) : null}
    </View>
  );
}

