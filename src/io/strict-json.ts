// JSON.parse, stricter: a duplicate key (which JSON.parse resolves silently to the last one, so two
// readers of one file can disagree) and nesting deeper than a cap are refused. Iterative, so no
// input can exhaust the call stack here or in a recursive consumer later.

export interface StrictJsonOptions {
  /** Deepest nesting of arrays/objects accepted. */
  maxDepth?: number;
}

/** Parses `text`; `fail(why)` must throw (it names the file). */
export function parseStrictJson(text: string, fail: (why: string) => never, o: StrictJsonOptions = {}): unknown {
  const maxDepth = o.maxDepth ?? 64;
  let p = 0;
  const ws = () => { while (p < text.length && ' \t\n\r'.includes(text[p]!)) p++; };
  const at = () => `at character ${p}`;
  const string = (): string => {
    const start = p++;
    for (; p < text.length; p++) {
      const c = text.charCodeAt(p);
      if (c === 0x5c) p++; // skip the escaped character
      else if (c === 0x22) break;
      else if (c < 0x20) fail(`JSON string with a raw control character ${at()}`);
    }
    if (p >= text.length) fail('unterminated JSON string');
    p++;
    try {
      return JSON.parse(text.slice(start, p)) as string;
    } catch {
      return fail(`bad JSON string escape near character ${start}`);
    }
  };
  const NUMBER = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;
  const scalar = (): unknown => {
    const c = text[p];
    if (c === '"') return string();
    for (const [word, v] of [['true', true], ['false', false], ['null', null]] as const)
      if (text.startsWith(word, p)) { p += word.length; return v; }
    NUMBER.lastIndex = p;
    const m = NUMBER.exec(text);
    if (!m) return fail(`unexpected ${c === undefined ? 'end of JSON' : `'${c}' in JSON`} ${at()}`);
    p += m[0].length;
    return Number(m[0]);
  };

  // An explicit stack of open containers; each knows where its next value goes.
  type Open = { value: unknown[] | Record<string, unknown>; key?: string };
  const stack: Open[] = [];
  let root: unknown;
  const place = (v: unknown) => {
    const top = stack[stack.length - 1];
    if (!top) root = v;
    else if (Array.isArray(top.value)) top.value.push(v);
    // defineProperty: a key named __proto__ stays data, as with JSON.parse
    else Object.defineProperty(top.value, top.key!, { value: v, enumerable: true, writable: true, configurable: true });
  };
  const open = (value: unknown[] | Record<string, unknown>): Open => {
    if (stack.length >= maxDepth) fail(`JSON nested deeper than ${maxDepth} levels`);
    place(value);
    const o: Open = { value };
    stack.push(o);
    return o;
  };
  // After an opening brace or a comma inside an object: read `"key":`.
  const key = (top: Open) => {
    ws();
    if (text[p] !== '"') fail(`expected a JSON object key ${at()}`);
    const k = string();
    if (Object.prototype.hasOwnProperty.call(top.value, k)) fail(`duplicate JSON key "${k.slice(0, 80)}"`);
    ws();
    if (text[p] !== ':') fail(`expected ':' ${at()}`);
    p++;
    top.key = k;
  };

  let needValue = true;
  for (;;) {
    if (needValue) {
      ws();
      const c = text[p];
      if (c === '[' || c === '{') {
        p++;
        const o = open(c === '[' ? [] : {});
        ws();
        if (text[p] === (c === '[' ? ']' : '}')) { p++; stack.pop(); needValue = false; }
        else if (c === '{') key(o);
        continue;
      }
      place(scalar());
      needValue = false;
      continue;
    }
    if (!stack.length) break;
    ws();
    const top = stack[stack.length - 1]!;
    const end = Array.isArray(top.value) ? ']' : '}';
    const c = text[p++];
    if (c === end) { stack.pop(); continue; }
    if (c !== ',') fail(`expected ',' or '${end}' at character ${p - 1}`);
    if (!Array.isArray(top.value)) key(top);
    needValue = true;
  }
  ws();
  if (p < text.length) fail(`trailing characters after the JSON value at character ${p}`);
  return root;
}
