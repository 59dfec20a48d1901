// Collects what a doc comment should say about a schema node: description, default, format, pattern, limits, CEL rules.
import type { DocInfo, ValidationDoc } from './api-model.js';
import { isRecord, own, ownString } from './json-access.js';

const numericFacts: readonly [string, string][] = [
  ['minimum', 'minimum'],
  ['maximum', 'maximum'],
  ['exclusiveMinimum', 'exclusiveMinimum'],
  ['exclusiveMaximum', 'exclusiveMaximum'],
  ['multipleOf', 'multipleOf'],
  ['minLength', 'minLength'],
  ['maxLength', 'maxLength'],
  ['minItems', 'minItems'],
  ['maxItems', 'maxItems'],
  ['minProperties', 'minProperties'],
  ['maxProperties', 'maxProperties'],
];

function validationsOf(schema: Record<string, unknown>): ValidationDoc[] {
  const raw = own(schema, 'x-kubernetes-validations');
  if (!Array.isArray(raw)) {
    return [];
  }
  const out: ValidationDoc[] = [];
  for (const r of raw) {
    if (!isRecord(r)) {
      continue;
    }
    const rule = ownString(r, 'rule');
    if (rule === undefined) {
      continue;
    }
    const v: { -readonly [K in keyof ValidationDoc]: ValidationDoc[K] } = { rule };
    const message = ownString(r, 'message');
    const messageExpression = ownString(r, 'messageExpression');
    const reason = ownString(r, 'reason');
    const fieldPath = ownString(r, 'fieldPath');
    if (message !== undefined) {
      v.message = message;
    }
    if (messageExpression !== undefined) {
      v.messageExpression = messageExpression;
    }
    if (reason !== undefined) {
      v.reason = reason;
    }
    if (fieldPath !== undefined) {
      v.fieldPath = fieldPath;
    }
    out.push(v);
  }
  return out;
}

function factsOf(schema: Record<string, unknown>): string[] {
  const facts: string[] = [];
  for (const [key, label] of numericFacts) {
    const v = own(schema, key);
    if (typeof v === 'number' || typeof v === 'boolean') {
      facts.push(`${label} ${String(v)}`);
    }
  }
  if (own(schema, 'uniqueItems') === true) {
    facts.push('uniqueItems');
  }
  const listType = ownString(schema, 'x-kubernetes-list-type');
  if (listType !== undefined) {
    const keys = own(schema, 'x-kubernetes-list-map-keys');
    const keyText =
      Array.isArray(keys) && keys.length > 0 ? ` (keys: ${keys.filter((k) => typeof k === 'string').join(', ')})` : '';
    facts.push(`listType ${listType}${keyText}`);
  }
  const mapType = ownString(schema, 'x-kubernetes-map-type');
  if (mapType !== undefined) {
    facts.push(`mapType ${mapType}`);
  }
  return facts;
}

/** The doc facts of a schema node (an `allOf: [$ref]` wrapper carries its own description and default). */
export function docInfoOf(schema: Record<string, unknown>): DocInfo {
  const doc: { -readonly [K in keyof DocInfo]: DocInfo[K] } = {};
  const description = ownString(schema, 'description');
  if (description !== undefined && description.trim() !== '') {
    doc.description = description;
  }
  if (Object.hasOwn(schema, 'default')) {
    doc.default = schema.default;
  }
  const format = ownString(schema, 'format');
  if (format !== undefined) {
    doc.format = format;
  }
  const pattern = ownString(schema, 'pattern');
  if (pattern !== undefined) {
    doc.pattern = pattern;
  }
  const facts = factsOf(schema);
  if (facts.length > 0) {
    doc.facts = facts;
  }
  const validations = validationsOf(schema);
  if (validations.length > 0) {
    doc.validations = validations;
  }
  if (own(schema, 'deprecated') === true) {
    doc.deprecated = true;
  }
  return doc;
}

/** A doc that only has a description (used for fields the generator adds itself). */
export function describe(description: string): DocInfo {
  return { description };
}
