import { AutoComplete, Button, Card, Form, Input, Radio, Select, Space } from 'antd';
import { useEffect, useState } from 'react';
import { Link, useNavigate } from 'react-router-dom';
import { api, ApiError } from '../../api/index.ts';
import { homePathFor, useAuth } from '../../auth.tsx';
import { ErrorAlert } from '../../components/ErrorAlert.tsx';
import { PublicShell } from '../../components/PublicShell.tsx';
import { PROVINCES } from '@anli/domain/provinces.ts';
import { applyFieldErrors } from '../../components/formErrors.ts';
import { useSmsChallenge } from '../../components/SmsChallenge.tsx';
import { PASSWORD_HINT, PASSWORD_RULES } from '../../components/passwordRules.ts';

const PHONE_RULES = [
  { required: true, message: '请输入手机号' },
  { pattern: /^1[3-9]\d{9}$/, message: '请输入 11 位手机号码' },
];

export function RegisterPage() {
  const { setUser } = useAuth();
  const navigate = useNavigate();
  const [form] = Form.useForm();
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const [countdown, setCountdown] = useState(0);
  const [sending, setSending] = useState(false);
  const [notice, setNotice] = useState('');
  const challenge = useSmsChallenge();

  useEffect(() => {
    if (countdown <= 0) return;
    const t = setTimeout(() => setCountdown((c) => c - 1), 1000);
    return () => clearTimeout(t);
  }, [countdown]);

  const sendCode = async () => {
    setError(null);
    try {
      await form.validateFields(['phone']);
    } catch {
      return;
    }
    setSending(true);
    try {
      const phone = form.getFieldValue('phone').trim();
      // Beyond the platform's limits the server asks for an image challenge first.
      if (!(await challenge.send((answer) => api.sendSmsCode(phone, answer)))) return;
      setCountdown(60);
      setNotice('验证码已发送，请查收短信');
    } catch (e) {
      setError(e);
    } finally {
      setSending(false);
    }
  };

  // Units already registered in the chosen province, offered while typing (学校/机构 under 省 → 市 → 县).
  const provinceCode = Form.useWatch('provinceCode', form);
  const unitText = Form.useWatch('unitName', form);
  const [units, setUnits] = useState<Array<{ id: string; city: string; county: string; name: string; kind: string }>>([]);
  useEffect(() => {
    if (!provinceCode) return setUnits([]);
    const t = setTimeout(() => {
      fetch(`/api/units?provinceCode=${encodeURIComponent(provinceCode)}&q=${encodeURIComponent(unitText ?? '')}`)
        .then((r) => (r.ok ? r.json() : []))
        .then(setUnits)
        .catch(() => setUnits([]));
    }, 250);
    return () => clearTimeout(t);
  }, [provinceCode, unitText]);

  const onFinish = async (v: { phone: string; code: string; password: string; name: string; provinceCode: string; city?: string; county?: string; unitName?: string; unitKind?: string }) => {
    setBusy(true);
    setError(null);
    try {
      const r = await api.register({ ...v, phone: v.phone.trim(), code: v.code.trim(), name: v.name.trim() });
      setUser(r.user);
      navigate(homePathFor(r.user), { replace: true });
    } catch (e) {
      if (e instanceof ApiError) applyFieldErrors(form, e);
      setError(e);
    } finally {
      setBusy(false);
    }
  };

  return (
    <PublicShell title="教师注册" width={480}>
      {challenge.modal}
      <Card>
        <ErrorAlert error={error} />
        <Form form={form} layout="vertical" onFinish={onFinish} requiredMark={false}>
          <Form.Item label="手机号" name="phone" rules={PHONE_RULES}>
            <Input maxLength={11} autoComplete="tel" placeholder="11 位手机号" />
          </Form.Item>
          <Form.Item label="短信验证码" required extra={notice}>
            <Space.Compact style={{ width: '100%' }}>
              <Form.Item name="code" noStyle rules={[{ required: true, message: '请输入验证码' }]}>
                <Input placeholder="短信验证码" maxLength={8} />
              </Form.Item>
              <Button onClick={sendCode} disabled={countdown > 0} loading={sending}>
                {countdown > 0 ? `${countdown} 秒后重发` : '获取验证码'}
              </Button>
            </Space.Compact>
          </Form.Item>
          <Form.Item label="密码" name="password" rules={PASSWORD_RULES} extra={PASSWORD_HINT}>
            <Input.Password autoComplete="new-password" />
          </Form.Item>
          <Form.Item label="姓名" name="name" rules={[{ required: true, whitespace: true, message: '请输入姓名' }]}>
            <Input maxLength={20} />
          </Form.Item>
          <Form.Item label="所在省份" name="provinceCode" rules={[{ required: true, message: '请选择所在省份' }]}>
            <Select showSearch={{ optionFilterProp: 'label' }} placeholder="请选择" options={PROVINCES.map((p) => ({ value: p.code, label: p.name }))} />
          </Form.Item>
          <Form.Item label="工作单位" name="unitName" extra="学校或师训、教研、技术、资源机构的全称；已有单位可直接选择">
            <AutoComplete
              maxLength={60}
              placeholder="如：苏州市第一中学"
              options={units.map((u) => ({ value: u.name, label: `${u.name}（${[u.city, u.county].filter(Boolean).join(' ')}）` }))}
              onSelect={(_v: string, o: { label: string }) => {
                const u = units.find((x) => o.label.startsWith(x.name));
                if (u) form.setFieldsValue({ city: u.city, county: u.county, unitKind: u.kind });
              }}
            />
          </Form.Item>
          <Space.Compact style={{ width: '100%' }}>
            <Form.Item label="所在市（地、州）" name="city" style={{ width: '50%' }} rules={[{ required: !!unitText, message: '请填写所在市' }]}>
              <Input maxLength={30} placeholder="如：苏州市" />
            </Form.Item>
            <Form.Item label="所在区县" name="county" style={{ width: '50%' }}>
              <Input maxLength={30} placeholder="如：姑苏区" />
            </Form.Item>
          </Space.Compact>
          <Form.Item label="单位类型" name="unitKind" initialValue="school">
            <Radio.Group options={[{ value: 'school', label: '学校' }, { value: 'institution', label: '机构（师训/教研/技术/资源）' }]} />
          </Form.Item>
          <Button type="primary" htmlType="submit" block loading={busy}>
            注册
          </Button>
        </Form>
        <div style={{ marginTop: 16 }}>
          已有账号？<Link to="/login">登录</Link>
        </div>
      </Card>
    </PublicShell>
  );
}
