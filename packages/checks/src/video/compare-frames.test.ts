import { describe, expect, it } from 'vitest';
import type { RgbaImage } from '../types.ts';
import { bestFrameMatch, compareImages, resizeArea, ssim } from './compare-frames.ts';

function image(w: number, h: number, f: (x: number, y: number) => [number, number, number]): RgbaImage {
  const data = new Uint8ClampedArray(w * h * 4);
  for (let y = 0; y < h; y++)
    for (let x = 0; x < w; x++) {
      const [r, g, b] = f(x, y);
      data.set([r, g, b, 255], (y * w + x) * 4);
    }
  return { width: w, height: h, data };
}
const solid = (w: number, h: number, c: [number, number, number]) => image(w, h, () => c);
/** A "slide": white background, dark title bar and text-like stripes. */
const slide = (w: number, h: number, variant = 0) =>
  image(w, h, (x, y) => {
    const u = x / w;
    const v = y / h;
    if (v > 0.08 && v < 0.2 && u > 0.1 && u < 0.9) return [30, 60, 140];
    if (variant === 0 && v > 0.35 && v < 0.85 && Math.floor(v * 20) % 2 === 0 && u > 0.12 && u < 0.5 + 0.3 * Math.sin(v * 9)) return [40, 40, 40];
    if (variant === 1 && u > 0.55 && u < 0.9 && v > 0.35 && v < 0.85) return [200, 80, 40];
    return [250, 250, 250];
  });
/** Simulates video degradation: scale + noise + slight brightness change. */
const degrade = (img: RgbaImage, amount = 12): RgbaImage => {
  let s = 7;
  const d = new Uint8ClampedArray(img.data);
  for (let i = 0; i < d.length; i += 4)
    for (let c = 0; c < 3; c++) {
      s = (s * 1103515245 + 12345) >>> 0;
      d[i + c] = d[i + c]! * 0.95 + 6 + ((s >>> 24) / 255 - 0.5) * amount;
    }
  return { width: img.width, height: img.height, data: d };
};

describe('compare-frames', () => {
  it('resizeArea averages blocks', () => {
    const img = image(4, 2, (x) => (x < 2 ? [0, 0, 0] : [255, 255, 255]));
    expect([...resizeArea(img, 2, 1, 1)]).toEqual([0, 255]);
  });

  it('ssim of a plane with itself is 1', () => {
    const a = resizeArea(slide(320, 180), 64, 36, 1);
    expect(ssim(a, a, 64, 36)).toBeCloseTo(1, 6);
  });

  it('finds a slide similar to its degraded video frame at another size', () => {
    const c = compareImages(degrade(slide(128, 72)), slide(1280, 720));
    expect(c.verdict).toBe('similar');
    expect(c.ssim).toBeGreaterThan(0.6);
  });

  it('tells different slides and different solid colours apart', () => {
    expect(compareImages(slide(128, 72, 0), slide(1280, 720, 1)).verdict).not.toBe('similar');
    expect(compareImages(solid(64, 36, [255, 0, 0]), solid(64, 36, [0, 0, 255])).verdict).toBe('different');
    expect(compareImages(solid(64, 36, [0, 0, 0]), slide(640, 360)).verdict).toBe('different');
    expect(compareImages(solid(64, 36, [255, 0, 0]), solid(320, 180, [250, 5, 5])).verdict).toBe('similar');
  });

  it('compares a 4:3 slide with the pillarboxed centre of a 16:9 frame', () => {
    const s43 = slide(400, 300);
    const framed = image(160, 90, (x, y) => {
      const x0 = 20; // 120-pixel-wide 4:3 area in the middle
      if (x < x0 || x >= x0 + 120) return [0, 0, 0];
      const sx = Math.floor(((x - x0) / 120) * 400);
      const sy = Math.floor((y / 90) * 300);
      const i = (sy * 400 + sx) * 4;
      return [s43.data[i]!, s43.data[i + 1]!, s43.data[i + 2]!];
    });
    expect(compareImages(framed, s43).verdict).toBe('similar');
  });

  it('takes the best of several frames (fade-in)', () => {
    const s = slide(320, 180);
    const frames = [solid(128, 72, [0, 0, 0]), degrade(slide(128, 72))];
    const m = bestFrameMatch(frames, s);
    expect(m.frameIndex).toBe(1);
    expect(m.verdict).toBe('similar');
    expect(bestFrameMatch([], s).frameIndex).toBe(-1);
  });

  it('rejects malformed images instead of reading out of range', () => {
    expect(() => compareImages({ width: 10, height: 10, data: new Uint8ClampedArray(4) }, slide(16, 9))).toThrow(RangeError);
  });
});
