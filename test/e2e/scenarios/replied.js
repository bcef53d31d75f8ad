'use strict';
/**
 * The Upflow Trigger's Customer Replied event in a running n8n (`n8n start`): the example
 * examples/customer-replied.workflow.json created and activated through n8n's public API, a reply
 * (an action whose source is REPLY) made in the emulator beside a reminder, and the execution it
 * caused read back: the trigger emitted the reply only, "Get the customer" read its customer, the
 * Code node built the ticket.
 */
const { Skip, expect } = require('../lib/util');
const emulator = require('../lib/emulator');
const { activateTriggerExample, awaitExecution } = require('../lib/activate');
const { example } = require('../lib/workflows');
const { credentialId } = require('./cli');

const replied = {
	key: 'replied',
	title: 'Upflow Trigger, Customer Replied (examples/customer-replied.workflow.json) in n8n start',
	async run(ctx) {
		if (!ctx.pkg.hasTrigger) throw new Skip('the packed package has no Upflow Trigger');
		const ex = example('customer-replied');
		if (!ex) throw new Skip('examples/customer-replied.workflow.json is missing');
		const org = emulator.addOrganization(ctx.emu, `${ctx.tag}-replied`);
		const handle = ctx.emu.org(org.apiKey);
		if (typeof handle.addAction !== 'function')
			throw new Skip('this emulator cannot make actions (OrgHandle.addAction)');

		// Before activation: a customer with a contact, an invoice, and reminders already sent.
		handle.upsert('customers', {
			externalId: 'rep-cust-1',
			name: 'Reply Test SAS',
			currency: 'EUR',
			contacts: [{ email: 'ap@reply-test.example', firstName: 'Ana', isMain: true }],
		});
		handle.upsert('invoices', {
			externalId: 'rep-inv-1',
			customId: 'REP-1',
			customer: { externalId: 'rep-cust-1' },
			issuedAt: '2025-06-01',
			dueDate: '2025-07-01',
			currency: 'EUR',
			grossAmount: 12000,
			netAmount: 10000,
		});
		for (let i = 0; i < 3; i++)
			handle.addAction({
				customer: 'external:rep-cust-1',
				invoice: 'external:rep-inv-1',
				name: `Reminder ${i + 1}`,
				createdAt: `2025-07-0${i + 2}T09:00:00.000Z`,
			});

		const { wf, triggerNode } = await activateTriggerExample(ctx, {
			ex,
			org,
			credentialId: credentialId(ctx.tag, 'replied'),
			credentialName: 'Upflow emulator (replied)',
			listPath: '/v1/actions',
			event: 'customerReplied',
		});

		// The change: one more reminder (not a reply) and the customer's reply.
		handle.addAction({
			customer: 'external:rep-cust-1',
			invoice: 'external:rep-inv-1',
			name: 'Reminder 4',
		});
		const reply = handle.addAction({
			customer: 'external:rep-cust-1',
			invoice: 'external:rep-inv-1',
			name: 'Re: Invoice REP-1',
			type: 'EMAIL',
			source: 'REPLY',
		});
		const { execution, seconds } = await awaitExecution(ctx, wf, 'reply');
		const runData = execution.data?.resultData?.runData ?? {};
		const out = (name) => runData[name]?.[0]?.data?.main?.[0]?.map((i) => i.json) ?? [];
		expect(
			execution.status === 'success',
			`the execution ended with status ${execution.status}: ${JSON.stringify(execution.data?.resultData?.error?.message ?? '')}`,
		);
		const items = out(triggerNode.name);
		expect(
			items.length === 1 && items[0].id === reply.id,
			`the trigger emitted ${JSON.stringify(items.map((i) => i.name))}, expected only the reply`,
		);
		const customer = out('Get the customer');
		expect(
			customer.length === 1 && customer[0].externalId === 'rep-cust-1',
			`"Get the customer" answered ${JSON.stringify(customer.map((c) => c.externalId))}`,
		);
		const ticket = out('Ticket (your flow here)');
		expect(ticket.length === 1, `the ticket node made ${ticket.length} items`);
		expect(
			ticket[0].subject === 'Reply from Reply Test SAS about invoice REP-1',
			`ticket subject: ${ticket[0].subject}`,
		);
		expect(
			ticket[0].contactEmail === 'ap@reply-test.example',
			`ticket contact: ${ticket[0].contactEmail}`,
		);
		ctx.note(
			`execution ${execution.id} ${seconds.toFixed(0)} s after the reply: 1 item (the reply, not the reminder made with it), customer ${customer[0].externalId}, ticket "${ticket[0].subject}" to ${ticket[0].contactEmail}`,
		);

		await ctx.n8n.api('POST', `/workflows/${wf.id}/deactivate`);
		const reqs = ctx.emu.log(org.apiKey);
		ctx.note(
			`the workflow sent ${reqs.length} requests to Upflow in all (${reqs.filter((e) => e.path === '/v1/actions').length} action list reads)`,
		);
		ctx.emulatorState(ctx.emu.dump(org.apiKey));
	},
};

module.exports = { replied };
