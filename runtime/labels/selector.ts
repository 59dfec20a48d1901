// Label selectors: requirements ANDed together and matched against an object's labels, as apimachinery's labels.Selector.
import { KubeError } from '../errors/api-error.js';
import { labelKeyErrors, labelValueErrors } from './validation.js';

/** An object's labels. */
export type Labels = Readonly<Record<string, string>>;

/** apimachinery's selection.Operator values. */
export type SelectorOperator = '=' | '==' | '!=' | 'in' | 'notin' | 'exists' | '!' | 'gt' | 'lt';

/** A selector string or requirement that is not valid; the message names the offending part. */
export class LabelSelectorError extends KubeError {
  constructor(message: string) {
    super('KUBE_LABEL_SELECTOR_INVALID', message);
  }
}

const integerPattern = /^[-+]?\d+$/;

function parseInteger(s: string): bigint | undefined {
  // Go's strconv.ParseInt accepts an optional sign; int64 range is enforced so "too big" fails like it does there.
  if (!integerPattern.test(s)) {
    return undefined;
  }
  const n = BigInt(s);
  return n > 9223372036854775807n || n < -9223372036854775808n ? undefined : n;
}

/** One `key op values` term of a selector. Construct with {@link newRequirement}, which validates it. */
export class Requirement {
  /** @internal use {@link newRequirement} */
  constructor(
    readonly key: string,
    readonly operator: SelectorOperator,
    readonly values: readonly string[],
  ) {}

  matches(labels: Labels | undefined): boolean {
    const has = labels !== undefined && Object.hasOwn(labels, this.key);
    const value = has ? (labels as Labels)[this.key] : undefined;
    switch (this.operator) {
      case 'in':
      case '=':
      case '==':
        return has && this.values.includes(value as string);
      case 'notin':
      case '!=':
        return !has || !this.values.includes(value as string);
      case 'exists':
        return has;
      case '!':
        return !has;
      case 'gt':
      case 'lt': {
        if (!has || this.values.length !== 1) {
          return false;
        }
        const l = parseInteger(value as string);
        const r = parseInteger(this.values[0] as string);
        if (l === undefined || r === undefined) {
          return false;
        }
        return this.operator === 'gt' ? l > r : l < r;
      }
    }
  }

  toString(): string {
    if (this.operator === 'exists') {
      return this.key;
    }
    if (this.operator === '!') {
      return `!${this.key}`;
    }
    const vals = this.values.length === 1 ? (this.values[0] as string) : [...this.values].sort().join(',');
    switch (this.operator) {
      case 'in':
        return `${this.key} in (${vals})`;
      case 'notin':
        return `${this.key} notin (${vals})`;
      case 'gt':
        return `${this.key}>${vals}`;
      case 'lt':
        return `${this.key}<${vals}`;
      default:
        return `${this.key}${this.operator}${vals}`;
    }
  }
}

/** Builds a validated requirement; throws {@link LabelSelectorError} with every problem found. */
export function newRequirement(key: string, operator: SelectorOperator, values: readonly string[]): Requirement {
  const errs: string[] = [];
  for (const e of labelKeyErrors(key)) {
    errs.push(`key: Invalid value: "${key}": ${e}`);
  }
  switch (operator) {
    case 'in':
    case 'notin':
      if (values.length === 0) {
        errs.push("values: Invalid value: for 'in', 'notin' operators, values set can't be empty");
      }
      break;
    case '=':
    case '==':
    case '!=':
      if (values.length !== 1) {
        errs.push('values: Invalid value: exact-match compatibility requires one single value');
      }
      break;
    case 'exists':
    case '!':
      if (values.length !== 0) {
        errs.push('values: Invalid value: values set must be empty for exists and does not exist');
      }
      break;
    case 'gt':
    case 'lt':
      if (values.length !== 1) {
        errs.push("values: Invalid value: for 'Gt', 'Lt' operators, exactly one value is required");
      }
      for (const v of values) {
        if (parseInteger(v) === undefined) {
          errs.push(`values: Invalid value: "${v}": for 'Gt', 'Lt' operators, the value must be an integer`);
        }
      }
      break;
    default:
      errs.push(`operator: Unsupported value: "${String(operator)}"`);
  }
  for (const v of values) {
    for (const e of labelValueErrors(v)) {
      errs.push(`values[${key}]: Invalid value: "${v}": ${e}`);
    }
  }
  if (errs.length > 0) {
    throw new LabelSelectorError(errs.join('; '));
  }
  return new Requirement(key, operator, [...values]);
}

/** A label query: requirements ANDed together. Selectors are immutable; {@link Selector.add} returns a new one. */
export interface Selector {
  /** True if every requirement matches the labels (an empty selector matches everything). */
  matches(labels: Labels | undefined): boolean;
  /** True for the selector that selects everything. */
  empty(): boolean;
  /** True only for {@link nothing}: it matches no object at all. */
  readonly matchesNothing: boolean;
  /** The canonical string form, parseable by `parseSelector`. */
  toString(): string;
  /** A selector with the extra requirements, sorted by key. */
  add(...requirements: Requirement[]): Selector;
  /** The requirements, sorted by key. */
  requirements(): readonly Requirement[];
  /** The value a label must have, if the selector pins it with `=`, `==` or a one-value `in`. */
  requiresExactMatch(label: string): string | undefined;
}

function byKey(a: Requirement, b: Requirement): number {
  return a.key < b.key ? -1 : a.key > b.key ? 1 : 0;
}

class RequirementsSelector implements Selector {
  readonly matchesNothing = false;
  constructor(private readonly reqs: readonly Requirement[]) {}

  matches(labels: Labels | undefined): boolean {
    for (const r of this.reqs) {
      if (!r.matches(labels)) {
        return false;
      }
    }
    return true;
  }
  empty(): boolean {
    return this.reqs.length === 0;
  }
  toString(): string {
    return this.reqs.map((r) => r.toString()).join(',');
  }
  add(...requirements: Requirement[]): Selector {
    return new RequirementsSelector([...this.reqs, ...requirements].sort(byKey));
  }
  requirements(): readonly Requirement[] {
    return this.reqs;
  }
  requiresExactMatch(label: string): string | undefined {
    for (const r of this.reqs) {
      if (r.key === label) {
        if ((r.operator === '=' || r.operator === '==' || r.operator === 'in') && r.values.length === 1) {
          return r.values[0];
        }
        return undefined;
      }
    }
    return undefined;
  }
}

const nothingSelector: Selector = {
  matchesNothing: true,
  matches: () => false,
  empty: () => false,
  toString: () => '',
  add: () => nothingSelector,
  requirements: () => [],
  requiresExactMatch: () => undefined,
};

const everythingSelector: Selector = new RequirementsSelector([]);

/** The selector that matches every object. */
export function everything(): Selector {
  return everythingSelector;
}

/** The selector that matches no object. */
export function nothing(): Selector {
  return nothingSelector;
}

/** A selector from sorted, validated requirements. */
export function selectorFromRequirements(requirements: readonly Requirement[]): Selector {
  return requirements.length === 0 ? everythingSelector : new RequirementsSelector([...requirements].sort(byKey));
}

/** `key=value` for every entry of `set`; validates keys and values. */
export function selectorFromSet(set: Labels | undefined): Selector {
  if (set === undefined) {
    return everythingSelector;
  }
  return selectorFromRequirements(Object.keys(set).map((k) => newRequirement(k, '=', [set[k] as string])));
}
