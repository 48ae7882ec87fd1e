import assert from 'node:assert/strict';
import { test } from 'node:test';
import { loadProducts } from '../../src/datasets/products';

test('the product catalogue', () => {
  const items = loadProducts();
  assert.ok(items.length >= 30);
  assert.equal(items[0].title, 'pink short sleeve top');
});
