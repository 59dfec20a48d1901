// Label selector parsing and matching, ported from apimachinery's labels/selector_test.go.
import { describe, expect, it } from 'vitest';
import {
  everything,
  LabelSelectorError,
  labelSelectorAsSelector,
  newRequirement,
  nothing,
  parseSelector,
  selectorFromSet,
} from '../../../runtime/labels/index.js';

describe('parseSelector', () => {
  it('TestSelectorParse: good strings round-trip without spaces; bad strings throw', () => {
    const good = ['x=a,y=b,z=c', '', 'x!=a,y=b', 'x=', 'x= ', 'x=,z= ', 'x= ,z= ', '!x', 'x>1', 'x>1,z<5'];
    for (const s of good) {
      expect(parseSelector(s).toString(), s).toBe(s.replaceAll(' ', ''));
    }
    for (const s of ['x=a||y=b', 'x==a==b', '!x=a', 'x<a']) {
      expect(() => parseSelector(s), s).toThrow(LabelSelectorError);
    }
  });

  it('TestDeterministicParse: requirement order does not matter', () => {
    expect(parseSelector('x=a,a=x').toString()).toBe(parseSelector('a=x,x=a').toString());
    expect(parseSelector('x=a,a=x').toString()).toBe('a=x,x=a');
  });

  it('TestSetSelectorParser: set-based syntax, whitespace and empty values', () => {
    const cases: [string, string][] = [
      ['\rx', 'x'],
      ['this-is-a-dns.domain.com/key-with-dash', 'this-is-a-dns.domain.com/key-with-dash'],
      ['0.1.2.domain/99 notin (10.10.100.1, tick.tack.clock)', '0.1.2.domain/99 notin (10.10.100.1,tick.tack.clock)'],
      ['foo  in\t (abc)', 'foo in (abc)'],
      ['x notin\n (abc)', 'x notin (abc)'],
      ['x in (abc,)', 'x in (,abc)'],
      ['x in (abc,abc)', 'x in (abc)'],
      ['x in ()', 'x in ()'],
      ['x in (a,,,,,,)', 'x in (,a)'],
      ['x in (a,,a,,a,,a,,)', 'x in (,a)'],
      ['x notin (abc,,def),bar,z in (),w', 'bar,w,x notin (,abc,def),z in ()'],
      ['x notin ( )', 'x notin ()'],
      ['x notin (, a)', 'x notin (,a)'],
      ['x=a,y!=b,z in (h,i,j)', 'x=a,y!=b,z in (h,i,j)'],
      ['notin=in', 'notin=in'],
    ];
    for (const [input, canonical] of cases) {
      expect(parseSelector(input).toString(), input).toBe(canonical);
    }
    for (const bad of ['x,,y', ',x,y', 'x nott in (y)', 'x in (a', 'x in a', 'a/b/c', `x=${'v'.repeat(64)}`]) {
      expect(() => parseSelector(bad), bad).toThrow(LabelSelectorError);
    }
  });
});

