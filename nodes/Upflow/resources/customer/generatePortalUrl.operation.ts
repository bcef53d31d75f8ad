import type { IDataObject } from 'n8n-workflow';

import { validateItem } from '../../schemas/validate';
import { recordPath } from '../api';
import { recordLocator } from '../entity';
import { readRef } from '../parameters';
import type { OperationDefinition } from '../types';
import { records } from '../types';
import { customerApi } from './api';
import { portalRequestSchema } from './schema';

/** Customer > Generate Portal URL: a signed link to the customer portal (nothing is stored in Upflow). */
export const customerGeneratePortalUrl: OperationDefinition = {
	value: 'generatePortalUrl',
	name: 'Generate Portal URL',
	action: 'Generate customer portal URL',
	description: "Create a signed link to a customer's Upflow portal, to share or embed in an iframe",
	properties: [
		recordLocator(customerApi),
		{
			displayName: 'Expires In (Seconds)',
			name: 'expiresIn',
			type: 'number',
			typeOptions: { minValue: 60 },
			default: 86400,
			hint: 'Shorter is safer: anyone with the link sees the portal until it expires. One day for immediate use; 25 days (2160000) for a link in a reminder email.',
		},
		{
			displayName: 'Frame Ancestors',
			name: 'frameAncestors',
			type: 'string',
			default: '',
			placeholder: 'e.g. app.example.com admin.example.com',
			description:
				'Hosts allowed to embed the portal in an iframe, separated by spaces. Leave empty when not embedding.',
		},
	],
	plan: async (context, itemIndex) => {
		const ref = readRef(context, itemIndex, 'customer');
		const body = validateItem(
			portalRequestSchema(),
			{
				expiresIn: context.getNodeParameter('expiresIn', itemIndex),
				frameAncestors: context.getNodeParameter('frameAncestors', itemIndex),
			},
			itemIndex,
		) as IDataObject;
		return {
			run: records(
				async ({ client }) =>
					// Idempotent in effect: a repeat only mints another link; nothing is stored in Upflow.
					(await client.call({
						method: 'POST',
						path: `${recordPath(customerApi, ref)}/portal`,
						body,
						idempotent: true,
						itemIndex,
					})) as IDataObject,
			),
		};
	},
};
