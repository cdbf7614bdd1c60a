import { annotationsFor } from '../../render/annotations.js';
import { noSink, type Sink, type SinkInput } from '../sink.js';

/** This project's workflow annotations, into the ledger (titled with the project in a monorepo run). */
export function annotationsSink(input: SinkInput): Sink {
  const { settings, monorepo, runner } = input;
  if (!runner || !settings.reports.has('annotations')) return noSink;
  const project = settings.vercel.project;
  return {
    ...noSink,
    async finish(run, ledger) {
      ledger.annotations = annotationsFor(run).map((annotation) =>
        monorepo ? { ...annotation, title: `[${project}] ${annotation.title}` } : annotation,
      );
    },
  };
}