describe('Selector.matches', () => {
  const matches = (sel: string, labels: Record<string, string>): boolean => parseSelector(sel).matches(labels);

  it('TestSelectorMatches: equality, existence and numeric comparisons', () => {
    expect(matches('', { x: 'y' })).toBe(true);
    expect(matches('x=y', { x: 'y' })).toBe(true);
    expect(matches('x=y,z=w', { x: 'y', z: 'w' })).toBe(true);
    expect(matches('x!=y,z!=w', { x: 'z', z: 'a' })).toBe(true);
    expect(matches('notin=in', { notin: 'in' })).toBe(true);
    expect(matches('x', { x: 'z' })).toBe(true);
    expect(matches('!x', { y: 'z' })).toBe(true);
    expect(matches('x>1', { x: '2' })).toBe(true);
    expect(matches('x<1', { x: '0' })).toBe(true);
    expect(matches('x=z', {})).toBe(false);
    expect(matches('x=y', { x: 'z' })).toBe(false);
    expect(matches('x=y,z=w', { x: 'w', z: 'w' })).toBe(false);
    expect(matches('x!=y,z!=w', { x: 'z', z: 'w' })).toBe(false);
    expect(matches('x', { y: 'z' })).toBe(false);
    expect(matches('!x', { x: 'z' })).toBe(false);
    expect(matches('x>1', { x: '0' })).toBe(false);
    expect(matches('x<1', { x: '2' })).toBe(false);
    expect(matches('x>1', { x: 'abc' })).toBe(false);
    expect(matches('foo=bar,foobar=bar,baz=blah', { foo: 'bar', baz: 'blah' })).toBe(false);
  });

  it('TestRequirementSelectorMatching: set operators and missing labels', () => {
    expect(matches('x in (a,b)', { x: 'b' })).toBe(true);
    expect(matches('x in (a,b)', { y: 'a' })).toBe(false);
    expect(matches('x notin (a,b)', { y: 'a' })).toBe(true);
    expect(matches('x notin (a,b)', { x: 'a' })).toBe(false);
    expect(parseSelector('x').matches(undefined)).toBe(false);
    expect(parseSelector('!x').matches(undefined)).toBe(true);
  });

  it('keys that look like Object.prototype members are not labels', () => {
    expect(matches('constructor', {})).toBe(false);
    expect(matches('toString=x', {})).toBe(false);
  });

  it('TestEverything, TestMatchesNothing, TestSetIsEmpty', () => {
    expect(everything().matches({ x: 'y' })).toBe(true);
    expect(everything().empty()).toBe(true);
    expect(nothing().matches({})).toBe(false);
    expect(nothing().matchesNothing).toBe(true);
    expect(nothing().empty()).toBe(false);
    expect(selectorFromSet({}).empty()).toBe(true);
    expect(selectorFromSet(undefined).empty()).toBe(true);
  });

  it('TestSetMatches: selectors from label sets', () => {
    const set = { foo: 'bar', baz: 'blah' };
    expect(selectorFromSet({ foo: 'bar' }).matches(set)).toBe(true);
    expect(selectorFromSet({ foo: 'bar', baz: 'blah' }).matches(set)).toBe(true);
    expect(selectorFromSet({ foo: 'blah' }).matches(set)).toBe(false);
  });

  it('TestAdd and TestRequiresExactMatch', () => {
    const s = everything()
      .add(newRequirement('key', 'in', ['value']))
      .add(newRequirement('a', '!=', ['b']));
    expect(s.toString()).toBe('a!=b,key in (value)');
    expect(s.requiresExactMatch('key')).toBe('value');
    expect(s.requiresExactMatch('a')).toBeUndefined();
    expect(parseSelector('x in (a,b)').requiresExactMatch('x')).toBeUndefined();
    expect(parseSelector('x==a').requiresExactMatch('x')).toBe('a');
  });

  it('TestRequirementConstructor: validation of operators, values and keys', () => {
    expect(() => newRequirement('x', 'in', [])).toThrow(/values set can't be empty/);
    expect(() => newRequirement('x', '=', ['a', 'b'])).toThrow(/one single value/);
    expect(() => newRequirement('x', 'exists', ['a'])).toThrow(/must be empty/);
    expect(() => newRequirement('x', 'gt', ['a'])).toThrow(/must be an integer/);
    expect(() => newRequirement('x', 'gt', ['9223372036854775808'])).toThrow(/must be an integer/);
    expect(() => newRequirement('-x', 'exists', [])).toThrow(LabelSelectorError);
    expect(() => newRequirement(`${'a'.repeat(254)}/x`, 'exists', [])).toThrow(/prefix part/);
    expect(() => newRequirement('x', '=', ['-bad'])).toThrow(/valid label/);
    expect(newRequirement('example.com/x', 'notin', ['a', 'b']).toString()).toBe('example.com/x notin (a,b)');
  });
});

describe('labelSelectorAsSelector', () => {
  it('matchLabels and matchExpressions are ANDed; undefined matches nothing, empty matches everything', () => {
    const s = labelSelectorAsSelector({
      matchLabels: { app: 'web' },
      matchExpressions: [
        { key: 'tier', operator: 'In', values: ['front', 'edge'] },
        { key: 'legacy', operator: 'DoesNotExist' },
      ],
    });
    expect(s.matches({ app: 'web', tier: 'edge' })).toBe(true);
    expect(s.matches({ app: 'web', tier: 'edge', legacy: 'yes' })).toBe(false);
    expect(s.matches({ app: 'web', tier: 'back' })).toBe(false);
    expect(labelSelectorAsSelector(undefined).matches({})).toBe(false);
    expect(labelSelectorAsSelector({}).matches({ any: 'thing' })).toBe(true);
    expect(() => labelSelectorAsSelector({ matchExpressions: [{ key: 'a', operator: 'Near' }] })).toThrow(
      /"Near" is not a valid label selector operator/,
    );
  });
});
