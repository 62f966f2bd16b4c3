/** Map and List methods (https://www.zoho.com/creator/newhelp/script/deluge-datatypes-collections-map.html). Maps keep insertion order; Lists are 0-based. */
import { argBool, argInt, argList, argMap, argText, keyOf, table } from './builtin-support.ts';
import { ValueError, deepEqual, toJson, toText, type DList, type DMap, type Value } from './values.ts';

const orNull = (v: Value | undefined): Value => (v === undefined ? null : v);

export const MAP_METHODS = table<DMap>([
  {
    name: 'put',
    params: '(key, value)',
    returns: 'void',
    doc: 'Sets key to value (overwrites).',
    min: 2,
    fn: (m, a) => {
      m.set(keyOf(a[0] as Value), a[1] as Value);
      return null;
    },
  },
  {
    name: 'putAll',
    params: '(map)',
    returns: 'void',
    doc: 'Copies every entry of another map.',
    min: 1,
    fn: (m, a) => {
      for (const [k, v] of argMap(a, 0, 'putAll: the argument')) m.set(k, v);
      return null;
    },
  },
  {
    name: 'insert',
    params: '(key: value, …)',
    returns: 'void',
    doc: 'Adds key-value pairs, as a key-value Collection does.',
    min: 1,
    fn: (m, a) => {
      for (const [k, v] of argMap(a, 0, 'insert: the argument (write key: value)')) m.set(k, v);
      return null;
    },
  },
  {
    name: 'get',
    params: '(key)',
    returns: 'any',
    doc: 'Value for key, or null when missing.',
    min: 1,
    fn: (m, a) => orNull(m.get(keyOf(a[0] as Value))),
  },
  {
    name: 'getJSON',
    params: '(key)',
    returns: 'any',
    doc: 'Value for key; JSON object text values are parsed.',
    min: 1,
    fn: (m, a) => orNull(m.get(argText(a, 0, 'getJSON: the key'))),
  },
  { name: 'keys', params: '()', returns: 'List', doc: 'The keys in insertion order.', fn: (m) => [...m.keys()] },
  { name: 'values', params: '()', returns: 'List', doc: 'The values in insertion order.', fn: (m) => [...m.values()] },
  {
    name: 'remove',
    params: '(key)',
    returns: 'any',
    doc: 'Removes key; returns its value.',
    min: 1,
    fn: (m, a) => {
      const k = keyOf(a[0] as Value);
      const v = orNull(m.get(k));
      m.delete(k);
      return v;
    },
  },
  { name: 'size', params: '()', returns: 'Number', doc: 'Number of entries.', fn: (m) => m.size },
  { name: 'isEmpty', params: '()', returns: 'Boolean', doc: 'True when there are no entries.', fn: (m) => m.size === 0 },
  {
    name: 'containsKey',
    aliases: ['containKey'],
    params: '(key)',
    returns: 'Boolean',
    doc: 'True if the key exists.',
    min: 1,
    fn: (m, a) => m.has(keyOf(a[0] as Value)),
  },
  {
    name: 'containsValue',
    aliases: ['containValue'],
    params: '(value)',
    returns: 'Boolean',
    doc: 'True if some entry has the value.',
    min: 1,
    fn: (m, a) => {
      for (const v of m.values()) if (deepEqual(v, a[0] as Value)) return true;
      return false;
    },
  },
  {
    name: 'clear',
    params: '()',
    returns: 'void',
    doc: 'Removes every entry.',
    fn: (m) => {
      m.clear();
      return null;
    },
  },
  { name: 'toMap', params: '()', returns: 'Map', doc: 'The map itself.', fn: (m) => m },
  { name: 'toText', params: '()', returns: 'Text', doc: 'Compact JSON text.', fn: (m) => toJson(m) },
]);

function index(l: DList, a: Value[], method: string, allowEnd = false): number {
  const i = argInt(a, 0, `${method}: the index`);
  if (i < 0 || i > l.length - (allowEnd ? 0 : 1)) throw new ValueError(`${method}(${i}): index ${i} is out of range for a List of size ${l.length}`);
  return i;
}

function find(l: DList, v: Value): number {
  for (let i = 0; i < l.length; i++) if (deepEqual(l[i] as Value, v)) return i;
  return -1;
}

function compareForSort(x: Value, y: Value): number {
  if (typeof x === 'number' && typeof y === 'number') return x - y;
  if (x === null) return y === null ? 0 : -1;
  if (y === null) return 1;
  const a = toText(x);
  const b = toText(y);
  return a < b ? -1 : a > b ? 1 : 0;
}

