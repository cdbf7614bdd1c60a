import { noSink, type Sink, type SinkInput } from '../sink.js';

/**
 * The gate's verdict on a production deployment, recorded in the monitor's history as a deployment marker
 * (`history: branch:NAME | dir:PATH`), so the monitor's trends show which deployment changed them. The writer
 * is loaded only when `history` is set: a plain gate run loads nothing of the history.
 */
export function historySink(input: SinkInput): Sink {
  const { settings, context, deps } = input;
  if (settings.history.kind === 'none') return noSink;
  return {
    ...noSink,
    async finish(run) {
      if (run.environment !== 'production' || run.resolve?.kind !== 'ready') return;
      try {
        const { writeGateMarker } = await import('./write-marker.js');
        await writeGateMarker(run, context, deps);
      } catch (error) {
        // Never a verdict: the marker is a nicety of the monitor's charts.
        deps.logger.warning(`Could not record the deployment in the history: ${(error as Error).message}`);
      }
    },
  };
}
