// 作者激活: an author listed by a mode-1 provincial import sets a password with the SMS code and their mobile number.
import { reportsApi } from '../../api/reports.ts';
import { CodeActivationForm } from '../../components/CodeActivationForm.tsx';

export function AuthorActivatePage() {
  return (
    <CodeActivationForm
      title="作者激活"
      intro="本省已推荐您的案例。请使用短信中的激活码和接收短信的手机号设置密码，登录后在“我的案例”中填写并提交。激活码仅可使用一次，30 天内有效。"
      codeLabel="激活码"
      codeMissing="请输入短信中的激活码"
      codePlaceholder="短信中的 8 位激活码"
      activate={reportsApi.activateInvitation}
    />
  );
}