export const LIST_METHODS = table<DList>([
  {
    name: 'add',
    params: '(value)',
    returns: 'void',
    doc: 'Appends a value.',
    min: 1,
    fn: (l, a) => {
      l.push(a[0] as Value);
      return null;
    },
  },
  {
    name: 'addAll',
    params: '(list)',
    returns: 'void',
    doc: 'Appends every value of a list.',
    min: 1,
    fn: (l, a) => {
      l.push(...argList(a, 0, 'addAll: the argument'));
      return null;
    },
  },
  {
    name: 'insert',
    params: '(index, value)',
    returns: 'void',
    doc: 'Inserts a value before index.',
    min: 2,
    fn: (l, a) => {
      l.splice(index(l, a, 'insert', true), 0, a[1] as Value);
      return null;
    },
  },
  { name: 'get', params: '(index)', returns: 'any', doc: 'Element at index (0-based).', min: 1, fn: (l, a) => l[index(l, a, 'get')] as Value },
  { name: 'size', params: '()', returns: 'Number', doc: 'Number of elements.', fn: (l) => l.length },
  { name: 'isEmpty', params: '()', returns: 'Boolean', doc: 'True when there are no elements.', fn: (l) => l.length === 0 },
  {
    name: 'contains',
    params: '(value)',
    returns: 'Boolean',
    doc: 'True if the value is an element.',
    min: 1,
    fn: (l, a) => find(l, a[0] as Value) >= 0,
  },
  {
    name: 'notContains',
    params: '(value)',
    returns: 'Boolean',
    doc: 'True if the value is not an element.',
    min: 1,
    fn: (l, a) => find(l, a[0] as Value) < 0,
  },
  { name: 'indexOf', params: '(value)', returns: 'Number', doc: 'First index of the value, or -1.', min: 1, fn: (l, a) => find(l, a[0] as Value) },
  {
    name: 'lastIndexOf',
    params: '(value)',
    returns: 'Number',
    doc: 'Last index of the value, or -1.',
    min: 1,
    fn: (l, a) => {
      for (let i = l.length - 1; i >= 0; i--) if (deepEqual(l[i] as Value, a[0] as Value)) return i;
      return -1;
    },
  },
  {
    name: 'remove',
    params: '(index)',
    returns: 'any',
    doc: 'Removes the element at index; returns it.',
    min: 1,
    fn: (l, a) => l.splice(index(l, a, 'remove'), 1)[0] as Value,
  },
  {
    name: 'removeElement',
    params: '(value)',
    returns: 'void',
    doc: 'Removes the first element equal to value.',
    min: 1,
    fn: (l, a) => {
      const i = find(l, a[0] as Value);
      if (i >= 0) l.splice(i, 1);
      return null;
    },
  },
  {
    name: 'removeAll',
    params: '(list)',
    returns: 'void',
    doc: 'Removes every element that occurs in the list.',
    min: 1,
    fn: (l, a) => {
      const drop = argList(a, 0, 'removeAll: the argument');
      const keep = l.filter((x) => find(drop, x) < 0);
      l.length = 0;
      l.push(...keep);
      return null;
    },
  },
  {
    name: 'sort',
    params: '(ascending?)',
    returns: 'List',
    doc: 'Sorts in place (ascending by default) and returns the list.',
    max: 1,
    fn: (l, a) => {
      const asc = argBool(a, 0, 'sort: the argument', true);
      l.sort((x, y) => (asc ? 1 : -1) * compareForSort(x, y));
      return l;
    },
  },
  { name: 'distinct', params: '()', returns: 'List', doc: 'A new list without duplicates.', fn: (l) => l.filter((x, i) => find(l, x) === i) },
  {
    name: 'intersect',
    params: '(list)',
    returns: 'List',
    doc: 'Elements present in both lists.',
    min: 1,
    fn: (l, a) => {
      const o = argList(a, 0, 'intersect: the argument');
      return l.filter((x, i) => find(o, x) >= 0 && find(l, x) === i);
    },
  },
  {
    name: 'subList',
    params: '(start, end?)',
    returns: 'List',
    doc: 'Elements from start up to end (exclusive).',
    min: 1,
    max: 2,
    fn: (l, a) => {
      const s = argInt(a, 0, 'subList: start');
      const e = a.length > 1 ? argInt(a, 1, 'subList: end') : l.length;
      if (s < 0 || e > l.length || s > e) throw new ValueError(`subList(${s}, ${e}) is out of range for a List of size ${l.length}`);
      return l.slice(s, e);
    },
  },
  {
    name: 'clear',
    params: '()',
    returns: 'void',
    doc: 'Removes every element.',
    fn: (l) => {
      l.length = 0;
      return null;
    },
  },
  { name: 'toList', params: '()', returns: 'List', doc: 'The list itself.', fn: (l) => l },
  { name: 'toJSONList', params: '()', returns: 'List', doc: 'The list itself.', fn: (l) => l },
  { name: 'toText', params: '()', returns: 'Text', doc: 'Comma-joined text.', fn: (l) => toText(l) },
]);
