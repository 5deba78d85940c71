// Alibaba Cloud SMS (dysmsapi 2017-05-25) through the official SDK, which signs requests with ACS3-HMAC-SHA256.
// A template kind maps to the template code the operator registered (SMS_TEMPLATE_<KIND>); the parameters go as JSON.
// The SDK (some 300 modules) is loaded on the first send, not when the server starts: most processes never send through
// it (another gateway, the outbox in tests), and every process and test file paid ~0.4 s to load it.
import type Dysmsapi from '@alicloud/dysmsapi20170525';
import { loadOnce } from '../load-once.ts';
import { SendError, type Sender } from '../sender.ts';
import { gatewayErrorText } from './gateway-errors.ts';

export interface AliyunSmsConfig {
  accessKeyId: string;
  accessKeySecret: string;
  signName: string;
  /** Template code per message kind. */
  templates: Record<string, string>;
  /** Default dysmsapi.aliyuncs.com; tests point it at a local server. */
  endpoint?: string;
  protocol?: 'https' | 'http';
  /** Milliseconds. */
  timeoutMs?: number;
}

/**
 * Codes after which sending the same message again cannot succeed (the gateway's documented API error codes):
 * the number, the template, the signature, the parameters or the account's keys are wrong. Anything else — flow
 * control, balance, a server error, a network failure — is retried with backoff.
 */
export const ALIYUN_PERMANENT = new Set([
  'isv.MOBILE_NUMBER_ILLEGAL', 'isv.MOBILE_COUNT_OVER_LIMIT', 'isv.BLACK_KEY_CONTROL_LIMIT', 'isv.DOMESTIC_NUMBER_NOT_SUPPORTED',
  'isv.SMS_TEMPLATE_ILLEGAL', 'isv.TEMPLATE_MISSING_PARAMETERS', 'isv.TEMPLATE_PARAMS_ILLEGAL', 'isv.INVALID_PARAMETERS',
  'isv.INVALID_JSON_PARAM', 'isv.PARAM_LENGTH_LIMIT', 'isv.PARAM_NOT_SUPPORT_URL', 'isv.SMS_CONTENT_ILLEGAL',
  'isv.SMS_SIGNATURE_ILLEGAL', 'isv.SMS_SIGN_ILLEGAL', 'isv.SIGN_STATE_ILLEGAL', 'isv.SMS_SIGNATURE_SCENE_ILLEGAL',
  'isv.EXTEND_CODE_ERROR', 'isv.DENY_IP_RANGE', 'isv.ACCOUNT_NOT_EXISTS', 'isv.ACCOUNT_ABNORMAL', 'isv.PRODUCT_UN_SUBSCRIPT',
  'isv.PRODUCT_UNSUBSCRIBE', 'isp.RAM_PERMISSION_DENY', 'SignatureDoesNotMatch', 'IncompleteSignature',
  'InvalidAccessKeyId.NotFound', 'InvalidAccessKeyId.Inactive', 'Forbidden.RAM', 'MissingPhoneNumbers', 'MissingTemplateCode',
  'MissingSignName',
]);

/** The SDK's client and the classes a send needs, loaded once. */
async function loadSdk(cfg: AliyunSmsConfig) {
  const [sdk, core, tea] = await Promise.all([import('@alicloud/dysmsapi20170525'), import('@alicloud/openapi-core'), import('@darabonba/typescript')]);
  // CommonJS through ESM: the client class is the module's default export, itself sometimes wrapped once more.
  const D = sdk.default as unknown as { default?: typeof Dysmsapi } & typeof Dysmsapi;
  const Client = D.default ?? D;
  const client = new Client(new core.$OpenApiUtil.Config({
    accessKeyId: cfg.accessKeyId,
    accessKeySecret: cfg.accessKeySecret,
    endpoint: cfg.endpoint ?? 'dysmsapi.aliyuncs.com',
    protocol: cfg.protocol ?? 'https',
  }));
  return { client, SendSmsRequest: sdk.SendSmsRequest, RuntimeOptions: tea.RuntimeOptions };
}

export function aliyunSms(cfg: AliyunSmsConfig): Sender {
  const sdk = loadOnce(() => loadSdk(cfg));
  const timeout = cfg.timeoutMs ?? 10_000;
  return {
    async send(m) {
      if (m.channel !== 'sms') throw new SendError('阿里云短信通道不能发送邮件', 'WRONG_CHANNEL', true, 'aliyun');
      const templateCode = cfg.templates[m.template];
      if (!templateCode) throw new SendError(`未配置“${m.template}”的短信模板代码`, 'TEMPLATE_NOT_CONFIGURED', true, 'aliyun');
      const { client, SendSmsRequest, RuntimeOptions } = await sdk();
      const request = new SendSmsRequest({
        phoneNumbers: m.to,
        signName: cfg.signName,
        templateCode,
        templateParam: JSON.stringify(m.params ?? {}),
      });
      // The outbox retries with its own backoff; the SDK must not retry on its own.
      const runtime = new RuntimeOptions({ autoretry: false, maxAttempts: 1, connectTimeout: timeout, readTimeout: timeout });
      let body: { code?: string; message?: string; bizId?: string } | undefined;
      try {
        body = (await client.sendSmsWithOptions(request, runtime)).body;
      } catch (e) {
        const err = e as { code?: string; message?: string; statusCode?: number; data?: { Code?: string; Message?: string } };
        const code = err.data?.Code ?? err.code ?? null;
        const status = err.statusCode;
        // A 4xx with a known code is the gateway's answer; a 5xx, a timeout or a refused connection may pass later.
        const permanent = !!code && ALIYUN_PERMANENT.has(code);
        throw new SendError(`阿里云短信：${gatewayErrorText(code, err.data?.Message ?? err.message ?? '请求失败')}${status ? `（HTTP ${status}）` : ''}`, code, permanent, 'aliyun');
      }
      if (body?.code !== 'OK') {
        const code = body?.code ?? 'UNKNOWN';
        throw new SendError(`阿里云短信：${gatewayErrorText(code, body?.message)}`, code, ALIYUN_PERMANENT.has(code), 'aliyun');
      }
      return { provider: 'aliyun', ref: body.bizId ?? null };
    },
  };
}
