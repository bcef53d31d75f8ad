/**
 * Just enough multipart/form-data (RFC 7578) to read an uploaded file: split on the boundary,
 * read each part's headers, answer the parts by field name. Written here because the emulator
 * takes no dependencies.
 */

export interface Part {
	name: string;
	filename: string | null;
	contentType: string | null;
	data: Buffer;
}

/** The boundary from a `multipart/form-data; boundary=...` header, or null. */
export function multipartBoundary(contentType: string | undefined): string | null {
	if (!contentType || !/^multipart\/form-data\s*(;|$)/i.test(contentType)) return null;
	const m = /;\s*boundary=(?:"([^"]+)"|([^;\s]+))/i.exec(contentType);
	return m ? (m[1] ?? m[2]) : null;
}

/** Parses the body; throws an Error with a readable message when it is not valid multipart. */
export function parseMultipart(body: Buffer, boundary: string): Part[] {
	const delimiter = Buffer.from(`--${boundary}`);
	const parts: Part[] = [];
	let pos = body.indexOf(delimiter);
	if (pos < 0) throw new Error('multipart body does not contain its boundary');
	for (;;) {
		pos += delimiter.length;
		// "--" after a delimiter closes the body.
		if (body[pos] === 0x2d && body[pos + 1] === 0x2d) return parts;
		if (body[pos] === 0x0d && body[pos + 1] === 0x0a) pos += 2;
		else throw new Error('malformed multipart body (no CRLF after a boundary)');
		const headerEnd = body.indexOf('\r\n\r\n', pos);
		if (headerEnd < 0) throw new Error('malformed multipart body (part headers never end)');
		const headers = parseHeaders(body.subarray(pos, headerEnd).toString('utf8'));
		const dataStart = headerEnd + 4;
		const next = body.indexOf(Buffer.concat([Buffer.from('\r\n'), delimiter]), dataStart);
		if (next < 0) throw new Error('malformed multipart body (missing closing boundary)');
		const disposition = headers['content-disposition'] ?? '';
		const name = /;\s*name="([^"]*)"/i.exec(disposition)?.[1];
		if (name !== undefined) {
			parts.push({
				name,
				filename: /;\s*filename="([^"]*)"/i.exec(disposition)?.[1] ?? null,
				contentType: headers['content-type'] ?? null,
				data: body.subarray(dataStart, next),
			});
		}
		pos = next + 2;
	}
}

function parseHeaders(text: string): Record<string, string> {
	const out: Record<string, string> = {};
	for (const line of text.split('\r\n')) {
		const i = line.indexOf(':');
		if (i > 0) out[line.slice(0, i).trim().toLowerCase()] = line.slice(i + 1).trim();
	}
	return out;
}
