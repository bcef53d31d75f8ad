import { shapeCustomFields } from '../customField';
import { deleteOperation, getManyOperation, getOperation, upsertOperation } from '../operations';
import { uploadPdfOperation } from '../pdf';
import type { ResourceDefinition } from '../types';
import { resourceOf } from '../types';
import { invoiceApi } from './api';
import { invoiceDownloadPdf } from './downloadPdf.operation';
import { upsertFields } from './fields';
import { invoiceUpsertSchema } from './schema';
import { invoiceUpdate } from './update.operation';

export const invoiceResource: ResourceDefinition = resourceOf(invoiceApi, [
	upsertOperation(invoiceApi, {
		prepare: shapeCustomFields,
		properties: upsertFields,
		schema: invoiceUpsertSchema,
	}),
	getOperation(invoiceApi),
	getManyOperation(invoiceApi),
	invoiceUpdate,
	deleteOperation(invoiceApi),
	uploadPdfOperation(invoiceApi),
	invoiceDownloadPdf,
]);
