import type { GitHubClient } from '../../clients/github-octokit.js';
import { markerFor } from './issue-text.js';

/** 100 a page (GitHub's most): 10 pages reach 1,000 open incident issues, far beyond any real repository. */
const PER_PAGE = 100;
const MAX_PAGES = 10;

export interface IssueRef {
  number: number;
  /** The issue's page on GitHub (`html_url`). */
  url: string;
}

export interface IssueLocation {
  octokit: GitHubClient;
  owner: string;
  repo: string;
  label: string;
}

/**
 * The open incident issue of `target`: an open issue with the label whose body carries the target's hidden
 * marker (the oldest, should two runs ever have opened one each). Read from the issues list, which shows an
 * issue the moment it is created; the search API is eventually consistent and would miss an issue another run
 * opened a minute ago. Pull requests (which the list returns too) are skipped. Undefined when there is none;
 * throws what the client throws.
 */
export async function findIncidentIssue(where: IssueLocation, target: string): Promise<IssueRef | undefined> {
  const marker = markerFor(target);
  const label = where.label.toLowerCase();
  let found: IssueRef | undefined;
  for (let page = 1; page <= MAX_PAGES; page++) {
    const response = await where.octokit.request('GET /repos/{owner}/{repo}/issues', {
      owner: where.owner,
      repo: where.repo,
      labels: where.label,
      state: 'open',
      per_page: PER_PAGE,
      page,
    });
    const items = Array.isArray(response.data) ? (response.data as unknown[]) : [];
    for (const item of items) {
      const issue = incidentIssue(item, marker, label);
      if (issue && (!found || issue.number < found.number)) found = issue;
    }
    if (!hasNextPage(response.headers.link) || items.length === 0) break;
  }
  return found;
}

function incidentIssue(item: unknown, marker: string, label: string): IssueRef | undefined {
  if (typeof item !== 'object' || item === null) return undefined;
  const issue = item as {
    number?: unknown;
    html_url?: unknown;
    body?: unknown;
    state?: unknown;
    pull_request?: unknown;
    labels?: unknown;
  };
  if (issue.pull_request !== undefined && issue.pull_request !== null) return undefined;
  if (issue.state !== undefined && issue.state !== 'open') return undefined;
  if (typeof issue.number !== 'number' || typeof issue.html_url !== 'string') return undefined;
  if (typeof issue.body !== 'string' || !issue.body.includes(marker)) return undefined;
  // The list is filtered by label already; a proxy or cache that ignored the filter must not make a person's
  // issue (which quotes the marker, say) an incident.
  if (!hasLabel(issue.labels, label)) return undefined;
  return { number: issue.number, url: issue.html_url };
}

function hasLabel(labels: unknown, wanted: string): boolean {
  if (!Array.isArray(labels)) return false;
  return labels.some((l) => {
    const name = typeof l === 'string' ? l : (l as { name?: unknown } | null)?.name;
    return typeof name === 'string' && name.toLowerCase() === wanted;
  });
}

/** Whether GitHub's `Link` header names a next page. */
function hasNextPage(link: string | undefined): boolean {
  return typeof link === 'string' && /<[^>]*>;\s*rel="next"/.test(link);
}
