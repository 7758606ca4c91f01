// HTTP routes of products: the record routes (list, read, create, change, trash, restore).
import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../../platform/context.ts';
import { recordRoutes } from '../../platform/http/recordRoutes.ts';
import { product, productCreate, productPatch } from '../../../contract/products.ts';
import { productFields } from './products.repository.ts';
import { productService } from './products.service.ts';

export async function productRoutes(app: FastifyInstance, ctx: AppContext) {
  recordRoutes(app, {
    path: 'products',
    noun: 'product',
    resource: 'product',
    tag: 'Products',
    fields: productFields,
    item: product,
    create: productCreate,
    patch: productPatch,
    service: productService(ctx),
  });
}
