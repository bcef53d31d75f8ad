import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { UpflowInputError } from '../schemas/validate';
import { ValueError } from '../schemas/values';
import { toReference } from '../schemas/references';
import type { UpflowRef } from '../shared/ref';

/**
 * Reads an operation's parameters into one plain object for its schema: top-level fields by name,
 * resource locators raw (`{mode, value}`), and the "Additional Fields" collection spread in, its
 * JSON escape hatch kept apart as `additionalFields` (merged last by the schema).
 */
export function readInput(
	context: IExecuteFunctions,
	itemIndex: number,
	properties: INodeProperties[],
): IDataObject {
	const input: IDataObject = {};
	for (const property of properties) {
		if (property.type === 'notice' || !isShown(context, itemIndex, property)) continue;
		const value = context.getNodeParameter(property.name, itemIndex, undefined, {
			extractValue: false,
		}) as unknown;
		if (property.name === 'additionalFields' || property.name === 'updateFields') {
			const { json, ...fields } = (value ?? {}) as IDataObject;
			for (const [name, fieldValue] of Object.entries(fields)) {
				const option = (property.options ?? []).find(
					(candidate) => 'name' in candidate && candidate.name === name,
				);
				input[name] = unwrap(fieldValue, option as INodeProperties | undefined);
			}
			if (json !== undefined) input.additionalFields = json;
		} else {
			input[property.name] = unwrap(value, property);
		}
	}
	return input;
}

/**
 * A fixedCollection with one group comes back wrapped in the group's name (`{contact: [...]}`):
 * hand the schema the list (or, for a single group, the object) itself.
 */
function unwrap(
	value: unknown,
	property: INodeProperties | undefined,
): IDataObject[keyof IDataObject] {
	if (property?.type !== 'fixedCollection' || typeof value !== 'object' || value === null) {
		return value as IDataObject[keyof IDataObject];
	}
	const groups = property.options ?? [];
	if (groups.length !== 1) return value as IDataObject;
	const inner = (value as IDataObject)[groups[0].name];
	if (property.typeOptions?.multipleValues) return (inner ?? []) as IDataObject[];
	return inner as IDataObject | undefined;
}

/** `displayOptions.show` on sibling parameters (resource/operation are already matched by the registry). */
function isShown(
	context: IExecuteFunctions,
	itemIndex: number,
	property: INodeProperties,
): boolean {
	const show = property.displayOptions?.show ?? {};
	return Object.entries(show).every(([name, allowed]) => {
		if (name === 'resource' || name === 'operation') return true;
		const current = context.getNodeParameter(name, itemIndex, undefined) as unknown;
		return (allowed as unknown[]).includes(current);
	});
}

/** The record a locator points at, read by the same parser as references in bodies, refused with the item and field. */
export function readRef(
	context: IExecuteFunctions,
	itemIndex: number,
	name: string,
	label = name,
): UpflowRef {
	const raw = context.getNodeParameter(name, itemIndex, undefined, {
		extractValue: false,
	}) as unknown;
	let ref: UpflowRef | undefined;
	let message = 'is not a record reference; pick one from the list, or enter its ID or External ID';
	try {
		// A bare string (an expression) in a locator is an Upflow ID, as in "By ID".
		ref = toReference(raw ?? '', { plainString: 'id', entity: label });
	} catch (error) {
		if (error instanceof ValueError) message = error.message;
	}
	if (!ref) throw new UpflowInputError(itemIndex, [{ path: name, message }]);
	return ref;
}
