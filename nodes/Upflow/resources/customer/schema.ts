/**
 * Customer, contact and customer-portal write shapes.
 */
import { z } from 'zod';

import {
	type SchemaOptions,
	additionalFields,
	body,
	customFieldValues,
	formatPath,
	freeText,
	idText,
	list,
	mergeAdditionalFields,
	nameText,
	nested,
	nullable,
	optional,
	reference,
	required,
	requireSomeField,
	shortText,
	withDefault,
	currency,
} from '../../schemas/blocks';
import { type DateOptions } from '../../schemas/dates';
import { ValueError, describeValue } from '../../schemas/values';
import {
	toBoolean,
	toEmail,
	toFrameAncestors,
	toPositiveInteger,
	toText,
} from '../../schemas/text';
import { toCountry } from '../../schemas/codes';

import { toPaymentMethods } from '../../schemas/paymentMethods';

// ---------------------------------------------------------------------------------------------
// Contact
// ---------------------------------------------------------------------------------------------

/**
 * Contact write shape: { externalId?, firstName?, lastName?, email, phone?, position?, isMain? }.
 *   [claimed] field names and `email` required (unique in the organization)
 *   [doc]     `position` names a contact position that must already exist in the organization
 *   [assumed] at most one contact of a customer's list has isMain: true  -> checkContacts()
 *   [assumed] phone is free text (refused as a number so a leading + or 0 is not lost)  -> phoneText
 */
const phoneText = (v: unknown): string =>
	toText(v, {
		max: 255,
		numberHint:
			'send the phone number as text (e.g. "+33 1 23 45 67 89") so a leading + or 0 is kept',
	});

function contactOptionalFields() {
	return {
		externalId: optional(idText),
		firstName: optional(nameText),
		lastName: optional(nameText),
		phone: optional(phoneText),
		position: optional(shortText),
		isMain: optional(toBoolean),
	};
}

const EMAIL_HINT = "give the contact's email address (it identifies the contact in Upflow)";

/** One contact inside a customer's `contacts` list (no Additional Fields there). */
function contactInList() {
	return z.object(
		{ email: required(toEmail, EMAIL_HINT), ...contactOptionalFields() },
		{
			invalid_type_error:
				'must be an object with at least an email; send {"email": "name@example.com"}',
		},
	);
}

/** A contact created for a customer (POST /v1/customers/{id}/contacts). */
export function contactCreateSchema(options: Partial<SchemaOptions> = {}) {
	return body({
		email: required(toEmail, EMAIL_HINT),
		...contactOptionalFields(),
		additionalFields: additionalFields(options),
	}).transform(mergeAdditionalFields);
}

/** A contact update (PUT /v1/customers/{customerId}/contacts/{contactId}, [ref]): every field optional, at least one given. */
export function contactUpdateSchema(options: Partial<SchemaOptions> = {}) {
	return body({
		email: optional(toEmail),
		...contactOptionalFields(),
		additionalFields: additionalFields(options),
	})
		.transform(mergeAdditionalFields)
		.superRefine(requireSomeField);
}

type ContactInList = z.output<ReturnType<typeof contactInList>>;

function checkContacts(contacts: ContactInList[] | undefined, ctx: z.RefinementCtx): void {
	if (!contacts) return;
	const emails = new Map<string, number>();
	let main: number | undefined;
	contacts.forEach((contact, index) => {
		const email = contact.email.toLowerCase();
		const first = emails.get(email);
		if (first !== undefined) {
			ctx.addIssue({
				code: z.ZodIssueCode.custom,
				path: ['contacts', index, 'email'],
				message: `repeats the email of ${formatPath(['contacts', first])}; emails are unique in Upflow: merge the two contacts`,
			});
		} else emails.set(email, index);
		if (contact.isMain) {
			if (main !== undefined) {
				ctx.addIssue({
					code: z.ZodIssueCode.custom,
					path: ['contacts', index, 'isMain'],
					message: `is true for a second contact (${formatPath(['contacts', main])} is already the main one); mark only one contact as main`,
				});
			} else main = index;
		}
	});
}

// ---------------------------------------------------------------------------------------------
// Customer
// ---------------------------------------------------------------------------------------------

