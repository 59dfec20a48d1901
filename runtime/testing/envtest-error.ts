// The error envtest throws: a missing binary, a process that died or never became ready, a failed CRD or etcd call.
import { KubeError } from '../errors/api-error.js';

/** Stable codes of {@link EnvtestError}. */
export type EnvtestErrorCode =
  | 'ENVTEST_BINARY_MISSING'
  | 'ENVTEST_PROCESS_EXITED'
  | 'ENVTEST_NOT_READY'
  | 'ENVTEST_CRD_FAILED'
  | 'ENVTEST_REQUEST_FAILED'
  | 'ENVTEST_STOPPED';

/** Something went wrong starting, driving or stopping an envtest control plane. */
export class EnvtestError extends KubeError {
  declare readonly code: EnvtestErrorCode;
  constructor(code: EnvtestErrorCode, message: string, options?: ErrorOptions) {
    super(code, message, options);
  }
}
