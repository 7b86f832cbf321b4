// The list-valued options of `tessera eval restore`, as typed parsers (cli/options.ts): each failure is
// one line that names the option.
import { MOSAIC_STYLES, type MosaicStyle } from '../../image/pixelate.js';
import { choice, int, list, optionError, orWord, range, type Parser } from '../options.js';

/** "A-B" → A, the middle and B (8-16 → 8, 12, 16); "A" → A; "8,10,16" → that list, sorted. */
export const cellSizes = (min = 2, max = 64): Parser<number[]> => (flag, text) => {
  if (text.includes(',')) return list(int(min, max))(flag, text).sort((a, b) => a - b);
  const [a, b] = range(min, max)(flag, text);
  return [...new Set([a, Math.round((a + b) / 2), b])];
};

/** "mean,center" → those styles; "all" → every style. */
export const styleList: Parser<MosaicStyle[]> = (flag, text) =>
  (text.trim() === 'all' ? [...MOSAIC_STYLES] : list(choice(MOSAIC_STYLES))(flag, text));

/** "60,75,90,none" → [60, 75, 90, null]: JPEG qualities applied after the mosaic, none = no JPEG. */
export const jpegList: Parser<(number | null)[]> = (flag, text) => {
  try {
    return list(orWord('none', int(1, 100)))(flag, text).map((q) => (q === 'none' ? null : q));
  } catch {
    throw optionError(flag, 'none or JPEG qualities 1-100, comma-separated (e.g. 60,75,90,none)', text);
  }
};
