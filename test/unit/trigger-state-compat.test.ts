/* eslint-disable @n8n/community-nodes/no-restricted-imports, @n8n/community-nodes/no-restricted-globals -- a test: it reads its recordings from disk */
/**
 * Users' active workflows hold the static data the trigger stored before its engines were reshaped.
 * test/fixtures/trigger-state/ holds such data, recorded with that code (at commit aa40de6) through
 * its public poll(): every event in both list orders, the stored state after the polls of a
 * scenario (baseline, changes, creations, deletions, bursts; scenarios.ts). From each recorded
 * state the current trigger replays the rest of the scenario, and must do, poll by poll, what the
 * old code did: the same records emitted with the same requests, so nothing already reported comes
 * again and nothing new is missed, and the same state stored (the stored format is unchanged, so a
 * workflow moved back to the old version continues too); and "Fetch Test Event" answers the same
 * record from it.
 *
 * RECORD_TRIGGER_STATE=1 records the files again with the current code (see scenarios.ts: only
 * when the stored format changes on purpose).
 */
import { readFileSync, readdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';

import type { IDataObject } from 'n8n-workflow';

import { UpflowTrigger } from '../../nodes/Upflow/UpflowTrigger.node';
import { SCENARIOS, record } from '../fixtures/trigger-state/scenarios';
import { TriggerWorld } from '../support/triggerWorld';
import type { Recording } from '../support/triggerWorld';

jest.setTimeout(300_000);

const FIXTURES = path.resolve(__dirname, '../fixtures/trigger-state');
const RECORD = process.env.RECORD_TRIGGER_STATE === '1';

const recordings: Array<[string, Recording]> = readdirSync(FIXTURES)
	.filter((file) => file.endsWith('.json'))
	.flatMap((file) =>
		(JSON.parse(readFileSync(path.join(FIXTURES, file), 'utf8')) as Recording[]).map(
			(recording): [string, Recording] => [`${file} ${recording.order}`, recording],
		),
	);

const sorted = (ids: string[]) => [...ids].sort();

(RECORD ? it : it.skip)('records the scenarios with the current code', async () => {
	for (const { name, parameters, plan } of SCENARIOS) {
		const recorded: Recording[] = [];
		for (const order of ['oldest-first', 'newest-first'] as const)
			recorded.push(await record(name, parameters, plan, order));
		writeFileSync(path.join(FIXTURES, `${name}.json`), `${JSON.stringify(recorded)}\n`);
	}
});

(RECORD ? it.skip : it)(
	'covers the twelve events recorded, each still an event of the trigger',
	() => {
		const events = new UpflowTrigger().description.properties.find((p) => p.name === 'event')!
			.options as Array<{ value: string }>;
		for (const order of ['oldest-first', 'newest-first']) {
			const recorded = new Set(
				recordings.filter(([, r]) => r.order === order).map(([, r]) => r.event),
			);
			expect(recorded.size).toBe(12);
			// A saved workflow holding one of them must still find its event.
			for (const event of recorded) expect(events.map((option) => option.value)).toContain(event);
		}
	},
);

const replays = RECORD ? describe.skip : describe;

replays.each(recordings)('%s', (_name, recording) => {
	const starts = recording.steps.flatMap((step, index) => (step.state ? [index] : []));

	it.each(starts)('continues from the state stored after poll %i', async (start) => {
		const world = new TriggerWorld(recording.order);
		for (const step of recording.steps.slice(0, start + 1))
			for (const op of step.ops) world.apply(op);
		const stored = recording.steps[start].state!;
		world.staticData = JSON.parse(JSON.stringify(stored)) as IDataObject;

		const sample = await world.poll(recording.parameters, 'manual');
		expect(sample.emitted[0]).toBe(recording.steps[start].sample);
		expect(world.staticData).toEqual(stored);

		const replayed: Array<{ emitted: string[]; requests: number }> = [];
		for (const step of recording.steps.slice(start + 1)) {
			for (const op of step.ops) world.apply(op);
			replayed.push(await world.poll(recording.parameters));
			// (key order aside: JSON readers do not see it)
			if (step.state) expect(world.staticData).toEqual(step.state);
		}
		expect(replayed).toEqual(
			recording.steps.slice(start + 1).map(({ emitted, requests }) => ({ emitted, requests })),
		);
		const before = recording.steps.slice(0, start + 1).flatMap((step) => step.emitted);
		expect(sorted([...before, ...replayed.flatMap((poll) => poll.emitted)])).toEqual(
			sorted(recording.expected),
		);
	});
});
