'use strict';
/**
 * The workflows the scenarios run: the repository's examples/ as users import them, and the few
 * e2e-only ones in test/e2e/workflows/. At import, only what must differ here is patched (each
 * patch is listed in the printout): the credential, the id, and what a test cannot wait for.
 */
const fs = require('node:fs');
const path = require('node:path');
const { REPO } = require('./util');

const UPFLOW = 'n8n-nodes-upflow.upflow';
const UPFLOW_TRIGGER = 'n8n-nodes-upflow.upflowTrigger';

function load(relative) {
	const file = path.join(REPO, relative);
	if (!fs.existsSync(file)) return undefined;
	return { file: relative, workflow: JSON.parse(fs.readFileSync(file, 'utf8')) };
}

/** examples/<name>.workflow.json, or undefined when it is not in the tree. */
function example(name) {
	return load(path.join('examples', `${name}.workflow.json`));
}

function fixture(name) {
	const found = load(path.join('test', 'e2e', 'workflows', `${name}.workflow.json`));
	if (!found) throw new Error(`test/e2e/workflows/${name}.workflow.json is missing`);
	return found;
}

/**
 * A copy of `workflow` ready to import: its own id (n8n keeps JSON ids), every Upflow node on
 * `credential`, inactive. Returns { workflow, patches } with the list of changes made.
 */
function prepare(workflow, { id, credential, namePrefix = '[e2e] ' }) {
	const wf = JSON.parse(JSON.stringify(workflow));
	const patches = [];
	if (wf.id !== id) patches.push(`id ${wf.id ?? '(none)'} -> ${id}`);
	wf.id = id;
	wf.name = `${namePrefix}${wf.name}`;
	wf.active = false;
	delete wf.shared;
	delete wf.tags;
	let creds = 0;
	for (const node of wf.nodes) {
		if (node.type === UPFLOW || node.type === UPFLOW_TRIGGER) {
			node.credentials = { upflowApi: { id: credential.id, name: credential.name } };
			creds++;
		}
	}
	if (creds)
		patches.push(
			`credential of ${creds} Upflow node(s) -> "${credential.name}" (emulator organization)`,
		);
	return { workflow: wf, patches };
}

function upflowNodes(workflow, filter = () => true) {
	return workflow.nodes.filter((n) => n.type === UPFLOW && filter(n.parameters ?? {}));
}

function triggerNodes(workflow) {
	return workflow.nodes.filter((n) => n.type === UPFLOW_TRIGGER);
}

/**
 * `n8n execute` starts at a Manual Trigger: a workflow started by a schedule gets one beside it,
 * connected to the same node (what a user adds to run it by hand). Returns the patch text or null.
 */
function addManualStart(wf) {
	if (wf.nodes.some((n) => n.type === 'n8n-nodes-base.manualTrigger')) return null;
	const trigger = wf.nodes.find((n) => /trigger/i.test(n.type) && wf.connections[n.name]);
	if (!trigger) throw new Error(`${wf.name}: no trigger node to run it from`);
	const name = 'Run now (e2e)';
	wf.nodes.push({
		id: 'e2e-manual-start',
		name,
		type: 'n8n-nodes-base.manualTrigger',
		typeVersion: 1,
		position: [trigger.position[0], trigger.position[1] + 200],
		parameters: {},
	});
	wf.connections[name] = JSON.parse(JSON.stringify(wf.connections[trigger.name]));
	return `added a Manual Trigger beside "${trigger.name}" (n8n execute starts there)`;
}

module.exports = {
	example,
	fixture,
	prepare,
	upflowNodes,
	triggerNodes,
	addManualStart,
	UPFLOW,
	UPFLOW_TRIGGER,
};
