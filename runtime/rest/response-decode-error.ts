// A 2xx response whose body is not the JSON the client asked for (a proxy's HTML page, a truncated body).
import { KubeError } from '../errors/api-error.js';

/** The body of a successful response could not be decoded; the body itself is not quoted (it may hold secrets). */
export class ResponseDecodeError extends KubeError {
  /** The HTTP status of the response. */
  readonly statusCode: number;
  constructor(message: string, statusCode: number, options?: ErrorOptions) {
    super('KUBE_RESPONSE_DECODE', message, options);
    this.statusCode = statusCode;
  }
}
