/** A record as Upflow names it in bodies and in `{id}` path segments: its Upflow id, or the external id you gave it. */
export type UpflowRef = { id: string } | { externalId: string };
