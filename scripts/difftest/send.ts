// Sends exactly one TCP SYN or one UDP datagram and exits at once, whatever the machine's load: the differential
// test runs it inside a namespace (`ip netns exec NS node send.js tcp|udp ADDRESS PORT`).
import { createSocket } from 'node:dgram';
import { connect } from 'node:net';

const [proto, host, port] = process.argv.slice(2);
if (proto === 'tcp') {
  // the SYN leaves during connect(); closing a socket that is still connecting sends nothing more
  const s = connect({ host: host!, port: Number(port) });
  s.on('error', () => process.exit(0));
  setImmediate(() => process.exit(0));
} else {
  const s = createSocket('udp4');
  s.on('error', () => process.exit(0));
  s.send('x', Number(port), host, () => process.exit(0));
}
