// Number parsing for CLI options, with one-line errors that name the option.
export function intOption(name: string, value: string, min = -Infinity, max = Infinity): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < min || n > max) {
    throw new Error(`${name} must be a whole number${min > -Infinity ? ` ≥ ${min}` : ''}${max < Infinity ? ` and ≤ ${max}` : ''}, got "${value}"`);
  }
  return n;
}

/** "A-B" or "A" → [A, B]. */
export function rangeOption(name: string, value: string, min = -Infinity, max = Infinity): [number, number] {
  const m = /^(\d+)(?:-(\d+))?$/.exec(value.trim());
  const a = m ? Number(m[1]) : NaN, b = m ? Number(m[2] ?? m[1]) : NaN;
  if (!m || a > b || a < min || b > max) throw new Error(`${name} must be A-B with ${min} ≤ A ≤ B ≤ ${max}, got "${value}"`);
  return [a, b];
}
