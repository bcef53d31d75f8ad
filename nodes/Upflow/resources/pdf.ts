import { randomBytes } from 'crypto';
import { sanitizeFilename } from 'n8n-workflow';
import type { IDataObject } from 'n8n-workflow';

import { recordLocator } from './entity';
import { recordLane, recordPath } from './api';
import type { EntityApi } from './api';
import { readRef } from './parameters';
import type { OperationDefinition } from './types';
import { records } from './types';

/**
 * multipart/form-data with the file in field `file`, built as one Buffer: a Buffer body can be
 * re-sent as is when the transport retries (a stream or FormData could not).
 */
export function multipartFile(
	file: Buffer,
	fileName: string,
	mimeType: string,
): { body: Buffer; contentType: string } {
	const boundary = `----n8nUpflow${randomBytes(12).toString('hex')}`;
	const safeName = sanitizeFilename(fileName).replace(/"/g, '') || 'document.pdf';
	const head = Buffer.from(
		`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${safeName}"\r\nContent-Type: ${mimeType}\r\n\r\n`,
	);
	const tail = Buffer.from(`\r\n--${boundary}--\r\n`);
	return {
		body: Buffer.concat([head, file, tail]),
		contentType: `multipart/form-data; boundary=${boundary}`,
	};
}

export function uploadPdfOperation(entity: EntityApi): OperationDefinition {
	const lower = entity.name.toLowerCase();
	return {
		value: 'uploadPdf',
		name: 'Upload PDF',
		action: `Upload ${lower} PDF`,
		description: `Attach a PDF file from a binary field to ${/^[aeiou]/i.test(lower) ? 'an' : 'a'} ${lower} in Upflow`,
		properties: [
			recordLocator(entity),
			{
				displayName: 'Input Binary Field',
				name: 'binaryPropertyName',
				type: 'string',
				default: 'data',
				required: true,
				hint: 'The name of the input binary field holding the PDF',
			},
		],
		plan: async (context, itemIndex) => {
			const ref = readRef(context, itemIndex, entity.resource, lower);
			const binaryPropertyName = context.getNodeParameter(
				'binaryPropertyName',
				itemIndex,
			) as string;
			// Refused before any request when the item has no such binary field.
			const binary = context.helpers.assertBinaryData(itemIndex, binaryPropertyName);
			return {
				lane: recordLane(entity, ref),
				run: records(async ({ client }) => {
					const file = await context.helpers.getBinaryDataBuffer(itemIndex, binaryPropertyName);
					const { body, contentType } = multipartFile(
						file,
						binary.fileName ?? `${lower}.pdf`,
						binary.mimeType || 'application/pdf',
					);
					// Idempotent: uploading the same file again replaces it with itself.
					await client.call({
						method: 'POST',
						path: `${recordPath(entity, ref)}/pdf`,
						body,
						headers: { 'Content-Type': contentType },
						idempotent: true,
						itemIndex,
					});
					const result: IDataObject = {
						uploaded: true,
						[entity.resource]: ref as unknown as IDataObject,
						fileName: binary.fileName ?? null,
						bytes: file.length,
					};
					return result;
				}),
			};
		},
	};
}
