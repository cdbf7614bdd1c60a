/**
 * How a client call ends when it brings no answer to use. Callers decide what each means for them: the
 * resolver stops (`config`) on a refusal and polls on through a transient failure; a sink turns them into
 * a sentence for its report.
 */

/** The run was cancelled, or the scope's time budget ran out; thrown out of any wait or request. */
export class Interrupted extends Error {
  /** `wait-timeout` names any scope's budget running out (for the resolver, it is the `wait-timeout` input). */
  constructor(readonly why: 'cancelled' | 'wait-timeout') {
    super(why);
    this.name = 'Interrupted';
  }
}

/** A request kept failing (5xx, transport, timeout) through its retries; callers that poll carry on. */
export class TransientFailure extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'TransientFailure';
  }
}

/**
 * The service turned the request down for a reason only the user can fix (a bad token, missing access, a
 * 4xx): trying again would not help. The message says what to fix.
 */
export class RequestRefused extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'RequestRefused';
  }
}
