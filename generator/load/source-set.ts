// What the load phase hands to the model: parsed CRDs and OpenAPI documents, each with a way to find lines for errors.
import type { InputLocation } from '../errors.js';

/** Maps a JSON pointer inside one parsed document to a location in its file. */
export type Locator = (pointer: string) => InputLocation;

/** One CustomResourceDefinition (apiextensions.k8s.io/v1) read from a file. */
export interface CrdSource {
  /** The input path as the user wrote it or as found under a directory (relative, for stable messages). */
  readonly file: string;
  /** The parsed CRD object. */
  readonly crd: Record<string, unknown>;
  /** JSON pointer of the CRD inside its document (non-empty when it came from the items of a List). */
  readonly pointer: string;
  /** Locates pointers of the whole document (prefix them with `pointer`). */
  readonly locate: Locator;
}

/** One OpenAPI document (v3, or v2 "swagger"). */
export interface OpenApiSource {
  readonly file: string;
  readonly openapiVersion: 2 | 3;
  readonly doc: Record<string, unknown>;
  readonly locate: Locator;
}

/** Everything the load phase read. Order follows the inputs (directories and globs expanded in sorted order). */
export interface SourceSet {
  readonly crds: readonly CrdSource[];
  readonly openapi: readonly OpenApiSource[];
}
