// 评审专家激活: an invited expert sets a password with the invitation code and the invited mobile number.
import { reviewApi } from '../../api/review.ts';
import { CodeActivationForm } from '../../components/CodeActivationForm.tsx';

export function ExpertActivatePage() {
  return (
    <CodeActivationForm
      title="评审专家激活"
      intro="邀请码由组委会或省级管理员发放，仅可使用一次。请使用邀请时登记的手机号激活。"
      codeLabel="邀请码"
      codeMissing="请输入邀请码"
      codePlaceholder="收到的邀请码"
      activate={reviewApi.activateExpert}
    />
  );
}
