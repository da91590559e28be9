import { z } from 'zod';

import { CENTER_LEVELS } from '../constants/center';

export { CENTER_LEVELS, CENTER_LEVEL_LABELS, type TCenterLevel } from '../constants/center';

/** A center of the county tree, as the public list shows it. */
export const ZCenter = z
  .object({
    id: z.string(),
    code: z.string(),
    name: z.string(),
    level: z.enum(CENTER_LEVELS),
    parentId: z.string().nullable(),
    address: z.string(),
    phone: z.string(),
    /** Opening hours as a sentence for people ("周一至周五 8:30–12:00, 13:00–17:30"). */
    hours: z.string(),
  })
  .strict();
export type TCenter = z.infer<typeof ZCenter>;
