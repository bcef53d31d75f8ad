/* eslint-disable @n8n/community-nodes/no-restricted-imports -- test code run by Jest in Node, not by n8n: it reads the example files */
/**
 * The example workflows users import (examples/*.workflow.json, the files themselves are the
 * source): well-formed n8n workflows, and every Upflow node in them names a real resource,
 * operation and parameters of the node, with values its description accepts.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { INodeProperties, INodePropertyCollection, INodePropertyOptions } from 'n8n-workflow';

import { Upflow } from '../../nodes/Upflow/Upflow.node';
import { UpflowTrigger } from '../../nodes/Upflow/UpflowTrigger.node';
import {
	CODE_TYPE,
	EXAMPLES_DIR,
	UPFLOW_NODE_TYPE,
	UPFLOW_TRIGGER_TYPE,
	exampleFiles,
	serialize,
} from '../support/workflows';

const DESCRIPTIONS: Record<string, INodeProperties[]> = {
	[UPFLOW_NODE_TYPE]: new Upflow().description.properties,
	[UPFLOW_TRIGGER_TYPE]: new UpflowTrigger().description.properties,
};
/** Parameters n8n itself adds to a node (a polling trigger's schedule). */
const ADDED_BY_N8N = new Set(['pollTimes']);

const isExpression = (value: unknown) => typeof value === 'string' && value.startsWith('=');

/** Whether a property shows for these parameters (its displayOptions against their values). */
function shown(
	property: INodeProperties,
	parameters: Record<string, unknown>,
	all: INodeProperties[],
) {
	const valueOf = (name: string) =>
		parameters[name] ?? all.find((candidate) => candidate.name === name)?.default;
	const matches = (values: unknown[] | undefined, name: string) =>
		values === undefined || values.includes(valueOf(name));
	const { show = {}, hide = {} } = property.displayOptions ?? {};
	return (
		Object.entries(show).every(([name, values]) => matches(values as unknown[], name)) &&
		!Object.entries(hide).some(([name, values]) => (values as unknown[]).includes(valueOf(name)))
	);
}

/** What is wrong with `value` as a value of `property` ('' when nothing): one line per problem. */
function problems(property: INodeProperties, value: unknown, at: string): string[] {
	if (isExpression(value)) return [];
	const out: string[] = [];
	const expect = (ok: boolean, what: string) => {
		if (!ok) out.push(`${at}: ${JSON.stringify(value)} is not ${what}`);
	};
	switch (property.type) {
		case 'options':
			expect(
				(property.options as INodePropertyOptions[]).some((option) => option.value === value),
				`one of its options`,
			);
			break;
		case 'boolean':
			expect(typeof value === 'boolean', 'a boolean');
			break;
		case 'number':
			expect(typeof value === 'number', 'a number');
			break;
		case 'string':
		case 'json':
		case 'dateTime':
			expect(typeof value === 'string', 'text');
			break;
		case 'resourceLocator': {
			const locator = value as { __rl?: boolean; mode?: string };
			expect(
				locator?.__rl === true && (property.modes ?? []).some((mode) => mode.name === locator.mode),
				'a resource locator in one of its modes',
			);
			break;
		}
		case 'collection':
			for (const [name, inner] of Object.entries(value as Record<string, unknown>)) {
				const child = (property.options as INodeProperties[]).find((o) => o.name === name);
				if (!child) out.push(`${at}.${name}: not an option of ${property.name}`);
				else out.push(...problems(child, inner, `${at}.${name}`));
			}
			break;
		case 'fixedCollection':
			for (const [name, inner] of Object.entries(value as Record<string, unknown>)) {
				const group = (property.options as INodePropertyCollection[]).find((o) => o.name === name);
				if (!group) {
					out.push(`${at}.${name}: not a group of ${property.name}`);
					continue;
				}
				const entries = Array.isArray(inner) ? inner : [inner];
				entries.forEach((entry: Record<string, unknown>, index) => {
					for (const [field, fieldValue] of Object.entries(entry)) {
						const child = group.values.find((candidate) => candidate.name === field);
						const where = `${at}.${name}[${index}].${field}`;
						if (!child) out.push(`${where}: not a field of ${property.name}`);
						else out.push(...problems(child, fieldValue, where));
					}
				});
			}
			break;
		default:
			break;
	}
	return out;
}

/** Every parameter of an Upflow node that its description does not show or does not accept. */
function parameterProblems(type: string, parameters: Record<string, unknown>): string[] {
	const all = DESCRIPTIONS[type];
	const out: string[] = [];
	for (const [name, value] of Object.entries(parameters)) {
		if (ADDED_BY_N8N.has(name)) continue;
		const candidates = all.filter((p) => p.name === name && shown(p, parameters, all));
		if (candidates.length === 0) {
			out.push(`${name}: no such parameter for these settings`);
			continue;
		}
		// Several properties may share a name (one per resource): one of them must accept the value.
		const found = candidates.map((candidate) => problems(candidate, value, name));
		if (!found.some((list) => list.length === 0)) out.push(...found[0]);
	}
	return out;
}

describe.each([...exampleFiles()])('examples/%s', (file, workflow) => {
	it('is laid out as JSON.stringify with tabs writes it (n8n imports it; diffs stay readable)', () => {
		const text = readFileSync(path.join(EXAMPLES_DIR, file), 'utf8');
		expect(text).toBe(serialize(JSON.parse(text)));
	});

	it('is a workflow n8n can import: unique node names and ids, connections between its nodes', () => {
		const names = workflow.nodes.map((node) => node.name);
		expect(new Set(names).size).toBe(names.length);
		expect(new Set(workflow.nodes.map((node) => node.id)).size).toBe(names.length);
		const dangling = Object.entries(workflow.connections).flatMap(([from, outputs]) =>
			[
				from,
				...Object.values(outputs)
					.flat(2)
					.map((edge) => edge.node),
			].filter((name) => !names.includes(name)),
		);
		expect(dangling).toEqual([]);
	});

	it('uses only real resources, operations and parameters of the Upflow nodes, with valid values', () => {
		const upflowNodes = workflow.nodes.filter((node) => node.type in DESCRIPTIONS);
		expect(upflowNodes.length).toBeGreaterThan(0);
		for (const node of upflowNodes)
			expect({ node: node.name, problems: parameterProblems(node.type, node.parameters) }).toEqual({
				node: node.name,
				problems: [],
			});
	});
});

describe('examples/initial-import.workflow.json', () => {
	const workflow = exampleFiles().get('initial-import.workflow.json')!;
	const code = workflow.nodes.filter((node) => node.type === CODE_TYPE);
	const RETURN = /\nreturn generateSource\(\)\.(\w+)\.map\(\(row\) => \(\{ json: row \}\)\);\n$/;

	it('carries one source generator in every Code node, each emitting another entity', () => {
		expect(code.length).toBeGreaterThan(1);
		const split = code.map((node) => {
			const text = String(node.parameters.jsCode);
			const entity = RETURN.exec(text)?.[1];
			// The generator: everything before the node's own comment and return line.
			return { entity, generator: text.slice(0, text.lastIndexOf('\n\n// This node emits')) };
		});
		expect(split.filter(({ entity }) => entity === undefined)).toEqual([]);
		expect(new Set(split.map(({ entity }) => entity)).size).toBe(code.length);
		expect(new Set(split.map(({ generator }) => generator)).size).toBe(1);
		// `npm run demo -- --scale N` rewrites this line in every Code node.
		expect(split[0].generator).toMatch(/^const SCALE = 1;/m);
	});
});
