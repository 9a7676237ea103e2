/** A query the caller can fix (bad parameter, unknown entry, tampered cursor): HTTP 400, CLI exit 2. */
export class QueryParamError extends Error {
  override readonly name = 'QueryParamError';
  constructor(
    message: string,
    /** The offending parameter, so clients can point at it. */
    readonly param?: string,
  ) {
    super(message);
  }
}
