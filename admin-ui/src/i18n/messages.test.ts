// Keeps the two languages in step: every English key has a German text and the other way
// round, and no German text drops a %{placeholder} its English original fills in (the
// value would silently vanish from the sentence).
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { de } from './de.ts';
import { en } from './en.ts';
import { missingKeys, type Messages } from './merge.ts';

/** Every leaf as [dotted key, text]. */
function leaves(tree: Messages, prefix = ''): Array<[string, string]> {
  return Object.entries(tree).flatMap(([key, value]): Array<[string, string]> => {
    const path = prefix ? `${prefix}.${key}` : key;
    return typeof value === 'string' ? [[path, value]] : leaves(value, path);
  });
}

function lookup(tree: Messages, path: string): string | undefined {
  let node: string | Messages | undefined = tree;
  for (const part of path.split('.')) node = typeof node === 'object' ? node[part] : undefined;
  return typeof node === 'string' ? node : undefined;
}

const placeholders = (text: string) => [...new Set(text.match(/%\{[A-Za-z0-9_]+\}/g) ?? [])].sort();
const pluralForms = (text: string) => text.split('||||').length;

describe('console messages', () => {
  it('German has every English key', () => {
    assert.deepEqual(missingKeys(en, de), []);
  });

  it('English has every German key', () => {
    assert.deepEqual(missingKeys(de, en), []);
  });

  it('German keeps every placeholder of the English text', () => {
    const dropped = leaves(en).flatMap(([path, english]) => {
      const german = lookup(de, path);
      if (german === undefined) return [];
      const lost = placeholders(english).filter((p) => !german.includes(p));
      return lost.length ? [`${path}: ${lost.join(', ')}`] : [];
    });
    assert.deepEqual(dropped, []);
  });

  it('German keeps the plural forms (||||) of the English text', () => {
    const differing = leaves(en).flatMap(([path, english]) => {
      const german = lookup(de, path);
      return german !== undefined && pluralForms(german) !== pluralForms(english) ? [path] : [];
    });
    assert.deepEqual(differing, []);
  });

  it("react-admin's German texts are translated, not English copies", () => {
    const save = lookup(de, 'ra.action.save');
    assert.equal(save, 'Speichern');
    assert.equal(lookup(de, 'ra.navigation.page_range_info'), '%{offsetBegin}-%{offsetEnd} von %{total}');
  });
});
