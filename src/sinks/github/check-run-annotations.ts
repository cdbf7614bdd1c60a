import type { RunResult } from '../../model/run-result.js';
import type { ServiceHealth } from '../../model/types.js';
import { serviceProblemText, stopMessage } from '../../render/annotations.js';
import { reasonTitle } from '../../render/labels.js';
import { type Problem, problemsOf } from '../../render/problems.js';
import { redactText, secretsToRedact } from '../../render/redact.js';
import { type RunView, viewOf } from '../../render/run-view.js';
import { untrusted } from '../../util/text.js';
import type { SourceLocation } from './workflow-location.js';

/** What an annotation is about, so a config file can say where it is defined. */
export interface AnnotationSubject {
  kind: 'service' | 'rule' | 'anomaly' | 'checklist' | 'endpoint' | 'stop';
  /** Service key, rule id, checklist item id, `endpoint_status`, or the stop reason. */
  id: string;
}

/**
 * Where a subject is defined (the config file's line of a rule or checklist item), or undefined to point at
 * the workflow step. `locateInConfig()` builds one from the loaded config.
 */
export type Locate = (subject: AnnotationSubject) => SourceLocation | undefined;

export type AnnotationLevel = 'notice' | 'warning' | 'failure';

/** A check-run annotation as GitHub's API takes it. */
export interface CheckAnnotation {
  path: string;
  start_line: number;
  end_line: number;
  annotation_level: AnnotationLevel;
  title: string;
  message: string;
}

/** GitHub takes at most 50 annotations per request. */
export const ANNOTATIONS_PER_REQUEST = 50;
/** Ten requests' worth; beyond that the check run's text lists the rest. */
export const MAX_CHECK_ANNOTATIONS = 500;
const TITLE_MAX = 255;
const MESSAGE_MAX = 4000;

const levelRank: Record<AnnotationLevel, number> = { failure: 0, warning: 1, notice: 2 };

interface Draft {
  subject: AnnotationSubject;
  level: AnnotationLevel;
  title: string;
  message: string;
}

/**
 * One annotation for each thing that went wrong: the reason the run stopped, every failing or warning
 * service, every triggered rule and failed checklist item (and info rules as notices). Failures first.
 * Without a place to point at (no workflow ref and no config location) there are none: GitHub requires a path.
 */
export function checkRunAnnotations(
  run: RunResult,
  fallback: SourceLocation | undefined,
  locate?: Locate,
): CheckAnnotation[] {
  const view = viewOf(run);
  const drafts = [...stopDraft(view), ...findingDrafts(view), ...serviceDrafts(view)].sort(
    (a, b) => levelRank[a.level] - levelRank[b.level],
  );
  const secrets = secretsToRedact(run);
  const annotations: CheckAnnotation[] = [];
  for (const draft of drafts) {
    const at = safeLocate(locate, draft.subject) ?? fallback;
    if (!at) continue;
    annotations.push({
      path: at.path,
      start_line: at.startLine,
      end_line: Math.max(at.startLine, at.endLine ?? at.startLine),
      annotation_level: draft.level,
      title: untrusted(redactText(draft.title, secrets), TITLE_MAX),
      message: untrusted(redactText(draft.message, secrets), MESSAGE_MAX),
    });
  }
  return capped(annotations);
}

/** Splits annotations into requests of at most 50 (at least one request, possibly without annotations). */
export function inBatches(annotations: CheckAnnotation[]): CheckAnnotation[][] {
  const batches: CheckAnnotation[][] = [];
  for (let i = 0; i < annotations.length; i += ANNOTATIONS_PER_REQUEST) {
    batches.push(annotations.slice(i, i + ANNOTATIONS_PER_REQUEST));
  }
  return batches.length > 0 ? batches : [[]];
}

function capped(annotations: CheckAnnotation[]): CheckAnnotation[] {
  if (annotations.length <= MAX_CHECK_ANNOTATIONS) return annotations;
  const kept = annotations.slice(0, MAX_CHECK_ANNOTATIONS - 1);
  const first = kept[0] as CheckAnnotation;
  kept.push({
    path: first.path,
    start_line: first.start_line,
    end_line: first.end_line,
    annotation_level: 'notice',
    title: 'More problems',
    message: `${annotations.length - kept.length} more problems are not annotated; the check run's details and the job summary list them.`,
  });
  return kept;
}

function safeLocate(locate: Locate | undefined, subject: AnnotationSubject): SourceLocation | undefined {
  try {
    const at = locate?.(subject);
    return at?.path && Number.isInteger(at.startLine) && at.startLine >= 1 ? at : undefined;
  } catch {
    return undefined;
  }
}

function stopDraft(view: RunView): Draft[] {
  const { stop, run } = view;
  if (!stop) return [];
  return [
    {
      subject: { kind: 'stop', id: stop.reason },
      level: stop.reason === 'cancelled' || !run.gateFailed ? 'warning' : 'failure',
      title: reasonTitle[stop.reason],
      message: stopMessage(view),
    },
  ];
}

function findingDrafts(view: RunView): Draft[] {
  const blamed = view.services.some((s) => s.status !== 'pass');
  return (
    problemsOf(view)
      // The endpoint's own finding repeats what the per-service annotations say in more detail.
      .filter((p) => !(p.subject.kind === 'endpoint' && blamed))
      // A healthy finding is worth a notice only when a rule fired (an `info` rule); passes are not news.
      .filter((p) => p.status !== 'healthy' || p.subject.kind === 'rule')
      .map((p) => ({ subject: p.subject, level: problemLevel(view, p), title: p.title, message: p.message }))
  );
}

function problemLevel(view: RunView, problem: Problem): AnnotationLevel {
  if (problem.status === 'healthy') return 'notice';
  return problem.status === 'unhealthy' && view.run.gateFailed ? 'failure' : 'warning';
}

function serviceDrafts(view: RunView): Draft[] {
  return view.services.filter((s) => s.status !== 'pass').map((s) => serviceDraft(view, s));
}

function serviceDraft(view: RunView, service: ServiceHealth): Draft {
  // A failing service fails the check only when the verdict it caused fails the gate.
  const level: AnnotationLevel =
    service.status === 'fail' && view.run.verdict.status === 'unhealthy' && view.run.gateFailed
      ? 'failure'
      : 'warning';
  return { subject: { kind: 'service', id: service.key }, level, ...serviceProblemText(view, service) };
}
