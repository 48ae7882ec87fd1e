// A short product catalogue for the similarity-search examples (data/products.json).
import fs from 'node:fs';
import { dataPath } from '../core/paths';
import { InputError } from '../core/validate';

export interface Product {
  id: number;
  title: string;
  category: string;
}

/**
 * A small product catalogue written for these notebooks (data/products.json), in the
 * style of the document's 'pink short sleeve top': some titles are near-duplicates
 * of others, worded differently, for the deduplication example.
 */
export function loadProducts(): Product[] {
  const file = dataPath('products.json');
  if (!fs.existsSync(file)) throw new InputError(`loadProducts: ${file} is missing`);
  const items = JSON.parse(fs.readFileSync(file, 'utf8')) as Product[];
  return items;
}
