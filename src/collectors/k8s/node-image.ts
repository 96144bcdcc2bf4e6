// The image of the node collector pod, apart from the code that makes the pod: the command line names it in
// --help without loading the Kubernetes client.

/** A public networking toolbox (iproute2, iptables, nft, ipvsadm, conntrack, ss, curl, nsenter), pinned. */
export const DEFAULT_NODE_IMAGE = 'nicolaka/netshoot:v0.13';
