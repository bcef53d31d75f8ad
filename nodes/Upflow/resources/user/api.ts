import type { ListApi } from '../api';

/** Users of the organization: read-only, answered in one list (not paged). */
export const userApi: ListApi = {
	resource: 'user',
	name: 'User',
	path: '/users',
	envelope: 'users',
	label: (user) =>
		`${[user.firstName, user.lastName].filter(Boolean).join(' ')} <${String(user.email ?? '')}>`,
};
