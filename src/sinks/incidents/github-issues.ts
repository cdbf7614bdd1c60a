import type { GitHubClient } from '../../clients/github-octokit.js';
import type { Incident } from '../../history/types.js';
import type { Deps } from '../../model/deps.js';
import type { IncidentEvent, IncidentLinks, IncidentReporter } from '../../monitor/types.js';
import { untrusted } from '../../util/text.js';
import { findIncidentIssue, type IssueLocation, type IssueRef } from './find-incident-issue.js';
import { IssueAccess } from './issue-access.js';
import {
  confirmedAgainComment,
  issueTitle,
  lastedFor,
  openedBody,
  reminderComment,
  resolvedComment,
  updatedComment,
} from './issue-text.js';

export interface GitHubIssueReporterOptions {
  /** The client `createGitHubClient` makes (retries, rate limits, timeouts). */
  octokit: GitHubClient;
  owner: string;
  repo: string;
  /** `incident-label`: incident issues carry it, and only issues with it are looked at. */
  label: string;
  deps: Pick<Deps, 'logger'>;
}

/**
 * Incidents as GitHub issues: one open issue per target, found by its hidden marker. `opened` opens one (or
 * comments on the one another run opened), `updated` and `reminder` comment, `resolved` comments with the
 * duration and closes it as completed. A missing `issues: write`, issues turned off or an outage is a warning,
 * and the incident comes back as it was.
 */
export function createGitHubIssueReporter(options: GitHubIssueReporterOptions): IncidentReporter {
  const { octokit, owner, repo, label, deps } = options;
  const where: IssueLocation = { octokit, owner, repo, label };
  const access = new IssueAccess(deps.logger);
  const name = (incident: Incident) => untrusted(incident.target, 60);

  /** The open issue with the target's marker; `null` when there is none, undefined when GitHub failed. */
  const find = (incident: Incident): Promise<IssueRef | null | undefined> =>
    access.call(
      `list the open \`${label}\` issues to find the incident of ${name(incident)}`,
      async () => (await findIncidentIssue(where, incident.target)) ?? null,
    );

  async function create(event: IncidentEvent, links: IncidentLinks): Promise<IssueRef | undefined> {
    const created = await access.call(`open an incident issue for ${name(event.incident)}`, () =>
      octokit.request('POST /repos/{owner}/{repo}/issues', {
        owner,
        repo,
        title: issueTitle(event.incident),
        body: openedBody(event, links),
        labels: [label],
      }),
    );
    if (!created) return undefined;
    const issue = { number: created.data.number, url: created.data.html_url };
    deps.logger.info(`Opened incident issue #${issue.number} for ${name(event.incident)}: ${issue.url}`);
    return issue;
  }

  async function comment(issue: IssueRef, incident: Incident, body: string): Promise<boolean> {
    const done = await access.call(`comment on incident issue #${issue.number} of ${name(incident)}`, () =>
      octokit.request('POST /repos/{owner}/{repo}/issues/{issue_number}/comments', {
        owner,
        repo,
        issue_number: issue.number,
        body,
      }),
    );
    return done !== undefined;
  }

  async function opened(event: IncidentEvent, links: IncidentLinks): Promise<Incident> {
    const { incident } = event;
    const existing = incident.issue ?? (await find(incident));
    // Not knowing whether an issue is open is no licence to open a second one: the next notice tries again.
    if (existing === undefined) return incident;
    if (existing) {
      // Another run (an overlapping schedule, a manual dispatch) opened it a moment ago: one issue per outage.
      await comment(existing, incident, confirmedAgainComment(event, links));
      return { ...incident, issue: existing };
    }
    const issue = await create(event, links);
    return issue ? { ...incident, issue } : incident;
  }

  async function noticed(event: IncidentEvent, links: IncidentLinks): Promise<Incident> {
    const { incident } = event;
    const issue = incident.issue ?? (await find(incident));
    if (issue === undefined) return incident;
    if (issue === null) {
      // The issue is gone (closed by a person, or never written because GitHub failed then): the incident
      // is still open, so it gets an issue again, with the current state.
      const made = await create(event, links);
      return made ? { ...incident, issue: made } : incident;
    }
    const body = event.kind === 'updated' ? updatedComment(event, links) : reminderComment(event, links);
    await comment(issue, incident, body);
    return { ...incident, issue };
  }

  async function resolved(event: IncidentEvent, links: IncidentLinks): Promise<Incident> {
    const { incident } = event;
    const issue = incident.issue ?? (await find(incident));
    if (issue === undefined) return incident;
    if (issue === null) {
      deps.logger.info(`${name(incident)} is healthy again; it has no open incident issue to close.`);
      return incident;
    }
    if (!(await comment(issue, incident, resolvedComment(event, links)))) return incident;
    const closed = await access.call(`close incident issue #${issue.number} of ${name(incident)}`, () =>
      octokit.request('PATCH /repos/{owner}/{repo}/issues/{issue_number}', {
        owner,
        repo,
        issue_number: issue.number,
        state: 'closed',
        state_reason: 'completed',
      }),
    );
    if (!closed) return incident;
    const lasted = lastedFor((incident.resolvedAt ?? event.record.at) - incident.openedAt);
    deps.logger.info(
      `Closed incident issue #${issue.number} of ${name(incident)}: resolved after ${lasted}.`,
    );
    return { ...incident, issue };
  }

  return {
    name: 'github-issues',
    async report(event, links) {
      if (!access.enabled) return event.incident;
      switch (event.kind) {
        case 'opened':
          return opened(event, links);
        case 'updated':
        case 'reminder':
          return noticed(event, links);
        case 'resolved':
          return resolved(event, links);
      }
    },
  };
}
