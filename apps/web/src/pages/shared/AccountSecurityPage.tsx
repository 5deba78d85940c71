// 账号安全 (every role): the second factor (bind, new recovery codes, unbind), changing the password and the phone
// number. Every change asks for the current password, and the dynamic code where one is bound.
import { Alert, App as AntApp, Button, Card, Descriptions, Form, Input, Modal, Space, Tag } from 'antd';
import { useCallback, useEffect, useState } from 'react';
import { useAuth } from '../../auth.tsx';
import { ApiError } from '../../api/index.ts';
import { ErrorAlert } from '../../components/ErrorAlert.tsx';
import { applyFieldErrors } from '../../components/formErrors.ts';
import { RecoveryCodes, TotpEnrolment } from '../../components/TotpSteps.tsx';
import { PASSWORD_HINT, PASSWORD_RULES } from '../../components/passwordRules.ts';
import { useSmsChallenge } from '../../components/SmsChallenge.tsx';
import { securityApi, type SecurityStatus } from '../../api/security.ts';

function ReauthFields({ totp }: { totp: boolean }) {
  return (
    <>
      <Form.Item label="当前密码" name="currentPassword" rules={[{ required: true, message: '请输入当前密码' }]}>
        <Input.Password autoComplete="current-password" />
      </Form.Item>
      {totp && (
        <Form.Item label="动态验证码" name="totpCode" rules={[{ required: true, whitespace: true, message: '请输入身份验证器中的 6 位数字或一个恢复码' }]} extra="身份验证器中的 6 位数字，或一个恢复码">
          <Input autoComplete="one-time-code" maxLength={11} />
        </Form.Item>
      )}
    </>
  );
}

