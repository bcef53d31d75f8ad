import { getManyOperation } from '../operations';
import type { ResourceDefinition } from '../types';
import { bankAccountApi } from './api';

/** The organization's bank accounts (contract v2: ref; the row shape is assumed): the ids a payment's `bankAccountId` and a wire transfer take. */

export const bankAccountResource: ResourceDefinition = {
	value: 'bankAccount',
	name: 'Bank Account',
	operations: [getManyOperation(bankAccountApi, { simplifiable: false })],
};
