// What the gateways' error codes mean, in Chinese, for the organiser's page (the gateway's own message may be in
// English): from the documented error code lists of Alibaba Cloud SMS and Tencent Cloud SMS.
export const GATEWAY_ERROR_TEXTS: Record<string, string> = {
  // Alibaba Cloud
  'isv.MOBILE_NUMBER_ILLEGAL': '手机号码格式错误或不是有效号码',
  'isv.BLACK_KEY_CONTROL_LIMIT': '号码在通道的黑名单中',
  'isv.SMS_TEMPLATE_ILLEGAL': '通道中找不到该短信模板（模板代码错误或未审核通过）',
  'isv.TEMPLATE_MISSING_PARAMETERS': '短信模板缺少参数',
  'isv.TEMPLATE_PARAMS_ILLEGAL': '短信模板参数不符合通道规范',
  'isv.INVALID_PARAMETERS': '请求参数不符合通道规范',
  'isv.PARAM_LENGTH_LIMIT': '模板参数超过通道允许的长度',
  'isv.SMS_SIGNATURE_ILLEGAL': '通道中找不到该短信签名（签名错误或未审核通过）',
  'isv.SMS_SIGN_ILLEGAL': '短信签名被禁止使用',
  'isv.SIGN_STATE_ILLEGAL': '短信签名状态不可用',
  'isv.SMS_SIGNATURE_SCENE_ILLEGAL': '签名与模板类型不一致',
  'isv.SMS_CONTENT_ILLEGAL': '短信内容含通道禁止发送的内容',
  'isv.BUSINESS_LIMIT_CONTROL': '触发通道的频率限制，稍后自动重试',
  'isv.DAY_LIMIT_CONTROL': '已达通道账号的日发送限额',
  'isv.MONTH_LIMIT_CONTROL': '已达通道账号的月发送限额',
  'isv.AMOUNT_NOT_ENOUGH': '通道账号余额不足',
  'isv.OUT_OF_SERVICE': '通道账号已停机（余额不足）',
  'isv.ACCOUNT_NOT_EXISTS': '通道账号不存在',
  'isv.PRODUCT_UN_SUBSCRIPT': '通道账号未开通短信服务',
  'isp.RAM_PERMISSION_DENY': '访问密钥没有发送短信的权限',
  SignatureDoesNotMatch: '请求签名校验失败（访问密钥不正确）',
  IncompleteSignature: '请求签名不完整',
  'InvalidAccessKeyId.NotFound': '访问密钥不存在',
  ServiceUnavailable: '通道暂时不可用，稍后自动重试',
  // Tencent Cloud
  'InvalidParameterValue.IncorrectPhoneNumber': '手机号码格式错误',
  'FailedOperation.PhoneNumberInBlacklist': '号码在免打扰名单中（用户退订或运营商拦截）',
  'FailedOperation.TemplateIncorrectOrUnapproved': '短信模板未审核通过或内容不匹配',
  'FailedOperation.SignatureIncorrectOrUnapproved': '短信签名未审核通过或格式错误',
  'InvalidParameterValue.TemplateParameterFormatError': '模板参数格式错误',
  'InvalidParameterValue.TemplateParameterLengthLimit': '模板参数超过通道允许的长度',
  'InvalidParameterValue.ProhibitedUseUrlInTemplateParameter': '模板参数中不允许出现网址',
  'InvalidParameterValue.SdkAppIdNotExist': '短信应用 ID 不存在',
  'FailedOperation.ContainSensitiveWord': '短信内容含敏感词',
  'FailedOperation.InsufficientBalanceInSmsPackage': '通道套餐包余量不足',
  'LimitExceeded.PhoneNumberThirtySecondLimit': '同一号码 30 秒内发送过多，稍后自动重试',
  'LimitExceeded.PhoneNumberOneHourLimit': '同一号码 1 小时内发送过多，稍后自动重试',
  'LimitExceeded.PhoneNumberDailyLimit': '同一号码当天发送过多',
  'LimitExceeded.DeliveryFrequencyLimit': '触发通道的频率限制，稍后自动重试',
  'AuthFailure.SignatureFailure': '请求签名校验失败（访问密钥不正确）',
  'AuthFailure.SecretIdNotFound': '访问密钥不存在',
  'AuthFailure.SignatureExpire': '请求签名已过期（请检查服务器时间）',
  'InternalError.Timeout': '通道处理超时，稍后自动重试',
};

/** The gateway's error in Chinese where it is known, its own words otherwise. */
export const gatewayErrorText = (code: string | null | undefined, message: string | null | undefined): string =>
  (code && GATEWAY_ERROR_TEXTS[code]) || message || '发送失败';
