/**
 * The explorer's default clipboard (OSC 52 escape to the terminal) and URL opener (xdg-open /
 * open, only when one is installed and a display exists). Both are injectable props of
 * <Explorer>, so tests never launch anything.
 */
import {spawn} from 'node:child_process';
import {accessSync, constants} from 'node:fs';
import path from 'node:path';

/** The OSC 52 sequence that asks the terminal to put `text` on the clipboard. */
export function osc52(text: string): string {
	return `\u001B]52;c;${Buffer.from(text, 'utf8').toString('base64')}\u0007`;
}

function onPath(command: string, env: NodeJS.ProcessEnv): boolean {
	for (const dir of (env['PATH'] ?? '').split(path.delimiter)) {
		if (!dir) continue;
		try {
			accessSync(path.join(dir, command), constants.X_OK);
			return true;
		} catch {
			// not here
		}
	}
	return false;
}

/** Which command would open a URL here, if any. */
export function browserCommand(platform: NodeJS.Platform = process.platform, env: NodeJS.ProcessEnv = process.env): string | undefined {
	if (platform === 'darwin') return onPath('open', env) ? 'open' : undefined;
	if (platform === 'win32') return undefined;
	if (!env['DISPLAY'] && !env['WAYLAND_DISPLAY']) return undefined;
	return onPath('xdg-open', env) ? 'xdg-open' : undefined;
}

/** Open an http(s) URL in the browser; false when that is not possible here (the caller shows the URL). */
export function systemOpener(url: string): boolean {
	if (!/^https?:\/\//.test(url)) return false;
	const command = browserCommand();
	if (!command) return false;
	try {
		const child = spawn(command, [url], {detached: true, stdio: 'ignore'});
		child.on('error', () => undefined);
		child.unref();
		return true;
	} catch {
		return false;
	}
}
