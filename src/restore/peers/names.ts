// The outside peers `tessera eval restore --peer` and the restore bench know, by name. Apart from the
// peers' code (esrgan.ts), which is imported only when one is asked for.
export const PEERS = ['esrgan-thick'] as const;
export type PeerName = (typeof PEERS)[number];
