/**
 * A write schema's happy path without zod's machinery, for `validateItem`.
 *
 * zod 3 pays per parse for every `.transform`, `.superRefine` and `z.preprocess`: a context object
 * with a getter and a bound function, which V8 gives a hidden class of its own, in old space. A
 * write schema has about twenty of them, so 100,000 items leave hundreds of MB for the major GC
 * and double the CPU of validation. Here the same schema object is read once (`_def`: the types
 * zod's v3 API builds) into plain functions that run the same parsers, refinements and transforms
 * in the same order, and build the same output (key order included).
 *
 * It gives up (answers undefined) on the first issue any of them raises, on anything zod would
 * refuse itself (a wrong type, an array length, a key a strict object does not know), and on a
 * schema made of types it does not know: zod then parses the item again and writes the messages.
 * Parsers have no side effects, so running them twice for a refused item changes nothing but time.
 */
import type { RefinementCtx, ZodTypeAny } from 'zod';

const FAILED = Symbol('failed');
type Step = (value: unknown) => unknown;

/** Whether an issue was raised in the current parse (parses are synchronous and never nested). */
let raised = false;

/** The context every transform and refinement gets: raising an issue only marks the parse. */
const context: RefinementCtx = {
	addIssue: () => {
		raised = true;
	},
	path: [],
};

interface Def {
	typeName?: string;
	innerType?: ZodTypeAny;
	schema?: ZodTypeAny;
	type?: ZodTypeAny;
	effect?: {
		type: string;
		transform?: (value: unknown, ctx: RefinementCtx) => unknown;
		refinement?: (value: unknown, ctx: RefinementCtx) => unknown;
	};
	shape?: () => Record<string, ZodTypeAny>;
	unknownKeys?: string;
	catchall?: ZodTypeAny;
	exactLength?: { value: number } | null;
	minLength?: { value: number } | null;
	maxLength?: { value: number } | null;
}

const defOf = (schema: ZodTypeAny | undefined): Def | undefined =>
	(schema as unknown as { _def?: Def } | undefined)?._def;

/** zod's own test for "an object" (getParsedType): not an array, null, promise, Map, Set or Date. */
function isObject(value: unknown): value is Record<string, unknown> {
	if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
	const { then, catch: onCatch } = value as { then?: unknown; catch?: unknown };
	if (typeof then === 'function' && typeof onCatch === 'function') return false;
	return !(value instanceof Map || value instanceof Set || value instanceof Date);
}

function effectStep(def: Def): Step | undefined {
	const inner = compile(def.schema);
	const effect = def.effect;
	if (!inner || !effect) return undefined;
	const { transform, refinement } = effect;
	if (effect.type === 'preprocess' && transform)
		return (value) => {
			const processed = transform(value, context);
			return raised ? FAILED : inner(processed);
		};
	if (effect.type === 'refinement' && refinement)
		return (value) => {
			const parsed = inner(value);
			if (parsed === FAILED) return FAILED;
			// zod refuses an async refinement in a synchronous parse: let it say so.
			if (refinement(parsed, context) instanceof Promise) return FAILED;
			return raised ? FAILED : parsed;
		};
	if (effect.type === 'transform' && transform)
		return (value) => {
			const parsed = inner(value);
			if (parsed === FAILED) return FAILED;
			const result = transform(parsed, context);
			return raised || result instanceof Promise ? FAILED : result;
		};
	return undefined;
}

function arrayStep(def: Def): Step | undefined {
	const element = compile(def.type);
	if (!element) return undefined;
	const exact = def.exactLength?.value;
	const min = def.minLength?.value;
	const max = def.maxLength?.value;
	return (value) => {
		if (!Array.isArray(value)) return FAILED;
		const length = value.length;
		if (exact !== undefined && length !== exact) return FAILED;
		if ((min !== undefined && length < min) || (max !== undefined && length > max)) return FAILED;
		const out: unknown[] = [];
		for (const item of value) {
			const parsed = element(item);
			if (parsed === FAILED) return FAILED;
			out.push(parsed);
		}
		return out;
	};
}

function objectStep(def: Def): Step | undefined {
	const mode = def.unknownKeys;
	if (defOf(def.catchall)?.typeName !== 'ZodNever' || !def.shape) return undefined;
	if (mode !== 'strip' && mode !== 'passthrough' && mode !== 'strict') return undefined;
	const shape = def.shape();
	const keys = Object.keys(shape);
	const steps = keys.map((key) => compile(shape[key]));
	if (steps.some((step) => step === undefined)) return undefined;
	const known = new Set(keys);
	return (value) => {
		if (!isObject(value)) return FAILED;
		const out: Record<string, unknown> = {};
		for (let index = 0; index < keys.length; index++) {
			const key = keys[index];
			const parsed = (steps[index] as Step)(value[key]);
			if (parsed === FAILED) return FAILED;
			// zod keeps a key the input has even when its value parses to undefined.
			if (key !== '__proto__' && (parsed !== undefined || key in value)) out[key] = parsed;
		}
		if (mode === 'strip') return out;
		for (const key in value) {
			if (known.has(key)) continue;
			if (mode === 'strict') return FAILED;
			if (key !== '__proto__' && value[key] !== undefined) out[key] = value[key];
		}
		return out;
	};
}

const compiled = new WeakMap<object, Step | null>();

/** The plain function for a schema, or undefined when it uses a type this file does not know. */
function compile(schema: ZodTypeAny | undefined): Step | undefined {
	if (!schema) return undefined;
	const cached = compiled.get(schema);
	if (cached !== undefined) return cached ?? undefined;
	const def = defOf(schema);
	let step: Step | undefined;
	switch (def?.typeName) {
		case 'ZodUnknown':
			step = (value) => value;
			break;
		case 'ZodOptional': {
			const inner = compile(def.innerType);
			step = inner && ((value) => (value === undefined ? undefined : inner(value)));
			break;
		}
		case 'ZodEffects':
			step = effectStep(def);
			break;
		case 'ZodArray':
			step = arrayStep(def);
			break;
		case 'ZodObject':
			step = objectStep(def);
			break;
	}
	compiled.set(schema, step ?? null);
	return step;
}

/** Whether `fastParse` can run this schema at all (it then gives up only on refused input). */
export function canFastParse(schema: ZodTypeAny): boolean {
	return compile(schema) !== undefined;
}

/** zod's output for an input it accepts; undefined when it would refuse it, or may (see above). */
export function fastParse(schema: ZodTypeAny, input: unknown): { value: unknown } | undefined {
	const step = compile(schema);
	if (!step) return undefined;
	const outer = raised;
	raised = false;
	try {
		const value = step(input);
		return value === FAILED || raised ? undefined : { value };
	} finally {
		raised = outer;
	}
}
