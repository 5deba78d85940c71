// The server-side tool ports that exist on this machine: ffmpeg for deep video checks, LibreOffice for legacy
// formats and slide rendering. Missing tools leave their ports out, which turns the affected rules into `manual`.
import type { ToolPorts } from '../types.ts';
import { createFfmpegTools } from './ffmpeg.ts';
import { detectLibreOffice, whichSync } from './libreoffice.ts';

export function detectTools(): ToolPorts {
  return {
    ...(whichSync('ffmpeg') ? createFfmpegTools() : {}),
    ...detectLibreOffice(),
  };
}
