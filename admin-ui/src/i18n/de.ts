import { mergeMessages } from './merge.ts';
import { raGerman } from './ra-german.ts';
import { resourceMessages } from './resources.ts';

export const de = mergeMessages(raGerman, ...resourceMessages.map((m) => m.de));
