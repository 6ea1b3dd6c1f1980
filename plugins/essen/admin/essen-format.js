// The YAML format of the form editor: reads and writes the data files in the house style, so
// that saving a record changes only the lines of the keys that were edited.
//
// Decap's built-in YAML writer folds every text longer than 80 characters onto several lines
// and cannot write a file whose top level is a list (data/fields.yml, data/contacts.yml), so
// the editor uses these two formats instead; the same module runs in Node for the round-trip
// test (tests/unit/test_cms_config.py).
import { Document, isMap, parse, visit } from "./yaml/index.js";

// Where a list file's entries sit in the form (cms.LIST_KEY).
const LIST_KEY = "items";
// Months ("2025-06"), phone numbers and other digit strings stay in double quotes: unquoted,
// some YAML readers take them for numbers or dates. Whole days ("2026-02-10") stay unquoted, as
// the editors write them (the rules accept a YAML date there).
const QUOTED = /^[+0-9][0-9 /()+-]*$/;
const DAY = /^\d{4}-\d{2}-\d{2}$/;

// An optional key left empty in the form means "not set": the rules reject empty values.
function pruned(value) {
  if (Array.isArray(value)) {
    const items = value.map(pruned).filter((item) => item !== undefined);
    return items.length ? items : undefined;
  }
  if (value !== null && typeof value === "object") {
    const entries = Object.entries(value)
      .map(([key, item]) => [key, pruned(item)])
      .filter(([, item]) => item !== undefined);
    return entries.length ? Object.fromEntries(entries) : undefined;
  }
  if (value === null || value === undefined) return undefined;
  if (typeof value === "string" && value.trim() === "") return undefined;
  return value;
}

export function toYaml(data, sortedKeys = []) {
  const doc = new Document(pruned(data) ?? {});
  if (isMap(doc.contents) && sortedKeys.length) {
    // Decap's order of the form's fields is the contract's key order; keys it does not know
    // keep their place after the known ones.
    const rank = (pair) => {
      const index = sortedKeys.indexOf(String(pair.key.value ?? pair.key));
      return index === -1 ? sortedKeys.length : index;
    };
    doc.contents.items = doc.contents.items
      .map((pair, position) => [pair, position])
      .sort(([a, i], [b, j]) => rank(a) - rank(b) || i - j)
      .map(([pair]) => pair);
  }
  visit(doc, {
    Scalar(key, node) {
      if (key === "key" || typeof node.value !== "string") return;
      if (QUOTED.test(node.value) && !DAY.test(node.value)) node.type = "QUOTE_DOUBLE";
    },
  });
  return doc.toString({ lineWidth: 0, blockQuote: "literal", indentSeq: true });
}

export function fromYaml(text) {
  return parse(text) ?? {};
}

export const recordFormat = {
  fromFile: (text) => fromYaml(text),
  toFile: (data, sortedKeys) => toYaml(data, sortedKeys),
};

export const listFormat = {
  fromFile: (text) => ({ [LIST_KEY]: fromYaml(text) }),
  toFile: (data) => toYaml(data[LIST_KEY] ?? []),
};


