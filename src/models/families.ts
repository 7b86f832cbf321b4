// The network families tessera ships, registered once: adding a family is its file (one descriptor, see
// descriptor.ts) and one line here. The order is the order of help texts and error messages.
import { registerNetwork } from './descriptor.js';
import { UNET } from './unet.js';
import { RESNET } from './resnet.js';
import { RESTORER_UNET } from './restorer.js';
import { CELL_RESTORER } from './cell-restorer.js';
import { SR_RESTORER } from './sr-restorer.js';
import { DISCOGAN, DISCOGAN_D } from './discogan.js';
import { SRGAN_D, SRRESNET } from './srgan.js';
import { COGAN, COGAN_D } from './cogan.js';
import { UNIT, UNIT_D } from './unit.js';
import { PATCHGAN } from './patchgan.js';
import { PIXEL } from './pixel.js';
import { MOSAIC_NET } from './mosaic-net.js';

for (const d of [UNET, RESNET, RESTORER_UNET, CELL_RESTORER, SR_RESTORER, DISCOGAN, SRRESNET, COGAN, UNIT,
  PATCHGAN, PIXEL, DISCOGAN_D, SRGAN_D, COGAN_D, UNIT_D, MOSAIC_NET]) registerNetwork(d);
