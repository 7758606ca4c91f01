// Orders' entry points for other modules: storing an order (the quote → order conversion),
// checking an order's input, and a customer's purchase history.
export {
  createOrder,
  externalNumberTaken,
  type NewOrder,
  type NewOrderLine,
  type OrderWriter,
  prepareOrder,
  replaceOrder,
  sameOrder,
} from './orders.service.ts';
export { purchaseHistory, today } from './orders.history.ts';
export { orderFields } from './orders.repository.ts';
