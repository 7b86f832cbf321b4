// Option schemas: what a network family, a trainer or a product call takes, declared once where it is
// used (name, type, default, help, the paper's value). The faces render them: the CLI as flags, the
// server as fields; both check values with the same parsers, and each failure is one line naming the
// option (optionError).

/** Text → value; throws optionError when the text does not fit. */
export type Parser<T> = (flag: string, text: string) => T;

/** The one error for a bad option value. Words are quoted as typed on a shell ('…'), numbers as text ("…"). */
export function optionError(flag: string, expected: string, text: string, quote: '"' | "'" = '"'): Error {
  return new Error(`${flag} must be ${expected}, got ${quote}${text}${quote}`);
}

const bounds = (min: number, max: number) =>
  `${min > -Infinity ? ` ≥ ${min}` : ''}${min > -Infinity && max < Infinity ? ' and' : ''}${max < Infinity ? ` ≤ ${max}` : ''}`;

export const int = (min = -Infinity, max = Infinity): Parser<number> => (flag, text) => {
  const n = Number(text);
  if (text.trim() === '' || !Number.isInteger(n) || n < min || n > max) throw optionError(flag, `a whole number${bounds(min, max)}`, text);
  return n;
};

export const float = (min = -Infinity, max = Infinity): Parser<number> => (flag, text) => {
  const n = Number(text);
  if (text.trim() === '' || !Number.isFinite(n) || n < min || n > max) throw optionError(flag, `a number${bounds(min, max)}`, text);
  return n;
};

/** A share in [0, 1] (a probability, a mix of two). */
export const share: Parser<number> = (flag, text) => {
  const n = Number(text);
  if (text.trim() === '' || !(n >= 0 && n <= 1)) throw optionError(flag, 'between 0 and 1', text);
  return n;
};

/** A number > 0 (learning rates). */
export const positive: Parser<number> = (flag, text) => {
  const n = Number(text);
  if (text.trim() === '' || !(n > 0 && Number.isFinite(n))) throw optionError(flag, 'a positive number', text);
  return n;
};

/** `parse` or the literal word `word` (e.g. --block auto). */
export const orWord = <T, W extends string>(word: W, parse: Parser<T>): Parser<T | W> => (flag, text) => (text === word ? word : parse(flag, text));

/** One of the library's own list (NORM_TYPES, GAN_MODES, MOSAIC_STYLES, …). */
export const choice = <T extends string>(list: readonly T[]): Parser<T> => (flag, text) => {
  if (!list.includes(text as T)) throw optionError(flag, `one of ${list.join(', ')}`, text, "'");
  return text as T;
};

export type OptionValue = number | string | boolean;

interface OptionBase {
  /** The value's name in code, in run options and in the server's JSON (camelCase). */
  key: string;
  /** The CLI's flag with its argument, as commander reads it: '--lambda-L1 <x>', '--crf <n>', '--strict'. */
  flag: string;
  help: string;
  /** The paper's (or the reference implementation's) value, where it has one; shown in the help. */
  paper?: OptionValue;
}

/**
 * A number: 'int' whole, 'float' any, both within min and max; 'share' from 0 to 1; 'positive' above 0.
 * `word`: a literal word taken instead of a number (--block auto: the owner works the number out).
 * No default: the owner works one out (per model, per file).
 */
export interface NumberOption extends OptionBase {
  type: 'int' | 'float' | 'share' | 'positive'; min?: number; max?: number; word?: string; default?: number | string;
}
export interface ChoiceOption extends OptionBase { type: 'choice'; choices: readonly string[]; default?: string }
/** On when given. `negatable`: a '--no-…' twin turns it off (the default then depends on the owner). */
export interface FlagOption extends OptionBase { type: 'flag'; default?: boolean; negatable?: string }
/** Free text, or a value only `parse` knows how to read (a host:port, a device). */
export interface TextOption extends OptionBase { type: 'text'; default?: OptionValue; parse?: Parser<unknown> }

export type OptionSpec = NumberOption | ChoiceOption | FlagOption | TextOption;
export type OptionSchema = readonly OptionSpec[];

/** The parser of one option: its type's, with its bounds or choices. */
export function parserOf(spec: OptionSpec): Parser<unknown> {
  switch (spec.type) {
    case 'int': case 'float': case 'share': case 'positive': return spec.word ? orWord(spec.word, numberParser(spec)) : numberParser(spec);
    case 'choice': return choice(spec.choices);
    case 'flag': return (flag, text) => {
      if (text === 'true' || text === 'false') return text === 'true';
      throw optionError(flag, 'true or false', text, "'");
    };
    case 'text': return spec.parse ?? ((_flag, text) => text);
  }
}

function numberParser(spec: NumberOption): Parser<number> {
  switch (spec.type) {
    case 'int': return int(spec.min, spec.max);
    case 'float': return float(spec.min, spec.max);
    case 'share': return share;
    case 'positive': return positive;
  }
}

/** The flag's long name without its argument ('--lambda-L1'). */
export const flagName = (spec: OptionSpec): string => /--[\w-]+/.exec(spec.flag)![0];

/** Schemas joined; a key or flag declared twice is a programming error, said at once. */
export function joinSchemas(...schemas: OptionSchema[]): OptionSchema {
  const out: OptionSpec[] = [], keys = new Set<string>(), flags = new Set<string>();
  for (const spec of schemas.flat()) {
    if (keys.has(spec.key) || flags.has(flagName(spec))) throw new Error(`option ${flagName(spec)} (${spec.key}) is declared twice`);
    keys.add(spec.key);
    flags.add(flagName(spec));
    out.push(spec);
  }
  return out;
}

/** The schema's declared defaults, by key (options without one are left out). */
export function schemaDefaults(schema: OptionSchema): Record<string, OptionValue> {
  return Object.fromEntries(schema.filter((s) => s.default !== undefined).map((s) => [s.key, s.default!]));
}

/** What a form needs to offer an option (the server's /api/info): its bounds or choices, default and help. */
export interface OptionDescription {
  key: string; type: OptionSpec['type']; help: string;
  min?: number; max?: number; word?: string; choices?: string[]; default?: OptionValue;
}

/** The schema as plain JSON: the page builds its widgets from it, so they offer what the server accepts. */
export function describeSchema(schema: OptionSchema): OptionDescription[] {
  return schema.map((spec) => {
    const d: OptionDescription = { key: spec.key, type: spec.type, help: spec.help };
    if (spec.type === 'share') Object.assign(d, { min: 0, max: 1 });
    if ('min' in spec && spec.min !== undefined) d.min = spec.min;
    if ('max' in spec && spec.max !== undefined) d.max = spec.max;
    if ('word' in spec && spec.word) d.word = spec.word;
    if (spec.type === 'choice') d.choices = [...spec.choices];
    if (spec.default !== undefined) d.default = spec.default;
    return d;
  });
}

/**
 * A JSON value through the option's own parser, `name` in the message (the server's '"detail"'), so a bad
 * value gets the CLI's words. A value of the right JSON type is read as its text; any other as its JSON, which
 * the parser then refuses.
 */
export function parseJsonValue(spec: OptionSpec, name: string, value: unknown): unknown {
  const numeric = spec.type === 'int' || spec.type === 'float' || spec.type === 'share' || spec.type === 'positive';
  const fits = typeof value === (spec.type === 'flag' ? 'boolean' : numeric ? 'number' : 'string')
    || (numeric && spec.word !== undefined && value === spec.word);
  return parserOf(spec)(name, fits ? String(value) : JSON.stringify(value) ?? String(value));
}
