/**
 * Our own snippets for constructs the measured study of published scripts (docs/deluge.md,
 * "Real-world scripts") found missing; none is copied from a published script.
 */
import { describe, expect, it } from 'vitest';
import { parseDeluge } from '../../../src/engine/deluge/index.ts';
import { check, type Snippet } from '../deluge/helpers.ts';

const runs: Snippet[] = [
  {
    name: 'key: value arguments fill a key-value collection',
    src: 'seen = Map();\nfor each code in {"a", "b"}\n{\n  seen.insert(code:code.toUpperCase());\n}\ninfo seen;\ninfo seen.get("b");',
    out: ['{"a":"A","b":"B"}', 'B'],
  },
  { name: 'several key: value pairs in one call', src: 'm = Map();\nm.insert("x":1, "y":2);\ninfo m.keys();', out: ['x,y'] },
  { name: 'a map argument beside key: value pairs keeps its place', src: 'm = Map();\nm.putAll({"k":"v"});\ninfo m;', out: ['{"k":"v"}'] },
];

describe('constructs found by the real-world study', () => {
  for (const s of runs) it(s.name, () => check(s));

  it('insert on a Map needs key: value pairs, and says so', async () => {
    await check({
      name: 'insert text',
      src: 'm = Map();\nm.insert("k");',
      err: { code: 'DELUGE_RUNTIME', line: 2, msg: 'insert: the argument (write key: value)' },
    });
  });

  it('a key: value pair outside an argument list is still a positioned syntax error', () => {
    const { errors } = parseDeluge('x = "a":1;');
    expect(errors[0]).toMatchObject({ line: 1, column: 8 });
  });
});
