/**
 * Semantic colour tokens. Components never use raw colour names: they read tokens from the
 * theme (useTheme()). Meaning is always carried by text (levels are words, selection has a
 * marker); colour only adds. With NO_COLOR set (https://no-color.org) every token is
 * undefined, so Ink emits no colour codes at all.
 */
import {createContext, createElement, useContext, type ReactNode} from 'react';
import type {Level} from '../core/model.js';

/** An Ink colour name or hex string; undefined means "terminal default". */
export type ThemeColor = string | undefined;

export interface Theme {
	name: 'default' | 'no-color';
	/** False for the NO_COLOR theme. */
	color: boolean;
	text: {primary: ThemeColor; secondary: ThemeColor; muted: ThemeColor; inverse: ThemeColor};
	status: {ok: ThemeColor; warn: ThemeColor; error: ThemeColor; info: ThemeColor};
	level: {read: ThemeColor; write: ThemeColor; createRepo: ThemeColor; admin: ThemeColor; none: ThemeColor};
	accent: ThemeColor;
	border: ThemeColor;
	/** The highlighted row; selection is also marked with "›" so it works without colour. */
	selection: {foreground: ThemeColor; background: ThemeColor};
	/** Key names in hints and help. */
	key: ThemeColor;
}

export const defaultTheme: Theme = {
	name: 'default',
	color: true,
	text: {primary: undefined, secondary: 'gray', muted: 'gray', inverse: 'black'},
	status: {ok: 'green', warn: 'yellow', error: 'red', info: 'cyan'},
	level: {read: 'blue', write: 'green', createRepo: 'yellow', admin: 'magenta', none: 'gray'},
	accent: 'cyan',
	border: 'gray',
	selection: {foreground: 'black', background: 'cyan'},
	key: 'cyan',
};

export const noColorTheme: Theme = {
	name: 'no-color',
	color: false,
	text: {primary: undefined, secondary: undefined, muted: undefined, inverse: undefined},
	status: {ok: undefined, warn: undefined, error: undefined, info: undefined},
	level: {read: undefined, write: undefined, createRepo: undefined, admin: undefined, none: undefined},
	accent: undefined,
	border: undefined,
	selection: {foreground: undefined, background: undefined},
	key: undefined,
};

/** NO_COLOR present and not empty → the colourless theme. */
export function themeFromEnv(env: NodeJS.ProcessEnv = process.env): Theme {
	const noColor = env['NO_COLOR'];
	return noColor !== undefined && noColor !== '' ? noColorTheme : defaultTheme;
}

/** The colour token of a permission level. */
export function levelColor(theme: Theme, level: Level | 'none'): ThemeColor {
	switch (level) {
		case 'read':
			return theme.level.read;
		case 'write':
			return theme.level.write;
		case 'create-repo':
			return theme.level.createRepo;
		case 'admin':
			return theme.level.admin;
		case 'none':
			return theme.level.none;
	}
}

const ThemeContext = createContext<Theme | undefined>(undefined);

/** Provide a theme explicitly (tests, the demo); without a provider useTheme() follows NO_COLOR. */
export function ThemeProvider(props: {theme: Theme; children?: ReactNode}) {
	return createElement(ThemeContext.Provider, {value: props.theme}, props.children);
}

let envTheme: Theme | undefined;

/** The theme of the process environment (NO_COLOR aware), computed once. */
export function getTheme(): Theme {
	envTheme ??= themeFromEnv();
	return envTheme;
}

export function useTheme(): Theme {
	return useContext(ThemeContext) ?? getTheme();
}
