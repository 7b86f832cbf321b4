// How the commands that write images and videos encode them (censor, restore): declared once here.
import type { Command } from 'commander';
import type { OptionSchema } from '../../util/option-schema.js';
import { addSchemaOptions } from '../schema-options.js';

export const ENCODING_OPTIONS: OptionSchema = [
  { key: 'quality', flag: '--quality <q>', type: 'int', min: 1, max: 100, default: 92, help: 'JPEG/WebP output quality' },
  { key: 'crf', flag: '--crf <n>', type: 'int', min: 0, max: 63, help: 'video: constant rate factor (x264 default 18, VP9 32)' },
  { key: 'preset', flag: '--preset <p>', type: 'text', help: 'video: x264 preset (default veryfast)' },
];

export const encodingOptions = (cmd: Command): Command => addSchemaOptions(cmd, ENCODING_OPTIONS);
