import type { IDataObject } from 'n8n-workflow';

import { creditNoteUpsertSchema } from './schema';
import { linksFromUi } from '../links';
import { deleteOperation, getManyOperation, getOperation, upsertOperation } from '../operations';
import { uploadPdfOperation } from '../pdf';
import type { ResourceDefinition } from '../types';
import { resourceOf } from '../types';
import { creditNoteApi } from './api';
import { upsertFields } from './fields';

/** The list envelope is assumed (test/contract/upflow.ts). */

export const creditNoteResource: ResourceDefinition = resourceOf(creditNoteApi, [
	upsertOperation(creditNoteApi, {
		properties: upsertFields,
		mapInput: ({ amount, ...input }: IDataObject) => ({
			...input,
			grossAmount: amount,
			linkedInvoices: linksFromUi(input.linkedInvoices, 'invoice') as IDataObject[],
		}),
		schema: creditNoteUpsertSchema,
	}),
	getOperation(creditNoteApi),
	getManyOperation(creditNoteApi),
	deleteOperation(creditNoteApi),
	uploadPdfOperation(creditNoteApi),
]);
