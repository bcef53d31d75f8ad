import { UpflowInputError } from '../../nodes/Upflow/schemas/validate';

/** What a refused input says (message and description), for matching; fails the test when it passes. */
export function refusal(run: () => unknown): string {
	let caught: unknown;
	try {
		run();
	} catch (error) {
		caught = error;
	}
	if (caught instanceof UpflowInputError) return `${caught.message} ${caught.description ?? ''}`;
	if (caught === undefined) throw new Error('not refused');
	throw caught;
}
