// Parsers for the list-valued options of `tessera eval restore`, with one-line errors that name the option.
import { MOSAIC_STYLES, type MosaicStyle } from '../../mosaic/pixelate.js';
import { intOption, rangeOption } from './options.js';

/** "A-B" → A, the middle and B (e.g. 8-16 → 8, 12, 16); "A" → A; "8,10,16" → that list. */
export function blocksOption(name: string, value: string, min = 2, max = 64): number[] {
  if (value.includes(',')) return [...new Set(value.split(',').map((v) => intOption(name, v.trim(), min, max)))].sort((a, b) => a - b);
  const [a, b] = rangeOption(name, value, min, max);
  return [...new Set([a, Math.round((a + b) / 2), b])];
}

/** "mean,center" → those styles; "all" → every style. */
export function stylesOption(name: string, value: string): MosaicStyle[] {
  if (value.trim() === 'all') return [...MOSAIC_STYLES];
  const styles = value.split(',').map((s) => s.trim());
  for (const s of styles) if (!MOSAIC_STYLES.includes(s as MosaicStyle)) throw new Error(`${name} takes a list of ${MOSAIC_STYLES.join(', ')} (or all), got "${s}"`);
  return [...new Set(styles)] as MosaicStyle[];
}

/** "60,75,90,none" → [60, 75, 90, null]: JPEG qualities applied after the mosaic, none = no JPEG. */
export function jpegOption(name: string, value: string): (number | null)[] {
  return [...new Set(value.split(',').map((v) => {
    const q = v.trim(), n = Number(q);
    if (q === 'none') return null;
    if (!(Number.isInteger(n) && n >= 1 && n <= 100)) throw new Error(`${name} takes none or JPEG qualities 1-100, comma-separated (e.g. 60,75,90,none), got "${q}"`);
    return n;
  }))];
}
