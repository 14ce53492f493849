/** An error as pvesh reports it: message on stderr, exit code 255 (Perl's die). */
export class ApiError extends Error {
  constructor(
    message: string,
    readonly exitCode = 255,
  ) {
    super(message);
  }
}

/** raise_param_exc: "400 Parameter verification failed." plus one line per parameter. */
export class ParamError extends ApiError {
  constructor(readonly errors: Record<string, string>) {
    super(
      `400 Parameter verification failed.\n${Object.entries(errors)
        .map(([k, v]) => `${k}: ${v}`)
        .join('\n')}`,
    );
  }
}
