// 管理员激活: a provincial (or city, county) administrator activates with the code handed down to them, then binds an
// authenticator (administrators sign in with a second factor).
import { securityApi } from '../../api/security.ts';
import { CodeActivationForm } from '../../components/CodeActivationForm.tsx';

export function ActivatePage() {
  return (
    <CodeActivationForm
      title="管理员激活"
      intro="激活码由组委会按省份发放（市级、县级管理员的激活码由上一级管理员发放），仅可使用一次，请在有效期内激活。"
      codeLabel="激活码"
      codeMissing="请输入激活码"
      codePlaceholder="组委会发放的激活码"
      askName
      enrolIntro="账号已激活。管理员账号须启用两步验证：请绑定身份验证器后进入平台。"
      activate={(b) => securityApi.activate({ ...b, name: b.name ?? '' })}
    />
  );
}
