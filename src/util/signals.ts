/**
 * The runner cancels a job with SIGINT, then SIGTERM 7.5 s later, then SIGKILL. Both signals abort the run's
 * signal so every wait stops and the reports can still be completed in the time left.
 */
export function abortOnSignals(controller: AbortController): () => void {
  const onSignal = (signal: NodeJS.Signals) => {
    if (!controller.signal.aborted) controller.abort(new Error(`received ${signal}`));
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  return () => {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
  };
}
