/* eslint-disable @n8n/community-nodes/no-restricted-imports, @n8n/community-nodes/no-restricted-globals -- a test: it reads the repository's documents */
/**
 * The documentation a newcomer reads first: every markdown table renders (GitHub's tables: a header
 * row, a separator row, then rows with the header's number of cells, and no blank line in between),
 * the README's first screen holds the install and the two commands, and the examples' docs say
 * what the example files hold, in the UI's words.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';

import { amountModeOptions } from '../../nodes/Upflow/resources/fields';
import { exampleFiles } from '../support/workflows';

const ROOT = path.resolve(__dirname, '../..');
const DOCS = ['README.md', 'CONTRIBUTING.md', 'examples/README.md', 'test/e2e/README.md'];

const read = (file: string) => readFileSync(path.join(ROOT, file), 'utf8');

/** The cells of a table row: split on unescaped pipes (also inside code spans, as GitHub does). */
function cells(line: string): number {
	const inner = line.trim().replace(/^\|/, '').replace(/\|$/, '');
	return inner.split(/(?<!\\)\|/).length;
}

const isRow = (line: string) => line.trim().startsWith('|');
const isSeparator = (line: string) =>
	/^\s*\|?(\s*:?-{3,}:?\s*\|)+\s*:?-{3,}:?\s*\|?\s*$/.test(line);

/** What keeps a markdown text's tables from rendering, one line per problem, with its line number. */
export function tableProblems(text: string): string[] {
	const problems: string[] = [];
	const lines = text.split('\n');
	let fenced = false;
	let columns = 0;
	for (let i = 0; i < lines.length; i++) {
		const line = lines[i];
		if (/^\s*```/.test(line)) {
			fenced = !fenced;
			columns = 0;
			continue;
		}
		if (fenced) continue;
		if (!isRow(line)) {
			columns = 0;
			continue;
		}
		if (columns === 0) {
			if (!isSeparator(lines[i + 1] ?? '')) {
				problems.push(
					`line ${i + 1}: a table row outside a table (a blank line cut the table, or the separator row is missing): ${line.slice(0, 60)}`,
				);
				continue;
			}
			columns = cells(line);
			if (cells(lines[i + 1]) !== columns)
				problems.push(
					`line ${i + 2}: the separator row has ${cells(lines[i + 1])} cells, the header ${columns}`,
				);
			i++;
			continue;
		}
		if (cells(line) !== columns)
			problems.push(`line ${i + 1}: ${cells(line)} cells in a table of ${columns} columns`);
	}
	return problems;
}

describe('markdown tables', () => {
	it.each(DOCS)('every table in %s renders', (file) => {
		expect(tableProblems(read(file))).toEqual([]);
	});

	it('the check catches a table cut by a blank line and a row with the wrong number of cells', () => {
		const cut = '| a | b |\n|---|---|\n| 1 | 2 |\n\n| 3 | 4 |\n';
		expect(tableProblems(cut)).toEqual([
			'line 5: a table row outside a table (a blank line cut the table, or the separator row is missing): | 3 | 4 |',
		]);
		expect(tableProblems('| a | b |\n|---|---|\n| 1 | 2 | 3 |\n')).toEqual([
			'line 3: 3 cells in a table of 2 columns',
		]);
		expect(
			tableProblems('| a | b |\n|---|---|\n| `x \\| y` | 2 |\n```\n| not | a | table\n```\n'),
		).toEqual([]);
	});
});

describe("the README's first screen", () => {
	const readme = read('README.md');

	it('holds the install from source (build, npm pack, the .tgz into ~/.n8n/nodes or a Docker volume) and the two commands', () => {
		const first = readme.split('\n').slice(0, 120).join('\n');
		for (const step of [
			'npm run build',
			'npm pack',
			'~/.n8n/nodes',
			'/home/node/.n8n/nodes',
			'npm install && npm run demo',
			'npm test',
		])
			expect({ step, found: first.includes(step) }).toEqual({ step, found: true });
	});

	it("is at most 650 lines and leaves the maintainers' map to CONTRIBUTING.md", () => {
		expect(readme.split('\n').length).toBeLessThanOrEqual(650);
		expect(existsSync(path.join(ROOT, 'CONTRIBUTING.md'))).toBe(true);
		expect(readme).toContain('](CONTRIBUTING.md');
	});
});

describe("the examples' docs", () => {
	it('name Amounts In options as the UI shows them', () => {
		const docs = DOCS.filter((file) => existsSync(path.join(ROOT, file))).map((file) => ({
			file,
			text: read(file),
		}));
		const options = amountModeOptions.map((option) => option.name);
		const named = docs.flatMap(({ file, text }) =>
			[
				...text.matchAll(
					/Amounts In:?\**\s*\**([A-Z][A-Za-z]*(?: (?:[A-Z][A-Za-z]*|\([A-Z][A-Za-z]*\)))*)/g,
				),
			].map((match) => ({ file, option: match[1] })),
		);
		expect(named.length).toBeGreaterThan(0);
		expect(named.filter(({ option }) => !options.includes(option))).toEqual([]);
	});

	it('count the Code nodes of initial-import.workflow.json as many as it has', () => {
		const workflow = exampleFiles().get('initial-import.workflow.json')!;
		const count = workflow.nodes.filter((node) => node.type === 'n8n-nodes-base.code').length;
		const words = [
			'zero',
			'one',
			'two',
			'three',
			'four',
			'five',
			'six',
			'seven',
			'eight',
			'nine',
			'ten',
		];
		const section = read('examples/README.md').split('\n## ')[1];
		const said = [...section.matchAll(/\b(\w+) Code nodes\b/g)].map((match) => match[1]);
		expect(said.length).toBeGreaterThan(0);
		expect(said.filter((word) => word !== words[count] && word !== String(count))).toEqual([]);
	});

	it('name only nodes that each example has, and every Upflow node it has', () => {
		const sections = read('examples/README.md').split('\n## ').slice(1);
		const oneLine = (text: string) => text.replace(/\s+/g, ' ');
		for (const [file, workflow] of exampleFiles()) {
			const section = sections.find((text) => text.startsWith(`\`${file}\``));
			expect({ file, documented: section !== undefined }).toEqual({ file, documented: true });
			const nodes = workflow.nodes;
			const names = new Set(nodes.map((node) => node.name));
			// The flow line(s) under the heading: `Node` and **Node**, joined by ->.
			const flow = oneLine(section!.split('\n\n')[1]);
			const quoted = [...flow.matchAll(/`([^`]+)`|\*\*([^*]+)\*\*/g)].map((m) => m[1] ?? m[2]);
			const upflowSteps = nodes
				.filter((node) => node.type.startsWith('n8n-nodes-upflow.'))
				.map((node) => node.name);
			expect({
				file,
				unknown: quoted.filter((name) => !names.has(name)),
				missing: upflowSteps.filter((name) => !quoted.includes(name)),
			}).toEqual({ file, unknown: [], missing: [] });
		}
	});
});
