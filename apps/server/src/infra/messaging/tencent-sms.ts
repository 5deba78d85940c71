// Tencent Cloud SMS (API 2021-01-11) through the official SDK, which signs requests with TC3-HMAC-SHA256.
// Tencent templates number their parameters, so the named parameters go in the order they appear in the text.
import type { Agent } from 'node:http';
// The SDK is loaded on the first send, not when the server starts (see aliyun-sms.ts).
import type * as tencentcloud from 'tencentcloud-sdk-nodejs-sms';
import { paramOrder, isSmsKind } from '../../modules/messaging/templates.ts';
import { loadOnce } from '../load-once.ts';
import { SendError, type Sender } from '../sender.ts';
import { gatewayErrorText } from './gateway-errors.ts';

export interface TencentSmsConfig {
  secretId: string;
  secretKey: string;
  /** SmsSdkAppId of the SMS application. */
  appId: string;
  signName: string;
  /** Template id per message kind. */
  templates: Record<string, string>;
  region?: string;
  /** Default sms.tencentcloudapi.com; the first label is the signed service name. */
  endpoint?: string;
  protocol?: 'https://' | 'http://';
  /** For tests: the connection agent (a local server answers for the endpoint). */
  agent?: Agent;
  timeoutSeconds?: number;
}

/** Codes after which sending the same message again cannot succeed (the documented SendSms error codes). */
export const TENCENT_PERMANENT = new Set([
  'InvalidParameterValue.IncorrectPhoneNumber', 'FailedOperation.PhoneNumberInBlacklist', 'FailedOperation.PhoneNumberParseFail',
  'UnsupportedOperation.ContainDomesticAndInternationalPhoneNumber', 'UnsupportedOperation.UnsupportedRegion',
  'FailedOperation.TemplateIncorrectOrUnapproved', 'FailedOperation.SignatureIncorrectOrUnapproved',
  'InvalidParameterValue.TemplateParameterFormatError', 'InvalidParameterValue.TemplateParameterLengthLimit',
  'InvalidParameterValue.ProhibitedUseUrlInTemplateParameter', 'InvalidParameterValue.ContentLengthLimit',
  'InvalidParameterValue.SdkAppIdNotExist', 'FailedOperation.ContainSensitiveWord', 'FailedOperation.JsonParseFail',
  'FailedOperation.MissingSignatureList', 'FailedOperation.MissingTemplateList', 'InvalidParameter', 'MissingParameter',
  'AuthFailure.SignatureFailure', 'AuthFailure.SecretIdNotFound', 'AuthFailure.InvalidSecretId', 'AuthFailure.InvalidAuthorization',
  'AuthFailure.UnauthorizedOperation', 'UnauthorizedOperation.SmsSdkAppIdVerifyFail', 'UnauthorizedOperation.RequestPermissionDeny',
  'UnauthorizedOperation.IndividualUserMarketingSmsPermissionDeny', 'UnauthorizedOperation.SerivceSuspendDueToArrears',
]);

/** The SDK's client, loaded once. */
async function loadClient(cfg: TencentSmsConfig) {
  const m = (await import('tencentcloud-sdk-nodejs-sms')) as unknown as { default?: typeof tencentcloud } & typeof tencentcloud;
  const sdk = m.default ?? m;
  return new sdk.sms.v20210111.Client({
    credential: { secretId: cfg.secretId, secretKey: cfg.secretKey },
    region: cfg.region ?? 'ap-guangzhou',
    profile: {
      httpProfile: {
        endpoint: cfg.endpoint ?? 'sms.tencentcloudapi.com',
        protocol: cfg.protocol ?? 'https://',
        reqTimeout: cfg.timeoutSeconds ?? 10,
        ...(cfg.agent ? { agent: cfg.agent } : {}),
      },
    },
  });
}

export function tencentSms(cfg: TencentSmsConfig): Sender {
  const client = loadOnce(() => loadClient(cfg));
  return {
    async send(m) {
      if (m.channel !== 'sms') throw new SendError('腾讯云短信通道不能发送邮件', 'WRONG_CHANNEL', true, 'tencent');
      const templateId = cfg.templates[m.template];
      if (!templateId || !isSmsKind(m.template)) throw new SendError(`未配置“${m.template}”的短信模板 ID`, 'TEMPLATE_NOT_CONFIGURED', true, 'tencent');
      const params = m.params ?? {};
      const sms = await client();
      let res: Awaited<ReturnType<typeof sms.SendSms>>;
      try {
        res = await sms.SendSms({
          PhoneNumberSet: [`+86${m.to}`],
          SmsSdkAppId: cfg.appId,
          SignName: cfg.signName,
          TemplateId: templateId,
          TemplateParamSet: paramOrder(m.template).map((n) => params[n] ?? ''),
        });
      } catch (e) {
        // A request-level error ({"Response": {"Error": {...}}}) or a network failure.
        const err = e as { code?: string; message?: string };
        const code = err.code || null;
        throw new SendError(`腾讯云短信：${gatewayErrorText(code, err.message ?? '请求失败')}`, code, !!code && TENCENT_PERMANENT.has(code), 'tencent');
      }
      const status = res.SendStatusSet?.[0];
      if (!status) throw new SendError('腾讯云短信：应答中没有发送状态', 'NO_STATUS', false, 'tencent');
      if (status.Code !== 'Ok') {
        throw new SendError(`腾讯云短信：${gatewayErrorText(status.Code, status.Message)}`, status.Code ?? 'UNKNOWN', TENCENT_PERMANENT.has(status.Code ?? ''), 'tencent');
      }
      return { provider: 'tencent', ref: status.SerialNo ?? null };
    },
  };
}
