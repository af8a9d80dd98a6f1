/**
 * `:user smith` matching several people asks with a picker (name, nickname, workspace role and
 * groups) instead of opening the first match: a wrong person is one key away from `a` or `O`.
 */
import {createElement} from 'react';
import {Picker} from '../../changes/picker.js';
import type {ExplorerActions} from '../../keys/registry.js';
import type {ViewRef} from '../view-ref.js';

let serial = 0;

export function openJumpPicker(
	actions: Pick<ExplorerActions, 'openModal' | 'jump'>,
	choice: {title: string; options: {ref: ViewRef; label: string; detail: string}[]},
): void {
	const key = `jump-${++serial}`;
	actions.openModal({
		id: 'jump-choice',
		render: (close, size) =>
			createElement(Picker<ViewRef>, {
				key,
				title: choice.title,
				items: choice.options.map((option, index) => ({key: String(index), label: option.label, detail: option.detail, value: option.ref})),
				width: Math.min(size.columns, 110),
				height: Math.max(6, Math.min(size.rows, 20)),
				onCancel: close,
				onPick: item => {
					close();
					actions.jump(item.value);
				},
			}),
	});
}
