import type { Settings } from './settings.js';

/**
 * The settings of one project of a monorepo run: its own Vercel project and its own check name
 * (`Deployment health (web)`), which branch protection and Vercel Deployment Checks match per project.
 */
export function projectSettings(settings: Settings, project: string): Settings {
  return {
    ...settings,
    vercel: { ...settings.vercel, project, projects: [project] },
    checkName: `${settings.checkName} (${project})`,
  };
}

/** One settings object per project to check: the monorepo's projects, or the run's own settings. */
export function settingsPerProject(settings: Settings): Settings[] {
  const { projects } = settings.vercel;
  return projects.length > 1 ? projects.map((project) => projectSettings(settings, project)) : [settings];
}
