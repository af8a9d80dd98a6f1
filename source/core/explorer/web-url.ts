/** Bitbucket web links for the explorer's `o` key. */
import type {Target} from '../model.js';

const PUBLIC_SITE = 'https://bitbucket.org';

/**
 * The Bitbucket web page of a thing. Always the public bitbucket.org site — also for the demo
 * emulator, whose things do not exist there (the links show where the page would be).
 */
export function webUrl(target: Target | {type: 'workspace'; workspace: string} | {type: 'user'; uuid: string}): string {
	switch (target.type) {
		case 'repository':
			return `${PUBLIC_SITE}/${target.fullName.split('/').map(encodeURIComponent).join('/')}/admin/permissions`;
		case 'project':
			return `${PUBLIC_SITE}/${encodeURIComponent(target.workspace)}/workspace/projects/${encodeURIComponent(target.key)}/settings/permissions`;
		case 'workspace':
			return `${PUBLIC_SITE}/${encodeURIComponent(target.workspace)}/workspace/settings/permissions`;
		case 'user':
			return `${PUBLIC_SITE}/${encodeURIComponent(target.uuid)}/`;
	}
}
