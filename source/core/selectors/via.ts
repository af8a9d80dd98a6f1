/**
 * Words for where access comes from ("via"), shared by the explorer and the export.
 *   owner                      → "workspace owner"
 *   grant on the target itself → "repository grant" / "project grant" (user) or "via group G" (group)
 *   project grant, on a repo   → "inherited from project P" (user) or "via group G on project P" (group)
 * A grant whose level differs on the target (project CREATE-REPO gives WRITE on repositories)
 * names the granted level: "via group release-managers on project PLAT (CREATE-REPO)".
 */
import {levelLabel, type AccessSource, type Target} from '../model.js';

export function describeSource(source: AccessSource, target: Target['type']): string {
	const granted = source.grantedLevel && source.grantedLevel !== source.level ? ` (${levelLabel(source.grantedLevel)})` : '';
	switch (source.kind) {
		case 'owner':
			return 'workspace owner';
		case 'repository':
			return source.principal === 'group' ? `via group ${source.group ?? '?'}` : 'repository grant';
		case 'project':
			if (target === 'project') {
				return (source.principal === 'group' ? `via group ${source.group ?? '?'}` : 'project grant') + granted;
			}
			return (
				(source.principal === 'group'
					? `via group ${source.group ?? '?'} on project ${source.project ?? '?'}`
					: `inherited from project ${source.project ?? '?'}`) + granted
			);
	}
}

/** Every source, highest first, joined with "; ". */
export function describeSources(sources: readonly AccessSource[], target: Target['type']): string {
	return sources.map(source => describeSource(source, target)).join('; ');
}
