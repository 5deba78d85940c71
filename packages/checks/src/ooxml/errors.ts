// Typed errors of the safe OOXML reader. Every message is Chinese and addressed to the author.

export type OoxmlErrorCode =
  | 'zip_format'
  | 'zip_budget'
  | 'zip_encrypted'
  | 'zip_unsupported'
  | 'zip_entry_missing'
  | 'xml_doctype'
  | 'xml_parse';

/** Base class: `code` is stable, `message` is Chinese and can be shown to the author as is. */
export class OoxmlError extends Error {
  readonly code: OoxmlErrorCode;
  constructor(code: OoxmlErrorCode, message: string) {
    super(message);
    this.name = new.target.name;
    this.code = code;
  }
}

/** Not a ZIP, truncated, or its directory structure is inconsistent. */
export class ZipFormatError extends OoxmlError {
  constructor(message = '文件不是有效的 Office 文档（ZIP 结构损坏或文件不完整），请重新保存后再上传。') {
    super('zip_format', message);
  }
}

/** Too many entries or too many inflated bytes (zip bomb protection). */
export class ZipBudgetError extends OoxmlError {
  constructor(message = '文件解压后体积或条目数超出安全上限，疑似异常压缩文件，请重新保存后再上传。') {
    super('zip_budget', message);
  }
}

/** The archive (or an entry) is encrypted. */
export class ZipEncryptedError extends OoxmlError {
  constructor(message = '文件已加密或设置了打开密码，无法检查，请取消密码后重新上传。') {
    super('zip_encrypted', message);
  }
}

/** Compression method other than stored/deflate. */
export class ZipUnsupportedError extends OoxmlError {
  constructor(message = '文件使用了不支持的压缩方式，请用 Office 或 WPS 重新保存后再上传。') {
    super('zip_unsupported', message);
  }
}

/** A required part is missing. */
export class ZipEntryMissingError extends OoxmlError {
  readonly entry: string;
  constructor(entry: string, message = `文件缺少必要的组成部分（${entry}），可能不是有效的 Office 文档，请重新保存后再上传。`) {
    super('zip_entry_missing', message);
    this.entry = entry;
  }
}

/** XML with a DOCTYPE declaration (XXE, billion laughs) is refused outright. */
export class XmlDoctypeError extends OoxmlError {
  constructor(message = '文档内部包含不安全的 XML 声明（DOCTYPE），已拒绝处理，请用 Office 或 WPS 重新保存后再上传。') {
    super('xml_doctype', message);
  }
}

/** Malformed XML. */
export class XmlParseError extends OoxmlError {
  constructor(message = '文档内部 XML 结构损坏，无法读取，请用 Office 或 WPS 重新保存后再上传。') {
    super('xml_parse', message);
  }
}

export function isOoxmlError(e: unknown): e is OoxmlError {
  return e instanceof OoxmlError;
}
