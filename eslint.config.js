// Lint rules that keep the layers honest (see docs/ARCHITECTURE.md):
// - source/core never imports ink, react or anything from source/ui;
// - source/ui never reaches the network or the keychain directly (it goes through core);
// - source/ui renders text only through components/text.tsx (the sanitiser), never Ink's Text.
import tseslint from 'typescript-eslint';

const coreBoundary = {
	paths: [
		{name: 'ink', message: 'source/core must not depend on Ink; put rendering in source/ui.'},
		{name: 'react', message: 'source/core must not depend on React; put rendering in source/ui.'},
		{name: 'react/jsx-runtime', message: 'source/core must not depend on React.'},
	],
	patterns: [
		{group: ['**/ui/**', '**/ui', 'ink/*', 'react/*', 'ink-*'], message: 'source/core must not import UI code.'},
	],
};

const uiBoundary = {
	paths: [
		{name: 'undici', message: 'source/ui must not call the network; use a core service.'},
		{name: 'node:http', message: 'source/ui must not call the network; use a core service.'},
		{name: 'node:https', message: 'source/ui must not call the network; use a core service.'},
		{name: 'node:net', message: 'source/ui must not call the network; use a core service.'},
		{name: 'http', message: 'source/ui must not call the network; use a core service.'},
		{name: 'https', message: 'source/ui must not call the network; use a core service.'},
		{name: '@napi-rs/keyring', message: 'source/ui must not touch the keychain; use core/credentials.'},
		{name: 'ink', importNames: ['Text'], message: 'Use Text from source/ui/components/text.tsx: it sanitises server text.'},
	],
	patterns: [
		{group: ['**/core/bitbucket/http*', '**/core/credentials/keychain*'], message: 'source/ui must go through core services, not the HTTP or keychain layer.'},
	],
};

export default tseslint.config(
	{ignores: ['dist/**', 'node_modules/**', 'media/**']},
	...tseslint.configs.recommended,
	{
		rules: {
			'@typescript-eslint/no-unused-vars': ['error', {argsIgnorePattern: '^_', varsIgnorePattern: '^_'}],
			'@typescript-eslint/no-explicit-any': 'error',
			'no-console': 'off',
		},
	},
	{
		files: ['source/core/**/*.{ts,tsx}'],
		rules: {
			'no-restricted-imports': ['error', coreBoundary],
			'no-restricted-globals': ['error', {name: 'fetch', message: 'Use the Bitbucket client (undici) in core/bitbucket.'}],
		},
	},
	{
		files: ['source/ui/**/*.{ts,tsx}'],
		rules: {
			'no-restricted-imports': ['error', uiBoundary],
			'no-restricted-globals': ['error', {name: 'fetch', message: 'source/ui must not call the network; use a core service.'}],
		},
	},
);
