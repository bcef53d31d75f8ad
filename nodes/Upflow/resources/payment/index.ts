import type { IDataObject } from 'n8n-workflow';

import { paymentUpsertSchema } from './schema';
import { linksFromUi } from '../links';
import { deleteOperation, getManyOperation, getOperation, upsertOperation } from '../operations';
import type { ResourceDefinition } from '../types';
import { resourceOf } from '../types';
import { paymentApi } from './api';
import { upsertFields } from './fields';

export const paymentResource: ResourceDefinition = resourceOf(paymentApi, [
	upsertOperation(paymentApi, {
		properties: upsertFields,
		mapInput: (input: IDataObject) => ({
			...input,
			linkedInvoices: linksFromUi(input.linkedInvoices, 'invoice') as IDataObject[],
		}),
		schema: paymentUpsertSchema,
	}),
	getOperation(paymentApi),
	getManyOperation(paymentApi),
	deleteOperation(paymentApi),
]);
