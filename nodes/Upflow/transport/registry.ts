import type { Clock } from './clock';
import type { ConnectionSettings } from './connection';
import { OrganizationLimiter } from './limiter';
import type { LimiterSettings } from './limiter';

const MINUTE_MS = 60_000;

/**
 * One limiter per organization for the whole n8n process (module state lives as long as the process:
 * every execution on this main instance or queue worker shares it). Keyed by a hash of host + key.
 */
const limiters = new Map<string, OrganizationLimiter>();

function limiterSettingsOf(settings: ConnectionSettings): LimiterSettings {
	return {
		requestsPerWindow: settings.requestsPerMinute,
		windowMs: MINUTE_MS,
		maxConcurrent: settings.maxConcurrency,
		sharedBy: settings.sharedBy,
	};
}

export function limiterFor(settings: ConnectionSettings, clock: Clock): OrganizationLimiter {
	const wanted = limiterSettingsOf(settings);
	const existing = limiters.get(settings.organizationKey);
	if (existing) {
		existing.update(wanted);
		return existing;
	}
	const limiter = new OrganizationLimiter(wanted, clock);
	limiters.set(settings.organizationKey, limiter);
	return limiter;
}
