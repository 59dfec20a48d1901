// The <Kind>List type of a CRD kind: CRDs declare no list schema, so its shape is the standard one.
import type { TypeDef } from './api-model.js';
import { listDoc } from './type-graph.js';

/** `listTypeName` with apiVersion, kind, ListMeta metadata and `items` of `typeName` in package `pkg`. */
export function crdListType(
  kind: string,
  listTypeName: string,
  typeName: string,
  pkg: string,
  origin: string,
): TypeDef {
  return {
    name: listTypeName,
    doc: { description: listDoc(kind) },
    origin,
    type: {
      k: 'object',
      shape: {
        embeddedResource: false,
        props: [
          {
            name: 'apiVersion',
            optional: true,
            type: { k: 'string' },
            doc: { description: 'The versioned schema of this list.' },
          },
          {
            name: 'items',
            optional: false,
            type: { k: 'array', items: { k: 'ref', target: { pkg, name: typeName } } },
            doc: { description: `The ${kind} objects.` },
          },
          {
            name: 'kind',
            optional: true,
            type: { k: 'string' },
            doc: { description: 'The REST resource this list represents.' },
          },
          {
            name: 'metadata',
            optional: true,
            type: { k: 'ref', target: { runtime: 'ListMeta' } },
            doc: { description: 'Standard list metadata.' },
          },
        ],
      },
    },
  };
}
