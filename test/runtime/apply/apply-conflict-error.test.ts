// Apply conflicts: the 409 Status the API server sends for server-side apply, parsed into managers and fields.
import { describe, expect, test } from 'vitest';
import type { Status } from '../../../runtime/api/meta.js';
import {
  ApplyConflictError,
  asApplyConflict,
  isApplyConflict,
  rethrowApplyConflict,
} from '../../../runtime/apply/apply-conflict-error.js';
import { ApiError, apiErrorFromResponse, isConflict } from '../../../runtime/errors/api-error.js';

// Bodies as kube-apiserver writes them (managedfields/internal/conflict.go): one cause per field, the manager
// Go-quoted, `using <apiVersion> at <time>` for Update owners, `with subresource` for subresource owners.
function conflictStatus(causes: { message: string; field: string }[], message = 'Apply failed'): Status {
  return {
    kind: 'Status',
    apiVersion: 'v1',
    status: 'Failure',
    message,
    reason: 'Conflict',
    code: 409,
    details: { causes: causes.map((c) => ({ reason: 'FieldManagerConflict', ...c })) },
  };
}

const single = conflictStatus(
  [{ message: 'conflict with "kubectl-client-side-apply" using apps/v1', field: '.spec.replicas' }],
  'Apply failed with 1 conflict: conflict with "kubectl-client-side-apply" using apps/v1: .spec.replicas',
);

const several = conflictStatus([
  { message: 'conflict with "hpa-controller" using autoscaling/v2 at 2026-03-04T05:06:07Z', field: '.spec.replicas' },
  { message: 'conflict with "deployer"', field: '.spec.template.spec.containers[name="app"].image' },
  { message: 'conflict with "deployer"', field: '.metadata.labels.app' },
  { message: 'conflict with "status-writer" with subresource "status"', field: '.status.phase' },
  {
    message: 'conflict with "status-writer" with subresource "status" using v1 at 2026-03-04T05:06:07Z',
    field: '.status.ready',
  },
  { message: 'conflict with "odd \\"name\\"\\x41\\u00e9"', field: '.spec.x' },
]);

describe('ApplyConflictError', () => {
  test('one conflict with an Update owner', () => {
    const err = new ApplyConflictError(single);
    expect(err).toBeInstanceOf(ApiError);
    expect(err.code).toBe('KUBE_APPLY_CONFLICT');
    expect(err.statusCode).toBe(409);
    expect(isConflict(err)).toBe(true);
    expect(err.message).toBe(single.message);
    expect(err.conflicts).toEqual([
      { manager: 'kubectl-client-side-apply', operation: 'Update', apiVersion: 'apps/v1', field: '.spec.replicas' },
    ]);
    expect(err.managers).toEqual(['kubectl-client-side-apply']);
  });

  test('many conflicts: every field with its owner, operation, apiVersion, time and subresource', () => {
    const err = new ApplyConflictError(several);
    expect(err.conflicts).toEqual([
      {
        manager: 'hpa-controller',
        operation: 'Update',
        apiVersion: 'autoscaling/v2',
        time: '2026-03-04T05:06:07Z',
        field: '.spec.replicas',
      },
      { manager: 'deployer', operation: 'Apply', field: '.spec.template.spec.containers[name="app"].image' },
      { manager: 'deployer', operation: 'Apply', field: '.metadata.labels.app' },
      { manager: 'status-writer', operation: 'Apply', subresource: 'status', field: '.status.phase' },
      {
        manager: 'status-writer',
        operation: 'Update',
        subresource: 'status',
        apiVersion: 'v1',
        time: '2026-03-04T05:06:07Z',
        field: '.status.ready',
      },
      { manager: 'odd "name"Aé', operation: 'Apply', field: '.spec.x' },
    ]);
    expect(err.managers).toEqual(['deployer', 'hpa-controller', 'odd "name"Aé', 'status-writer']);
    expect(err.fields('deployer')).toEqual([
      '.spec.template.spec.containers[name="app"].image',
      '.metadata.labels.app',
    ]);
    expect(err.fields()).toHaveLength(6);
  });

  test('causes of other kinds are not conflicts; an unexpected wording keeps the text as the manager', () => {
    const status = conflictStatus([{ message: 'clash: "x" owns it', field: '.a' }]);
    status.details!.causes!.push({ reason: 'FieldValueInvalid', message: 'bad', field: '.b' });
    expect(new ApplyConflictError(status).conflicts).toEqual([
      { manager: 'clash: "x" owns it', operation: 'Apply', field: '.a' },
    ]);
  });
});

