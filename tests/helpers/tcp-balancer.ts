// A round-robin TCP balancer in front of the admin-api replicas, standing in for what compose
// (the service name resolving to every replica) or the operator's reverse proxy does in
// production: a new connection goes to the next replica; one that refuses the connection
// (killed, restarting) is skipped. Connections already open to a replica that dies are cut,
// as they would be behind a real proxy — clients see that, it is not hidden.
import net from 'node:net';

export type TcpBalancer = { url: string; port: number; close(): Promise<void> };

export async function startTcpBalancer(targets: Array<{ host: string; port: number }>): Promise<TcpBalancer> {
  let next = 0;
  const sockets = new Set<net.Socket>();

  const connect = (client: net.Socket, tried: number) => {
    if (tried >= targets.length) {
      client.destroy();
      return;
    }
    const target = targets[next++ % targets.length]!;
    const upstream = net.connect(target.port, target.host);
    sockets.add(upstream);
    upstream.once('close', () => sockets.delete(upstream));
    upstream.once('connect', () => {
      upstream.removeAllListeners('error');
      client.pipe(upstream).pipe(client);
      upstream.on('error', () => client.destroy());
      client.on('error', () => upstream.destroy());
      client.resume();
    });
    // Nothing was sent yet: trying the next replica is safe.
    upstream.once('error', () => connect(client, tried + 1));
  };

  const server = net.createServer({ pauseOnConnect: true }, (client) => {
    sockets.add(client);
    client.once('close', () => sockets.delete(client));
    client.on('error', () => undefined);
    connect(client, 0);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}
