/**
 * Signed, expiring PDF download URLs, as Upflow hands out in `pdfUrl` (there is no download
 * endpoint under /v1). The URL alone grants access for an hour: no API headers are needed, and a
 * tampered or expired URL is refused with 403.
 */
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type { PdfKind } from './store';

export const PDF_URL_TTL_MS = 60 * 60 * 1000;

export class FileSigner {
	/** A fresh secret per emulator: URLs from another run never validate. */
	private readonly secret = randomBytes(32);

	constructor(
		private readonly baseUrl: () => string,
		private readonly now: () => number,
	) {}

	url(kind: PdfKind, id: string): string {
		const expires = this.now() + PDF_URL_TTL_MS;
		return `${this.baseUrl()}/files/${kind}/${id}.pdf?expires=${expires}&signature=${this.sign(kind, id, expires)}`;
	}

	/** Parses a /files/... request; answers what it names or why it is refused. */
	check(
		pathname: string,
		query: URLSearchParams,
	): { ok: true; kind: PdfKind; id: string } | { ok: false; status: number; message: string } {
		const m = /^\/files\/(invoices|credit_notes)\/([^/]+)\.pdf$/.exec(pathname);
		if (!m) return { ok: false, status: 404, message: 'No such file' };
		const kind = m[1] as PdfKind;
		const id = m[2];
		const expires = Number(query.get('expires'));
		const signature = query.get('signature') ?? '';
		const expected = Buffer.from(this.sign(kind, id, expires));
		const given = Buffer.from(signature);
		if (
			!Number.isSafeInteger(expires) ||
			given.length !== expected.length ||
			!timingSafeEqual(given, expected)
		)
			return { ok: false, status: 403, message: 'Invalid signature for this file URL' };
		if (this.now() >= expires)
			return {
				ok: false,
				status: 403,
				message: 'This file URL has expired: read the record again for a fresh pdfUrl',
			};
		return { ok: true, kind, id };
	}

	private sign(kind: PdfKind, id: string, expires: number): string {
		return createHmac('sha256', this.secret).update(`${kind}/${id}:${expires}`).digest('hex');
	}
}
