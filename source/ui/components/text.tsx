/**
 * The TUI's one door for text: Ink's <Text> with every string child passed through the sanitiser
 * (source/core/text/sanitize.ts), so server text (names, descriptions, Bitbucket's messages) never
 * reaches the terminal with an escape sequence, C1 or bidi control intact. Line breaks stay (they
 * are ours). Lint forbids importing Text from 'ink' anywhere else in source/ui.
 */
import type {ReactNode} from 'react';
// eslint-disable-next-line no-restricted-imports -- the one place that wraps Ink's Text.
import {Text as InkText, type TextProps} from 'ink';
import {sanitizeOutput} from '../../core/text/sanitize.js';

function clean(node: ReactNode): ReactNode {
	if (typeof node === 'string') return sanitizeOutput(node);
	if (Array.isArray(node)) return node.map(clean);
	return node;
}

export function Text(props: TextProps): ReactNode {
	return <InkText {...props}>{clean(props.children)}</InkText>;
}
