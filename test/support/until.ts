/**
 * Waits until `predicate` holds, checking every few milliseconds: for tests that must act at a moment the
 * system under test reaches (a request in flight, a check run in progress) rather than after a guessed
 * sleep, which a busy machine would get wrong. Throws naming `what` after `timeoutMs`.
 */
export async function until(
  predicate: () => boolean,
  what = 'the condition',
  timeoutMs = 10_000,
): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!predicate()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}
