import { NodeOperationError } from 'n8n-workflow';
import type { IDataObject } from 'n8n-workflow';

import { recordPath } from '../api';
import { recordLocator } from '../entity';
import { readRef } from '../parameters';
import type { OperationDefinition } from '../types';
import { invoiceApi } from './api';
import { downloadPdfFields } from './fields';

/** Invoice > Download PDF: the PDF stored in Upflow, as binary data. */
export const invoiceDownloadPdf: OperationDefinition = {
	value: 'downloadPdf',
	name: 'Download PDF',
	action: 'Download invoice PDF',
	description: 'Download the PDF stored in Upflow as binary data',
	properties: [recordLocator(invoiceApi), ...downloadPdfFields],
	plan: async (context, itemIndex) => {
		const ref = readRef(context, itemIndex, 'invoice');
		const binaryPropertyName = context.getNodeParameter('binaryPropertyName', itemIndex) as string;
		return {
			run: async ({ client }) => {
				const invoice = (await client.call({
					method: 'GET',
					path: recordPath(invoiceApi, ref),
					idempotent: true,
					itemIndex,
				})) as IDataObject;
				if (typeof invoice.pdfUrl !== 'string' || invoice.pdfUrl === '') {
					throw new NodeOperationError(
						context.getNode(),
						`Invoice ${String(invoice.customId ?? invoice.id)} has no PDF in Upflow`,
						{
							itemIndex,
							description: 'Upload one first with Invoice > Upload PDF.',
						},
					);
				}
				// pdfUrl is signed and expires: fetch it right after reading it.
				const file = await client.download(invoice.pdfUrl, itemIndex);
				const fileName = `${String(invoice.customId ?? invoice.externalId ?? invoice.id)}.pdf`;
				const binary = await context.helpers.prepareBinaryData(file, fileName, 'application/pdf');
				return [{ json: invoice, binary: { [binaryPropertyName]: binary } }];
			},
		};
	},
};
