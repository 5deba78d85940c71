// Perceptual comparison of video edge frames with rendered slides. Pure (no Node, no DOM), so it
// can run anywhere. Method: both images are reduced (area average) to a 64×36 grayscale thumbnail
// for a windowed SSIM (structure: text layout, shapes) and to a 16×9 RGB thumbnail for a mean
// colour distance (SSIM alone cannot tell a flat red slide from a flat blue one). When the slide's
// aspect differs from the frame's (a 4:3 slide pillarboxed in a 16:9 video) the frame's central
// region with the slide's aspect is compared.
import type { RgbaImage } from '../types.ts';

export type FrameVerdict = 'similar' | 'different' | 'unsure';

export interface ImageComparison {
  /** Mean SSIM of the grayscale thumbnails, −1…1 (1 = identical). */
  ssim: number;
  /** Mean absolute RGB difference of the colour thumbnails, 0…1. */
  colorDistance: number;
  verdict: FrameVerdict;
}

export interface FrameMatch extends ImageComparison {
  /** Index of the best-matching frame, −1 when there were no frames. */
  frameIndex: number;
  framesCompared: number;
}

/**
 * Thresholds. A slide recorded into a video (compression, scaling, cursor) keeps SSIM > 0.8 at
 * 64×36; a different slide or a camera shot stays well below 0.3. Between them we do not guess.
 */
export const SIMILAR_SSIM = 0.6;
export const SIMILAR_COLOR = 0.1;
export const DIFFERENT_SSIM = 0.3;
export const DIFFERENT_COLOR = 0.25;

interface Region {
  x: number;
  y: number;
  w: number;
  h: number;
}

function fullRegion(img: RgbaImage): Region {
  return { x: 0, y: 0, w: img.width, h: img.height };
}

/** Central region of `img` with the aspect ratio `aspect` (w/h). */
export function centerRegion(img: RgbaImage, aspect: number): Region {
  const ia = img.width / img.height;
  if (!(aspect > 0) || Math.abs(ia - aspect) / aspect < 0.02) return fullRegion(img);
  if (aspect < ia) {
    const w = img.height * aspect;
    return { x: (img.width - w) / 2, y: 0, w, h: img.height };
  }
  const h = img.width / aspect;
  return { x: 0, y: (img.height - h) / 2, w: img.width, h };
}

function validate(img: RgbaImage): void {
  if (!(img.width > 0 && img.height > 0) || img.data.length < img.width * img.height * 4) {
    throw new RangeError(`invalid RGBA image ${img.width}×${img.height} with ${img.data.length} bytes`);
  }
}

/**
 * Area-average resize of a region to w×h; returns `channels` planes interleaved (1 = luma, 3 = RGB).
 * Transparent pixels are composited over white (slides are normally opaque).
 */
export function resizeArea(img: RgbaImage, w: number, h: number, channels: 1 | 3, region: Region = fullRegion(img)): Float32Array {
  validate(img);
  const out = new Float32Array(w * h * channels);
  const d = img.data;
  const sx = region.w / w;
  const sy = region.h / h;
  for (let ty = 0; ty < h; ty++) {
    const y0 = Math.floor(region.y + ty * sy);
    const y1 = Math.max(y0 + 1, Math.min(img.height, Math.ceil(region.y + (ty + 1) * sy)));
    for (let tx = 0; tx < w; tx++) {
      const x0 = Math.floor(region.x + tx * sx);
      const x1 = Math.max(x0 + 1, Math.min(img.width, Math.ceil(region.x + (tx + 1) * sx)));
      let r = 0;
      let g = 0;
      let b = 0;
      let n = 0;
      for (let y = y0; y < y1; y++) {
        let i = (y * img.width + x0) * 4;
        for (let x = x0; x < x1; x++, i += 4) {
          const a = d[i + 3]! / 255;
          r += d[i]! * a + 255 * (1 - a);
          g += d[i + 1]! * a + 255 * (1 - a);
          b += d[i + 2]! * a + 255 * (1 - a);
          n++;
        }
      }
      const o = (ty * w + tx) * channels;
      if (channels === 1) out[o] = (0.299 * r + 0.587 * g + 0.114 * b) / n;
      else {
        out[o] = r / n;
        out[o + 1] = g / n;
        out[o + 2] = b / n;
      }
    }
  }
  return out;
}

/** Mean SSIM over 8×8 windows with stride 4 of two w×h grayscale planes (0–255). */
export function ssim(a: Float32Array, b: Float32Array, w: number, h: number, win = 8, stride = 4): number {
  const C1 = (0.01 * 255) ** 2;
  const C2 = (0.03 * 255) ** 2;
  let sum = 0;
  let count = 0;
  for (let y = 0; y + win <= h; y += stride) {
    for (let x = 0; x + win <= w; x += stride) {
      let ma = 0;
      let mb = 0;
      for (let j = 0; j < win; j++)
        for (let i = 0; i < win; i++) {
          const k = (y + j) * w + x + i;
          ma += a[k]!;
          mb += b[k]!;
        }
      const n = win * win;
      ma /= n;
      mb /= n;
      let va = 0;
      let vb = 0;
      let cov = 0;
      for (let j = 0; j < win; j++)
        for (let i = 0; i < win; i++) {
          const k = (y + j) * w + x + i;
          const da = a[k]! - ma;
          const db = b[k]! - mb;
          va += da * da;
          vb += db * db;
          cov += da * db;
        }
      va /= n - 1;
      vb /= n - 1;
      cov /= n - 1;
      sum += ((2 * ma * mb + C1) * (2 * cov + C2)) / ((ma * ma + mb * mb + C1) * (va + vb + C2));
      count++;
    }
  }
  return count ? sum / count : 0;
}

function verdictOf(s: number, c: number): FrameVerdict {
  if (s >= SIMILAR_SSIM && c <= SIMILAR_COLOR) return 'similar';
  if (s < DIFFERENT_SSIM || c > DIFFERENT_COLOR) return 'different';
  return 'unsure';
}

/** Compares a video frame with a slide image. */
export function compareImages(frame: RgbaImage, slide: RgbaImage): ImageComparison {
  validate(slide);
  const region = centerRegion(frame, slide.width / slide.height);
  const ga = resizeArea(frame, 64, 36, 1, region);
  const gb = resizeArea(slide, 64, 36, 1);
  const ca = resizeArea(frame, 16, 9, 3, region);
  const cb = resizeArea(slide, 16, 9, 3);
  let diff = 0;
  for (let i = 0; i < ca.length; i++) diff += Math.abs(ca[i]! - cb[i]!);
  const colorDistance = diff / ca.length / 255;
  const s = ssim(ga, gb, 64, 36);
  return { ssim: s, colorDistance, verdict: verdictOf(s, colorDistance) };
}

/**
 * The best match of several frames (e.g. the frames of the first second: the video may fade in)
 * against one slide. 'different' only when even the best frame clearly differs.
 */
export function bestFrameMatch(frames: RgbaImage[], slide: RgbaImage): FrameMatch {
  let best: FrameMatch = { ssim: 0, colorDistance: 1, verdict: 'unsure', frameIndex: -1, framesCompared: 0 };
  let bestScore = -Infinity;
  for (let i = 0; i < frames.length; i++) {
    const c = compareImages(frames[i]!, slide);
    const score = c.ssim - c.colorDistance;
    if (score > bestScore) {
      bestScore = score;
      best = { ...c, frameIndex: i, framesCompared: frames.length };
    }
  }
  best.framesCompared = frames.length;
  return best;
}
