import { getManyOperation } from '../operations';
import type { ResourceDefinition } from '../types';
import { resourceOf } from '../types';
import { bankAccountApi } from './api';

/** The organization's bank accounts: the ids a payment's `bankAccountId` and a wire transfer take. */
export const bankAccountResource: ResourceDefinition = resourceOf(bankAccountApi, [
	getManyOperation(bankAccountApi, { simplifiable: false }),
]);