/**
 * Customer write shape (POST /v1/customers upsert by externalId; PUT /v1/customers/{id} partial).
 *   [claimed] externalId, name required; vatNumber; address {address, zipcode, city, state, country}
 *   [doc]     contacts is the FULL list: contacts missing from it are removed (an empty list removes all)
 *   [doc]     customFields [{id|externalId, value}], SELECT {label}, MULTI_SELECT [{label}]
 *   [doc]     dunningPlanId; null unassigns the plan (update only)  -> customerUpdateSchema
 *   [ref]     parent: {externalId}|{id}                              -> parent
 *   [assumed] currency (ISO 4217), read back but not in the reference's write shape -> currency
 *   [ref]     accountManagerId: the id of an Upflow user (a string, not an object) -> accountManagerId
 *   [ref]     address.country is free text ("France" in the reference) -> addressShape.country
 */
const accountManagerId = (v: unknown): string => {
	// An expression may hand over the user object itself: take its id.
	if (typeof v === 'object' && v !== null && !Array.isArray(v)) {
		const id = (v as Record<string, unknown>).id ?? (v as Record<string, unknown>).value;
		if (typeof id === 'string' && id.trim()) return idText(id);
		throw new ValueError(
			`has no user id (got ${describeValue(v)}); pick the account manager from the list of users`,
		);
	}
	return idText(v);
};

function addressShape() {
	return nested(
		{
			address: optional(freeText),
			zipcode: optional(shortText),
			city: optional(shortText),
			state: optional(shortText),
			country: optional(toCountry),
		},
		'address, zipcode, city, state and country',
	);
}

/** Fields optional in both the upsert and the update. */
function customerOptionalFields(options: Partial<SchemaOptions>) {
	return {
		vatNumber: optional(shortText),
		accountingRef: optional(shortText),
		paymentMethods: optional(toPaymentMethods),
		parent: optional(reference('parent customer')),
		currency: optional(currency),
		address: addressShape(),
		accountManagerId: optional(accountManagerId),
		contacts: list(contactInList(), 'contacts'),
		customFields: customFieldValues(options),
		additionalFields: additionalFields(options),
	};
}

function checkCustomer(
	value: {
		externalId?: string;
		parent?: { id: string } | { externalId: string };
		contacts?: ContactInList[];
	},
	ctx: z.RefinementCtx,
): void {
	if (
		value.parent &&
		'externalId' in value.parent &&
		value.parent.externalId === value.externalId
	) {
		ctx.addIssue({
			code: z.ZodIssueCode.custom,
			path: ['parent'],
			message: 'is the customer itself; pick another customer as parent, or leave it empty',
		});
	}
	checkContacts(value.contacts, ctx);
}

export function customerUpsertSchema(options: Partial<SchemaOptions> = {}) {
	return body({
		externalId: required(idText, "give the customer's ID in your system (unique, never changing)"),
		name: required(nameText, "give the customer's name"),
		dunningPlanId: optional(idText),
		...customerOptionalFields(options),
	})
		.superRefine(checkCustomer)
		.transform(mergeAdditionalFields);
}

export function customerUpdateSchema(options: Partial<SchemaOptions> = {}) {
	return body({
		externalId: optional(idText),
		name: optional(nameText),
		dunningPlanId: nullable(idText),
		...customerOptionalFields(options),
	})
		.superRefine(checkCustomer)
		.transform(mergeAdditionalFields)
		.superRefine(requireSomeField);
}

// ---------------------------------------------------------------------------------------------
// Customer portal
// ---------------------------------------------------------------------------------------------

/**
 * Customer portal request (POST /v1/customers/{id}/portal).
 *   [doc]     expiresIn in seconds, default 86400 (one day; no maximum: shorter is safer)
 *   [doc]     frameAncestors: space-separated hosts allowed to embed the portal in an iframe
 *   [assumed] frameAncestors hosts follow CSP host-source syntax    -> toFrameAncestors
 */
const PORTAL_DEFAULT_EXPIRES_IN = 86_400;

export function portalRequestSchema(options: DateOptions = {}) {
	return body({
		expiresIn: withDefault(
			(v) => toPositiveInteger(v, '86400 (one day) or 3600 (one hour), in seconds'),
			PORTAL_DEFAULT_EXPIRES_IN,
		),
		frameAncestors: optional(toFrameAncestors),
		additionalFields: additionalFields(options),
	}).transform(mergeAdditionalFields);
}
