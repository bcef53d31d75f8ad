/**
 * The probe's report: a table for the screen and a JSON document (--json FILE), both built from the
 * facts and passed through `redact` with the key and the secret, whatever they contain.
 */
import { redact } from '../../nodes/Upflow/transport/connection';
import type { Fact, Result } from './facts';
import type { Observations } from './probe';

export const ISSUES_URL = 'https://github.com/upflow-n8n/n8n-nodes-upflow/issues';

export type Report = ReturnType<typeof buildReport>;

/** A URL without user:password@ (a base URL could carry one). */
export function safeUrl(url: string): string {
	try {
		const u = new URL(url);
		u.username = '';
		u.password = '';
		return u.toString().replace(/\/$/, '');
	} catch {
		return '(not a URL)';
	}
}

/** The report, in the order the JSON reads. */
export function buildReport(obs: Observations, facts: Fact[]) {
	const count = (r: Result) => facts.filter((f) => f.result === r).length;
	return {
		tool: 'n8n-nodes-upflow probe',
		contract: 'test/contract/upflow.ts',
		target: { kind: obs.target, baseUrl: safeUrl(obs.baseUrl) },
		mode: obs.write ? 'write' : 'read-only',
		runId: obs.runId,
		requests: obs.requests,
		durationMs: obs.durationMs,
		...(obs.stopped ? { stopped: obs.stopped } : {}),
		summary: {
			confirmed: count('confirmed'),
			contradicted: count('contradicted'),
			notTested: count('not tested'),
		},
		facts,
		/** The exact edits to test/contract/upflow.ts, one per contradicted fact. */
		changes: facts.filter((f) => f.change).map((f) => ({ fact: f.id, change: f.change as string })),
		/** Status upgrades for facts not yet seen, confirmed against Upflow's sandbox or a --base-url host. */
		promotions: facts.filter((f) => f.promote).map((f) => f.promote as string),
		/** What came back where the contract is unsure. */
		recorded: obs.recorded,
		rateLimitHeaders: obs.rateHeaders,
		cleanup: obs.cleanup,
		notDeleted: obs.cleanup.filter((c) => c.result === 'failed' || c.result === 'not tried'),
		note:
			obs.target === 'emulator'
				? 'Target: the local emulator. "confirmed" here means the emulator agrees with the contract home; it says nothing about Upflow. Run with --sandbox to ask Upflow.'
				: obs.target === 'base-url'
					? `Target: ${safeUrl(obs.baseUrl)}, given with --base-url. "confirmed" means that host agrees with the contract home; it is Upflow's word only if the host is Upflow or passes everything through to it. If it is, send this report: open an issue at ${ISSUES_URL} with this JSON attached.`
					: `Send this report: open an issue at ${ISSUES_URL} with this JSON attached.`,
	};
}

function clip(text: string, width: number): string {
	return text.length <= width ? text.padEnd(width) : `${text.slice(0, width - 3)}...`;
}

/** The screen version: a table, then the changes, the cleanup and where to send the report. */
export function renderText(report: Report): string {
	const lines: string[] = [];
	/** A heading and its items, when there are items. */
	const list = (heading: string, items: string[], ...end: string[]) => {
		if (items.length) lines.push(heading, ...items.map((item) => `  - ${item}`), ...end);
	};
	const s = report.summary;
	lines.push(
		`Upflow probe: ${report.target.kind} ${report.target.baseUrl} (${report.mode}), ${report.requests} requests in ${(report.durationMs / 1000).toFixed(1)} s`,
	);
	if (report.stopped) lines.push(`STOPPED: ${report.stopped.message}`);
	lines.push(
		`${s.confirmed} confirmed, ${s.contradicted} contradicted, ${s.notTested} not tested`,
		'',
	);
	const idWidth = Math.min(48, Math.max(...report.facts.map((f) => f.id.length)));
	lines.push(
		`${'RESULT'.padEnd(12)} ${'FACT'.padEnd(idWidth)} ${'TAG'.padEnd(7)} OBSERVED / WHY NOT TESTED`,
	);
	for (const f of report.facts) {
		const mark = f.result === 'contradicted' ? 'CONTRADICTED' : f.result;
		// A fact not tested says why; any other, what was observed.
		const detail =
			f.result === 'contradicted' ? `observed: ${f.observed ?? ''}` : (f.why ?? f.observed ?? '');
		lines.push(`${mark.padEnd(12)} ${clip(f.id, idWidth)} ${f.status.padEnd(7)} ${detail}`);
	}
	lines.push('');
	list(
		report.target.kind === 'emulator'
			? 'The emulator departs from the contract home here. Fix the emulator (test/emulator) where the contract is right; the contract-side change would be:'
			: 'Changes to make in test/contract/upflow.ts:',
		report.changes.map((c) => `${c.fact}: ${c.change}`),
		'',
	);
	list(
		report.target.kind === 'sandbox'
			? "Confirmed by Upflow's sandbox, so their status can be raised in test/contract/upflow.ts:"
			: `Confirmed by ${report.target.baseUrl} (given with --base-url: an emulator, a proxy or Upflow). Raise their status in test/contract/upflow.ts only if that host is Upflow or passes everything through to it:`,
		report.promotions,
		'',
	);
	if (report.mode === 'write') {
		const deleted = report.cleanup.filter((c) => c.result === 'deleted');
		lines.push(
			`Cleanup: ${deleted.length} of the ${report.cleanup.length} records the probe created deleted.`,
		);
		list(
			'COULD NOT DELETE (remove these by hand in Upflow):',
			report.notDeleted.map((c) =>
				`${c.what} (${c.path}): ${c.status ?? ''} ${c.message ?? ''}`.trimEnd(),
			),
		);
		list(
			'Answered 404 to their delete (already gone with their customer, or the delete path is wrong: check in Upflow):',
			report.cleanup.filter((c) => c.result === 'gone').map((c) => `${c.what} (${c.path})`),
		);
		lines.push('');
	}
	lines.push(report.note);
	return lines.join('\n');
}

export function redactAll(text: string, secrets: readonly string[]): string {
	return redact(
		text,
		secrets.filter((secret) => secret.length >= 4),
	);
}