export function AccountSecurityPage() {
  const { setUser } = useAuth();
  const { message } = AntApp.useApp();
  const [status, setStatus] = useState<SecurityStatus | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [enrolling, setEnrolling] = useState(false);
  const [shownCodes, setShownCodes] = useState<string[] | null>(null);
  const [pwForm] = Form.useForm();
  const [phoneForm] = Form.useForm();
  const [codesForm] = Form.useForm();
  const [busy, setBusy] = useState('');
  const [countdown, setCountdown] = useState(0);
  const challenge = useSmsChallenge();

  const load = useCallback(() => securityApi.status().then(setStatus, setError), []);
  useEffect(() => {
    load();
  }, [load]);
  useEffect(() => {
    if (countdown <= 0) return;
    const t = setTimeout(() => setCountdown(countdown - 1), 1000);
    return () => clearTimeout(t);
  }, [countdown]);

  const run = async (key: string, form: ReturnType<typeof Form.useForm>[0] | null, fn: () => Promise<void>) => {
    setBusy(key);
    setError(null);
    try {
      await fn();
    } catch (e) {
      if (form && e instanceof ApiError) applyFieldErrors(form, e);
      setError(e);
    } finally {
      setBusy('');
    }
  };

  if (!status) return <Card title="账号安全" loading={!error}><ErrorAlert error={error} /></Card>;
  const totp = status.totpEnabled;

  return (
    <Space direction="vertical" size="large" style={{ width: '100%', maxWidth: 720 }}>
      {challenge.modal}
      <Card title="账号安全">
        <ErrorAlert error={error} />
        <Descriptions column={1} size="small">
          <Descriptions.Item label="手机号">{status.user.phone}</Descriptions.Item>
          <Descriptions.Item label="两步验证">
            {totp ? <Tag color="success" data-testid="totp-state">已启用</Tag> : <Tag data-testid="totp-state">未启用</Tag>}
            {totp && <span>剩余恢复码 {status.recoveryCodesLeft} 个</span>}
          </Descriptions.Item>
          <Descriptions.Item label="当前登录会话">{status.activeSessions} 个</Descriptions.Item>
        </Descriptions>
        {status.totpRequired && !totp && <Alert type="warning" showIcon title="您的账号须启用两步验证，请立即绑定身份验证器。" />}
      </Card>

      <Card title="两步验证（身份验证器）">
        {shownCodes ? (
          <RecoveryCodes codes={shownCodes} doneLabel="我已妥善保存" onDone={() => setShownCodes(null)} />
        ) : !totp ? (
          enrolling ? (
            <TotpEnrolment
              onDone={() => {
                setEnrolling(false);
                message.success('已绑定身份验证器');
                load();
              }}
            />
          ) : (
            <Button type="primary" onClick={() => setEnrolling(true)}>
              绑定身份验证器
            </Button>
          )
        ) : (
          <Form form={codesForm} name="codes" layout="vertical" requiredMark={false} style={{ maxWidth: 360 }}>
            <ReauthFields totp />
            <Space>
              <Button
                loading={busy === 'codes'}
                onClick={() =>
                  codesForm.validateFields().then((v) =>
                    run('codes', codesForm, async () => {
                      const r = await securityApi.recoveryCodes(v);
                      codesForm.resetFields();
                      setShownCodes(r.recoveryCodes);
                      load();
                    }),
                  )
                }
              >
                重新生成恢复码
              </Button>
              <Button
                danger
                loading={busy === 'unbind'}
                onClick={() =>
                  codesForm.validateFields().then((v) =>
                    Modal.confirm({
                      title: '解除绑定身份验证器？',
                      content: status.totpRequired ? '您的账号须启用两步验证：解除后请立即绑定新的身份验证器，否则下次登录时须先绑定。' : '解除后登录只需密码。',
                      okText: '解除绑定',
                      cancelText: '取消',
                      onOk: () =>
                        run('unbind', codesForm, async () => {
                          await securityApi.disableTotp(v);
                          codesForm.resetFields();
                          message.success('已解除绑定');
                          load();
                        }),
                    }),
                  )
                }
              >
                解除绑定（更换手机时）
              </Button>
            </Space>
          </Form>
        )}
      </Card>

      <Card title="修改密码">
        <Form
          form={pwForm}
          name="password"
          layout="vertical"
          requiredMark={false}
          style={{ maxWidth: 360 }}
          onFinish={(v) =>
            run('password', pwForm, async () => {
              const r = await securityApi.changePassword(v);
              pwForm.resetFields();
              message.success(r.sessionsEnded ? `密码已修改，其他 ${r.sessionsEnded} 处登录已退出` : '密码已修改');
              load();
            })
          }
        >
          <ReauthFields totp={totp} />
          <Form.Item label="新密码" name="newPassword" rules={PASSWORD_RULES} extra={PASSWORD_HINT}>
            <Input.Password autoComplete="new-password" />
          </Form.Item>
          <Form.Item
            label="确认新密码"
            name="confirm"
            dependencies={['newPassword']}
            rules={[{ required: true, message: '请再次输入新密码' }, ({ getFieldValue }) => ({ validator: (_, v) => (!v || v === getFieldValue('newPassword') ? Promise.resolve() : Promise.reject(new Error('两次输入的新密码不一致'))) })]}
          >
            <Input.Password autoComplete="new-password" />
          </Form.Item>
          <Button type="primary" htmlType="submit" loading={busy === 'password'}>
            修改密码
          </Button>
        </Form>
      </Card>

      <Card title="更换手机号">
        <Form
          form={phoneForm}
          name="phone"
          layout="vertical"
          requiredMark={false}
          style={{ maxWidth: 360 }}
          onFinish={(v) =>
            run('phone', phoneForm, async () => {
              const r = await securityApi.changePhone(v);
              phoneForm.resetFields();
              setUser(r.user);
              message.success('手机号已更换，请用新手机号登录');
              load();
            })
          }
        >
          <Form.Item label="新手机号" name="newPhone" rules={[{ required: true, message: '请输入新手机号' }, { pattern: /^1[3-9]\d{9}$/, message: '请输入 11 位手机号码' }]}>
            <Input maxLength={11} />
          </Form.Item>
          <Form.Item label="短信验证码" required>
            <Space.Compact style={{ width: '100%' }}>
              <Form.Item name="smsCode" noStyle rules={[{ required: true, message: '请输入短信验证码' }]}>
                <Input maxLength={6} placeholder="发送到新手机号" />
              </Form.Item>
              <Button
                disabled={countdown > 0}
                loading={busy === 'sms'}
                onClick={() =>
                  phoneForm.validateFields(['newPhone']).then((v) =>
                    run('sms', phoneForm, async () => {
                      if (!(await challenge.send((answer) => securityApi.sendPhoneCode(v.newPhone, answer)))) return;
                      setCountdown(60);
                      message.success('验证码已发送到新手机号');
                    }),
                  )
                }
              >
                {countdown > 0 ? `${countdown} 秒后重发` : '获取验证码'}
              </Button>
            </Space.Compact>
          </Form.Item>
          <ReauthFields totp={totp} />
          <Button type="primary" htmlType="submit" loading={busy === 'phone'}>
            更换手机号
          </Button>
        </Form>
      </Card>
    </Space>
  );
}
