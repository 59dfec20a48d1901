// ApplyConflictError: a server-side apply refused because other field managers own some of the fields (409 Conflict).
import type { Status, StatusCause } from '../api/meta.js';
import { ApiError } from '../errors/api-error.js';

/** One conflicting field: who owns it and how they set it, as the API server reports it. */
export interface FieldConflict {
  /** The other field manager's name. */
  readonly manager: string;
  /** `Update` when the owner wrote with create/update/patch (the server names its apiVersion), else `Apply`. */
  readonly operation: 'Apply' | 'Update';
  /** The apiVersion the owner used (only reported for `Update`). */
  readonly apiVersion?: string;
  /** When the owner last wrote, RFC 3339 (only reported for `Update`). */
  readonly time?: string;
  /** The owner's subresource (`status`), when not the main resource. */
  readonly subresource?: string;
  /** The field path in structured-merge-diff's form: `.spec.replicas`, `.spec.ports[port=80,protocol="TCP"].name`. */
  readonly field: string;
}

/** The `reason` of a StatusCause the API server writes for each field in an apply conflict. */
export const fieldManagerConflictCause = 'FieldManagerConflict';

/**
 * An apply conflict: the server refused a server-side apply (without `force`) because fields it sets are owned by
 * other managers with different values. `conflicts` lists every field with its owner; `managers` the owners.
 * Resolve by dropping the fields from the configuration, by agreeing on values, or by applying with `force: true`
 * to take ownership.
 */
export class ApplyConflictError extends ApiError {
  override readonly code = 'KUBE_APPLY_CONFLICT';
  readonly conflicts: readonly FieldConflict[];

  constructor(status: Status, options?: ErrorOptions) {
    super(status, options);
    this.conflicts = (status.details?.causes ?? []).filter(isConflictCause).map(parseConflictCause);
  }

  /** The field managers that own conflicting fields, sorted, each once. */
  get managers(): readonly string[] {
    return [...new Set(this.conflicts.map((c) => c.manager))].sort();
  }

  /** The conflicting fields of `manager` (all of them when omitted). */
  fields(manager?: string): readonly string[] {
    return this.conflicts.filter((c) => manager === undefined || c.manager === manager).map((c) => c.field);
  }
}

function isConflictCause(c: StatusCause): boolean {
  return c.reason === fieldManagerConflictCause;
}

/** True for a Status (or an ApiError carrying one) that reports an apply conflict: 409, reason Conflict, field causes. */
export function isApplyConflictStatus(status: Status): boolean {
  return (
    (status.code === 409 || status.code === undefined) &&
    status.reason === 'Conflict' &&
    (status.details?.causes ?? []).some(isConflictCause)
  );
}

/** True when `err` is an apply conflict, whether or not the client already turned it into an ApplyConflictError. */
export function isApplyConflict(err: unknown): err is ApiError {
  if (err instanceof ApplyConflictError) {
    return true;
  }
  return err instanceof ApiError && isApplyConflictStatus(err.status);
}

/** `err` as an ApplyConflictError when it is an apply conflict; `undefined` otherwise. */
export function asApplyConflict(err: unknown): ApplyConflictError | undefined {
  if (err instanceof ApplyConflictError) {
    return err;
  }
  if (err instanceof ApiError && isApplyConflictStatus(err.status)) {
    return new ApplyConflictError(err.status, { cause: err });
  }
  return undefined;
}

/** Rethrows `err`, as an ApplyConflictError when it is an apply conflict: a `.catch()` handler for apply calls. */
export function rethrowApplyConflict(err: unknown): never {
  throw asApplyConflict(err) ?? err;
}

// The server writes `conflict with <manager>` where <manager> is a Go-quoted name, optionally followed by
// `with subresource "<s>"` and, for Update owners, `using <apiVersion>` and `at <RFC 3339 time>`.
const quoted = '"(?:[^"\\\\]|\\\\.)*"';
const causeMessage = new RegExp(
  `^conflict with (${quoted})(?: with subresource (${quoted}))?(?: using (\\S+)(?: at (\\S+))?)?$`,
);

function parseConflictCause(c: StatusCause): FieldConflict {
  const field = c.field ?? '';
  const m = causeMessage.exec(c.message ?? '');
  if (m === null) {
    // A server that words it differently: keep the text, so the caller still sees who it was.
    return { manager: (c.message ?? '').replace(/^conflict with /, ''), operation: 'Apply', field };
  }
  const [, manager = '""', subresource, apiVersion, time] = m;
  return {
    manager: unquoteGo(manager),
    operation: apiVersion === undefined ? 'Apply' : 'Update',
    ...(apiVersion === undefined ? {} : { apiVersion }),
    ...(time === undefined ? {} : { time }),
    ...(subresource === undefined ? {} : { subresource: unquoteGo(subresource) }),
    field,
  };
}

// Undoes Go's `%q`: JSON's escapes plus `\x`, `\U`, `\a`, `\v` and octal, which JSON lacks.
function unquoteGo(q: string): string {
  const inner = q.slice(1, -1);
  let out = '';
  for (let i = 0; i < inner.length; i++) {
    const ch = inner[i]!;
    if (ch !== '\\') {
      out += ch;
      continue;
    }
    const e = inner[++i] ?? '';
    const hex = (n: number): string => {
      const code = Number.parseInt(inner.slice(i + 1, i + 1 + n), 16);
      i += n;
      return Number.isNaN(code) ? '' : String.fromCodePoint(code);
    };
    switch (e) {
      case 'x':
        out += hex(2);
        break;
      case 'u':
        out += hex(4);
        break;
      case 'U':
        out += hex(8);
        break;
      case 'a':
        out += '\u0007';
        break;
      case 'b':
        out += '\b';
        break;
      case 'f':
        out += '\f';
        break;
      case 'n':
        out += '\n';
        break;
      case 'r':
        out += '\r';
        break;
      case 't':
        out += '\t';
        break;
      case 'v':
        out += '\u000b';
        break;
      default:
        if (/[0-7]/.test(e)) {
          out += String.fromCharCode(Number.parseInt(inner.slice(i, i + 3), 8));
          i += 2;
        } else {
          out += e;
        }
    }
  }
  return out;
}
