// The detector's figures without and with the geometry check (src/detect/verify.ts) from one run of the
// network: the check only removes whole regions, so the checked mask is the unchecked one less the
// regions the shipped rule rejects. Halves the cost of a before/after measurement.
import type { DetectResult } from '../src/detect/analytic.js';
import { visibleSummary, type EvalCase, type EvalReport } from '../src/detect/evaluate.js';
import { labelComponents, maskIoU, type Mask } from '../src/image/mask.js';
import { visibleIoU, type VisibleTruth } from '../src/image/visible-iou.js';
import { looksLikeMosaic, type RegionFeatures } from '../src/detect/verify.js';
import type { Box } from '../src/util/box.js';

const sameBox = (a: Box, b: Box) => a.x === b.x && a.y === b.y && a.w === b.w && a.h === b.h;

export class VerifyComparison {
  #rejected: Box[] = [];
  #iou = new Map<EvalCase | EvalReport['clean'][number], { iou?: number; visibleIoU?: number | null; fpArea: number }>();

  /** The evaluation's onRegionFeatures hook: remembers the regions of the current detection the rule rejects. */
  onRegionFeatures = (box: Box, f: RegionFeatures): void => { if (!looksLikeMosaic(f)) this.#rejected.push(box); };

  /** The detection after the check, and `entry` with its figures (also recorded for report()). */
  afterCheck<E extends EvalCase | EvalReport['clean'][number]>(found: DetectResult, truth: Mask | null, entry: E, visible: VisibleTruth | null): { found: DetectResult; entry: E } {
    const rejected = this.#rejected;
    this.#rejected = [];
    const { labels, boxes } = labelComponents(found.mask);
    const drop = boxes.map((b) => rejected.some((r) => sameBox(r, b)));
    const mask = { ...found.mask, data: new Uint8Array(found.mask.data) };
    let area = 0, fp = 0;
    for (let p = 0; p < labels.length; p++) {
      if (labels[p] && drop[labels[p]! - 1]) mask.data[p] = 0;
      if (mask.data[p]) { area++; if (!truth?.data[p]) fp++; }
    }
    const n = mask.width * mask.height;
    const figures = truth ? { iou: maskIoU(mask, truth), visibleIoU: visible ? visibleIoU(mask, visible.visible, visible.dontCare) : null, fpArea: fp / n } : { fpArea: area / n };
    this.#iou.set(entry, figures);
    return { found: { regions: found.regions.filter((g) => !rejected.some((r) => sameBox(r, g))), mask, maskArea: area }, entry: { ...entry, ...figures } };
  }

  /** The unchecked report with every figure replaced by the checked one (grid figures stay the unchecked ones). */
  report(before: EvalReport): EvalReport {
    const cases = before.cases.map((c) => ({ ...c, ...this.#iou.get(c) }));
    const clean = before.clean.map((c) => ({ ...c, ...this.#iou.get(c) }));
    const mean = (a: number[]) => a.reduce((s, v) => s + v, 0) / Math.max(1, a.length);
    return {
      ...before, cases, clean, enlarged: [], // (enlarged photos are measured without the check only)
      meanIoU: mean(cases.map((c) => c.iou)), minIoU: Math.min(...cases.map((c) => c.iou)), ...visibleSummary(cases),
      meanFpArea: mean(clean.map((c) => c.fpArea)), maxFpArea: Math.max(...clean.map((c) => c.fpArea)),
    };
  }
}
