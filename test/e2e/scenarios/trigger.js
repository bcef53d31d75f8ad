'use strict';
/**
 * The Upflow Trigger in a running n8n (`n8n start`): the example workflow created and activated
 * through n8n's public API, a change made in the emulator, and the execution it caused read back
 * through the public API.
 */
const { Skip, expect } = require('../lib/util');
const emulator = require('../lib/emulator');
const { activateTriggerExample, awaitExecution } = require('../lib/activate');
const { example } = require('../lib/workflows');
const { credentialId } = require('./cli');

const trigger = {
	key: 'trigger',
	title: 'Upflow Trigger, Invoice Paid (examples/trigger-paid-invoices.workflow.json) in n8n start',
	async run(ctx) {
		if (!ctx.pkg.hasTrigger)
			throw new Skip(
				'the packed package has no Upflow Trigger (package.json n8n.nodes does not list dist/nodes/Upflow/UpflowTrigger.node.js)',
			);
		const ex = example('trigger-paid-invoices');
		if (!ex) throw new Skip('examples/trigger-paid-invoices.workflow.json is missing');
		const org = emulator.addOrganization(ctx.emu, `${ctx.tag}-trigger`);
		const handle = ctx.emu.org(org.apiKey);

		// What Upflow holds before the workflow is activated: one customer, three open invoices.
		handle.upsert('customers', {
			externalId: 'trg-cust-1',
			name: 'Trigger Test SAS',
			currency: 'EUR',
		});
		for (let i = 1; i <= 3; i++)
			handle.upsert('invoices', {
				externalId: `trg-inv-${i}`,
				customId: `TRG-${i}`,
				customer: { externalId: 'trg-cust-1' },
				issuedAt: '2025-06-01',
				dueDate: '2099-07-01',
				currency: 'EUR',
				grossAmount: 12000 * i,
				netAmount: 10000 * i,
			});

		const { wf, triggerNode } = await activateTriggerExample(ctx, {
			ex,
			org,
			credentialId: credentialId(ctx.tag, 'trigger'),
			credentialName: 'Upflow emulator (trigger)',
			listPath: '/v1/invoices',
		});

		// The change: invoice 2 is paid in full in Upflow.
		handle.upsert('payments', {
			externalId: 'trg-pay-2',
			customer: { externalId: 'trg-cust-1' },
			amount: 24000,
			currency: 'EUR',
			validatedAt: '2025-06-15',
			linkedInvoices: [{ invoice: { externalId: 'trg-inv-2' }, linkedAmount: 24000 }],
		});
		const { execution, seconds } = await awaitExecution(ctx, wf, 'payment');
		expect(execution.status === 'success', `the execution ended with status ${execution.status}`);
		const items =
			execution.data?.resultData?.runData?.[triggerNode.name]?.[0]?.data?.main?.[0]?.map(
				(i) => i.json,
			) ?? [];
		expect(
			items.length === 1,
			`the trigger emitted ${items.length} items, expected 1 (invoice trg-inv-2): ${JSON.stringify(items.map((i) => i.externalId))}`,
		);
		expect(
			items[0].externalId === 'trg-inv-2',
			`the trigger emitted ${items[0].externalId}, expected trg-inv-2`,
		);
		expect(
			items[0].amountOutstanding === 0,
			`the emitted invoice has amountOutstanding ${items[0].amountOutstanding}`,
		);
		const next = Object.keys(execution.data.resultData.runData).filter(
			(n) => n !== triggerNode.name,
		);
		for (const n of next)
			expect(
				execution.data.resultData.runData[n]?.[0]?.data?.main?.[0]?.length === 1,
				`"${n}" did not receive the paid invoice`,
			);
		ctx.note(
			`execution ${execution.id} (${execution.mode}) ${seconds.toFixed(0)} s after the payment: 1 item, invoice ${items[0].externalId} (${items[0].customId}) state ${items[0].state}, outstanding ${items[0].amountOutstanding}; read back through GET /api/v1/executions`,
		);

		await ctx.n8n.api('POST', `/workflows/${wf.id}/deactivate`);
		const reqs = ctx.emu.log(org.apiKey);
		ctx.note(
			`the trigger sent ${reqs.length} requests to Upflow in all (${reqs.filter((e) => e.method !== 'GET').length} writes)`,
		);
		ctx.emulatorState(ctx.emu.dump(org.apiKey));
	},
};

module.exports = { trigger };
