// Why a server-side tool (ffmpeg, LibreOffice, poppler) did not deliver, in words an author understands.
// Pure: the Node adapters throw it, the checkers (which also run in the browser) read it.

export type ToolName = 'ffmpeg' | 'libreoffice' | 'poppler';
export type ToolFailure = 'timeout' | 'memory' | 'output' | 'failed';

const TOOL_LABEL: Record<ToolName, string> = { ffmpeg: '视频分析程序', libreoffice: '文档转换程序', poppler: '页面渲染程序' };

export class ToolError extends Error {
  constructor(
    readonly tool: ToolName,
    readonly reason: ToolFailure,
    /** The bound that was hit (ms for timeout, bytes for memory/output). */
    readonly limit?: number,
    detail?: string,
  ) {
    super(`${tool} ${reason}${detail ? `: ${detail}` : ''}`);
    this.name = 'ToolError';
  }

  /** Chinese, e.g. "文档转换程序运行超过 120 秒，已被终止". */
  get chinese(): string {
    const who = TOOL_LABEL[this.tool];
    switch (this.reason) {
      case 'timeout':
        return `${who}运行超过 ${Math.round((this.limit ?? 0) / 1000)} 秒，已被终止（文件可能过大或结构异常）`;
      case 'memory':
        return `${who}占用内存超过 ${Math.round((this.limit ?? 0) / 1024 ** 2)} MB 的上限，已被终止（文件可能过大或结构异常）`;
      case 'output':
        return `${who}输出超出上限，已被终止（文件结构异常）`;
      default:
        return `${who}未能处理此文件`;
    }
  }
}

export const isToolError = (e: unknown): e is ToolError => e instanceof ToolError;

/** "（原因：…）" for a ToolError, '' for anything else. */
export function toolReason(e: unknown): string {
  return isToolError(e) ? `（原因：${e.chinese}）` : '';
}
