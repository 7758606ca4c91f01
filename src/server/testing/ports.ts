// A port nobody listens on right now, chosen by the kernel. Random numbers in a fixed range
// collided with the kernel's own ephemeral ports (outgoing connections) on busy CI machines.
import net from 'node:net';
import type { AddressInfo } from 'node:net';

export async function freePort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', resolve);
  });
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}
