// GeneratorError: bad input or a failed step, naming the file, the line or JSON pointer, and what to do about it.
import { KubeError } from '../runtime/errors/api-error.js';

/** Stable codes of {@link GeneratorError}; scripts and tests match on these, never on the message. */
export type GeneratorErrorCode =
  | 'KGEN_INPUT_NOT_FOUND'
  | 'KGEN_INPUT_UNREADABLE'
  | 'KGEN_PARSE_ERROR'
  | 'KGEN_UNSUPPORTED_INPUT'
  | 'KGEN_CRD_V1BETA1'
  | 'KGEN_CRD_INVALID'
  | 'KGEN_SCHEMA_INVALID'
  | 'KGEN_REF_UNRESOLVED'
  | 'KGEN_DUPLICATE_KIND'
  | 'KGEN_PACKAGE_CONFLICT'
  | 'KGEN_CONFIG_INVALID'
  | 'KGEN_CONFIG_NOT_FOUND'
  | 'KGEN_NO_INPUT'
  | 'KGEN_SELECTION_EMPTY'
  | 'KGEN_OUTPUT_UNSAFE'
  | 'KGEN_WRITE_FAILED'
  | 'KGEN_FROM_CLUSTER_CONFIG'
  | 'KGEN_CLUSTER_FETCH_FAILED';

/** Where in the input a problem is. `pointer` is an RFC 6901 JSON pointer into the parsed document. */
export interface InputLocation {
  readonly file?: string | undefined;
  readonly pointer?: string | undefined;
  readonly line?: number | undefined;
  readonly column?: number | undefined;
}

export interface GeneratorErrorOptions extends InputLocation {
  /** What the user should do about it, printed on its own line. */
  readonly hint?: string | undefined;
  readonly cause?: unknown;
}

function formatLocation(loc: InputLocation): string {
  if (loc.file === undefined) {
    return loc.pointer !== undefined ? `at ${loc.pointer}: ` : '';
  }
  let at = loc.file;
  if (loc.line !== undefined) {
    at += `:${loc.line}`;
    if (loc.column !== undefined) {
      at += `:${loc.column}`;
    }
  }
  const ptr = loc.pointer !== undefined && loc.pointer !== '' ? ` (at ${loc.pointer})` : '';
  return `${at}${ptr}: `;
}

/** A failure the user can fix: bad input, bad configuration, an unwritable output directory. */
export class GeneratorError extends KubeError {
  override readonly code: GeneratorErrorCode;
  readonly file: string | undefined;
  readonly pointer: string | undefined;
  readonly line: number | undefined;
  readonly column: number | undefined;
  readonly hint: string | undefined;
  /** The message without location and hint. */
  readonly problem: string;

  constructor(code: GeneratorErrorCode, problem: string, options: GeneratorErrorOptions = {}) {
    const hint = options.hint !== undefined ? `\n  ${options.hint}` : '';
    super(code, `${formatLocation(options)}${problem}${hint}`, { cause: options.cause });
    this.code = code;
    this.problem = problem;
    this.file = options.file;
    this.pointer = options.pointer;
    this.line = options.line;
    this.column = options.column;
    this.hint = options.hint;
  }

  /** The same error with a location filled in (used when a pure step learns the file or line later). */
  withLocation(loc: InputLocation): GeneratorError {
    return new GeneratorError(this.code, this.problem, {
      file: loc.file ?? this.file,
      pointer: loc.pointer ?? this.pointer,
      line: loc.line ?? this.line,
      column: loc.column ?? this.column,
      hint: this.hint,
      cause: this.cause,
    });
  }
}

/** Escapes one JSON-pointer segment (RFC 6901). */
export function pointerSegment(s: string | number): string {
  return String(s).replace(/~/g, '~0').replace(/\//g, '~1');
}

/** Joins segments into a JSON pointer. */
export function jsonPointer(segments: readonly (string | number)[]): string {
  return segments.map((s) => `/${pointerSegment(s)}`).join('');
}

/** Splits a JSON pointer into its segments. */
export function parsePointer(pointer: string): string[] {
  if (pointer === '') {
    return [];
  }
  return pointer
    .slice(1)
    .split('/')
    .map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'));
}
