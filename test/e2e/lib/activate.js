'use strict';
/**
 * A trigger example in a running n8n (`n8n start`), as an integration would set it up: the
 * credential and the workflow through n8n's public API, polling every minute, activated; then the
 * baseline poll (which must emit nothing), and later the one execution a change causes.
 */
const { expect, until, log, sleep } = require('./util');
const emulator = require('./emulator');
const { prepare, triggerNodes } = require('./workflows');

/**
 * Creates and activates `ex` against the emulator organization `org`, waits until the activation
 * poll has read `listPath`, and checks it started no execution. Answers what the scenario needs.
 */
async function activateTriggerExample(
	ctx,
	{ ex, org, credentialId, credentialName, listPath, event },
) {
	const n8n = ctx.n8n;
	const credential = emulator.credentialFor(ctx.emu, org, {
		id: credentialId,
		name: credentialName,
	});
	const created = await n8n.api('POST', '/credentials', {
		name: credential.name,
		type: credential.type,
		data: credential.data,
	});
	const { workflow, patches } = prepare(ex.workflow, {
		id: ex.workflow.id,
		credential: { id: created.id, name: credential.name },
	});
	const triggerNode = triggerNodes(workflow)[0];
	expect(triggerNode, 'the example has no Upflow Trigger node');
	if (event)
		expect(
			triggerNode.parameters.event === event,
			`the example's event is ${triggerNode.parameters.event}, expected ${event}`,
		);
	// n8n polls at most once a minute; the example's five minutes would make the test wait too long.
	triggerNode.parameters.pollTimes = { item: [{ mode: 'everyMinute' }] };
	patches.push(`"${triggerNode.name}" polls every minute (the example: every 5 minutes)`);
	ctx.note(`workflow: ${ex.file}; patched: ${patches.join('; ')}`);
	const wf = await n8n.api('POST', '/workflows', {
		name: workflow.name,
		nodes: workflow.nodes,
		connections: workflow.connections,
		settings: { executionOrder: 'v1', saveDataSuccessExecution: 'all' },
	});
	const activatedAt = Date.now();
	await n8n.api('POST', `/workflows/${wf.id}/activate`);

	// Activation polls once: the baseline (nothing emitted). Wait until it has read the list.
	await until(
		() =>
			ctx.emu
				.log(org.apiKey)
				.some((e) => e.path === listPath && e.status === 200 && e.respondedAt >= activatedAt),
		{
			timeoutMs: 60_000,
			what: `the activation poll to read ${listPath}`,
		},
	);
	await sleep(2000);
	const baselineRequests = ctx.emu.log(org.apiKey).length;
	const before = await n8n.executions(wf.id, { includeData: false });
	expect(
		before.length === 0,
		`activation started ${before.length} execution(s): the baseline must emit nothing`,
	);
	ctx.note(
		`activated "${workflow.name}" (event ${triggerNode.parameters.event}); baseline poll: ${baselineRequests} request(s), no execution`,
	);
	return { wf, workflow, triggerNode };
}

/** Waits for the execution the change causes (the next poll, at most a minute away); answers it and the seconds it took. */
async function awaitExecution(ctx, wf, what) {
	const changedAt = Date.now();
	log(`  ${what} made in the emulator; waiting for the next poll (at most a minute)`);
	const execution = await until(
		async () => {
			const list = await ctx.n8n.executions(wf.id, { includeData: true });
			return list.find((e) => e.finished || e.status === 'success' || e.status === 'error');
		},
		{ timeoutMs: 150_000, intervalMs: 2000, what: 'an execution of the workflow' },
	);
	return { execution, seconds: (Date.now() - changedAt) / 1000 };
}

module.exports = { activateTriggerExample, awaitExecution };