describe('isApplyConflict / asApplyConflict / rethrowApplyConflict', () => {
  const plainConflict: Status = {
    kind: 'Status',
    apiVersion: 'v1',
    status: 'Failure',
    reason: 'Conflict',
    code: 409,
    message: 'Operation cannot be fulfilled on widgets "a": the object has been modified',
  };

  test('recognises the ApiError a REST client throws for the 409, but not an optimistic-concurrency conflict', () => {
    const fromWire = apiErrorFromResponse(409, several, { method: 'PATCH' });
    expect(isApplyConflict(fromWire)).toBe(true);
    expect(isApplyConflict(apiErrorFromResponse(409, plainConflict, { method: 'PUT' }))).toBe(false);
    expect(isApplyConflict(apiErrorFromResponse(422, { ...several, code: 422, reason: 'Invalid' }))).toBe(false);
    expect(isApplyConflict(new Error('conflict with "x"'))).toBe(false);
    expect(isApplyConflict(undefined)).toBe(false);
  });

  test('asApplyConflict converts, keeping the original as the cause; other errors give undefined', () => {
    const fromWire = apiErrorFromResponse(409, single, { method: 'PATCH' });
    const err = asApplyConflict(fromWire);
    expect(err).toBeInstanceOf(ApplyConflictError);
    expect(err?.cause).toBe(fromWire);
    expect(err?.managers).toEqual(['kubectl-client-side-apply']);
    expect(asApplyConflict(err)).toBe(err);
    expect(asApplyConflict(apiErrorFromResponse(409, plainConflict))).toBeUndefined();
  });

  test('rethrowApplyConflict turns a rejected apply into an ApplyConflictError and passes others through', async () => {
    const conflict = Promise.reject(apiErrorFromResponse(409, several, { method: 'PATCH' }));
    await expect(conflict.catch(rethrowApplyConflict)).rejects.toBeInstanceOf(ApplyConflictError);
    const other = new Error('boom');
    await expect(Promise.reject(other).catch(rethrowApplyConflict)).rejects.toBe(other);
  });
});

// Bodies kube-apiserver 1.35 (envtest) returned: an apply touching fields of two appliers and an updater, and a
// status apply against another manager's status apply.
describe('conflicts recorded from kube-apiserver', () => {
  const fourConflicts = {
    kind: 'Status',
    apiVersion: 'v1',
    metadata: {},
    status: 'Failure',
    message:
      'Apply failed with 4 conflicts: conflicts with "deployer":\n- .metadata.labels.app\n- .spec.template.spec.containers[name="app"].image\nconflicts with "injector":\n- .metadata.labels.injected\nconflicts with "kubectl-edit" using apps/v1:\n- .spec.replicas',
    reason: 'Conflict',
    details: {
      causes: [
        {
          reason: 'FieldManagerConflict',
          message: 'conflict with "deployer"',
          field: '.metadata.labels.app',
        },
        {
          reason: 'FieldManagerConflict',
          message: 'conflict with "deployer"',
          field: '.spec.template.spec.containers[name="app"].image',
        },
        {
          reason: 'FieldManagerConflict',
          message: 'conflict with "injector"',
          field: '.metadata.labels.injected',
        },
        {
          reason: 'FieldManagerConflict',
          message: 'conflict with "kubectl-edit" using apps/v1',
          field: '.spec.replicas',
        },
      ],
    },
    code: 409,
  } as Status;
  const statusConflict = {
    kind: 'Status',
    apiVersion: 'v1',
    metadata: {},
    status: 'Failure',
    message:
      'Apply failed with 1 conflict: conflict with "deployer" with subresource "status": .status.conditions[type="Ready"].status',
    reason: 'Conflict',
    details: {
      causes: [
        {
          reason: 'FieldManagerConflict',
          message: 'conflict with "deployer" with subresource "status"',
          field: '.status.conditions[type="Ready"].status',
        },
      ],
    },
    code: 409,
  } as Status;

  test('four conflicts with three managers', () => {
    const err = asApplyConflict(apiErrorFromResponse(409, fourConflicts, { method: 'PATCH' }));
    expect(err?.managers).toEqual(['deployer', 'injector', 'kubectl-edit']);
    expect(err?.fields('deployer')).toEqual([
      '.metadata.labels.app',
      '.spec.template.spec.containers[name="app"].image',
    ]);
    expect(err?.conflicts.find((c) => c.manager === 'kubectl-edit')).toEqual({
      manager: 'kubectl-edit',
      operation: 'Update',
      apiVersion: 'apps/v1',
      field: '.spec.replicas',
    });
  });

  test('a status conflict names the subresource', () => {
    expect(new ApplyConflictError(statusConflict).conflicts).toEqual([
      {
        manager: 'deployer',
        operation: 'Apply',
        subresource: 'status',
        field: '.status.conditions[type="Ready"].status',
      },
    ]);
  });
});
