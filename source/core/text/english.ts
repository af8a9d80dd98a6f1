/** "lilei's", "group developers'" (not "developers's"): the possessive of a name as it is shown. */
export function possessive(name: string): string {
	return /s$/i.test(name) ? `${name}'` : `${name}'s`;
}
