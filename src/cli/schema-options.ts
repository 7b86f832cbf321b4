// Renders option schemas (util/option-schema.ts, declared by the rooms that use them) as commander
// options, and reads the parsed values back by schema key. Help shows the default, or the one each
// model has where it depends on the model, and the paper's value where it differs.
import { Option, type Command } from 'commander';
import { parserOf, type OptionSchema, type OptionSpec, type OptionValue } from '../util/option-schema.js';

/** commander's attribute name of a flag: '--n-layers-D <n>' → nLayersD, '--no-flip' → flip. */
export const attributeOf = (spec: OptionSpec): string => new Option(spec.flag).attributeName();

const shown = (v: OptionValue) => (typeof v === 'string' ? v : String(v));

function helpOf(spec: OptionSpec, defaultText?: string): string {
  // a default per model is each model's paper's already (train/defaults.ts)
  const paper = spec.paper !== undefined && spec.default !== undefined && spec.paper !== spec.default ? ` (paper: ${shown(spec.paper)})` : '';
  return `${spec.help}${paper}${defaultText ? ` ${defaultText}` : ''}`;
}

/**
 * Declares every option of `schema` on `cmd`. `defaultText(spec)` may say the default of an option that has
 * none of its own ("(default: 64, cogan 32)"); commander shows declared defaults itself.
 */
export function addSchemaOptions(cmd: Command, schema: OptionSchema, defaultText: (spec: OptionSpec) => string | undefined = () => undefined): Command {
  for (const spec of schema) {
    const help = helpOf(spec, spec.default === undefined ? defaultText(spec) : undefined);
    if (spec.type === 'flag') {
      cmd.option(spec.flag, help);
      if (spec.negatable) cmd.option(spec.flag.replace('--', '--no-'), spec.negatable);
      continue;
    }
    const parse = parserOf(spec), flag = /--[\w-]+/.exec(spec.flag)![0];
    cmd.option(spec.flag, help, (text: string) => parse(flag, text), spec.default as never);
  }
  return cmd;
}

/** The values commander parsed, by schema key (an option not given and without a default: undefined). */
export function schemaValues<T = Record<string, unknown>>(opts: Record<string, unknown>, schema: OptionSchema): T {
  return Object.fromEntries(schema.map((spec) => [spec.key, opts[attributeOf(spec)]])) as T;
}

/** Whether the user gave option `key` (on the command line or through the environment), not its default. */
export const givenOn = (cmd: Command, schema: OptionSchema) => (key: string): boolean => {
  const spec = schema.find((s) => s.key === key);
  return !!spec && ['cli', 'env'].includes(cmd.getOptionValueSource(attributeOf(spec)) ?? '');
};
