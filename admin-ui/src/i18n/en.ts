import englishMessages from 'ra-language-english';
import { mergeMessages, type Messages } from './merge.ts';
import { resourceMessages } from './resources.ts';

export const en = mergeMessages(englishMessages as unknown as Messages, ...resourceMessages.map((m) => m.en));
