import type { ListEndpoint } from '../../transport/paginate';

/** Users of the organization: read-only, answered in one list (not paged). */
export const usersEndpoint: ListEndpoint = { path: '/users', envelope: 'users' };
