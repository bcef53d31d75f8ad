import type { IDataObject } from 'n8n-workflow';

import { refundUpsertSchema } from './schema';
import { linksFromUi } from '../links';
import { deleteOperation, getManyOperation, getOperation, upsertOperation } from '../operations';
import type { ResourceDefinition } from '../types';
import { resourceOf } from '../types';
import { refundApi } from './api';
import { upsertFields } from './fields';

/** The list envelope and the write shape of links are assumed (test/contract/upflow.ts). */

export const refundResource: ResourceDefinition = resourceOf(refundApi, [
	upsertOperation(refundApi, {
		properties: upsertFields,
		mapInput: ({ refundedAt, ...input }: IDataObject) => ({
			...input,
			validatedAt: refundedAt,
			linkedPayments: linksFromUi(input.linkedPayments, 'payment') as IDataObject[],
			linkedCreditNotes: linksFromUi(input.linkedCreditNotes, 'creditNote') as IDataObject[],
		}),
		schema: refundUpsertSchema,
	}),
	getOperation(refundApi),
	getManyOperation(refundApi),
	deleteOperation(refundApi),
]);
