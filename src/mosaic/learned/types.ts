// Shapes shared by the learned finders. Structural, so they also fit the mosaic module's own types.
export interface RgbImage { data: Uint8Array; width: number; height: number; channels?: 3 }
export interface ScoredBox { x: number; y: number; width: number; height: number; score: number }
