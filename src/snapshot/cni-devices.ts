// What each CNI names the devices it makes on a node (docs/networking-facts.md §cni), in one place: kind inference,
// CNI detection, the overlay tracer and the analyzers all ask these.

/** VXLAN devices by name (flannel's vxlan backend, Calico's VXLAN mode, Cilium's tunnel). */
export const VXLAN_DEVICE = /^(flannel\.\d+|vxlan\.calico|vxlan-v6\.calico|cilium_vxlan)$/;
/** VXLAN devices the kernel forwards by its own FDB and neighbour entries (Cilium's is driven by BPF instead). */
export const KERNEL_VXLAN_DEVICE = /^(flannel\.\d+|vxlan\.calico|vxlan-v6\.calico)$/;
/** WireGuard devices by name (flannel's and Calico's encryption, Cilium's, plain wg). */
export const WIREGUARD_DEVICE = /^(flannel-wg|wireguard\.cali|cilium_wg0|wg\d+)$/;
/** Calico's IPIP device; the ipip module also makes a down tunl0 in every namespace, so the name alone proves
 *  little. */
export const IPIP_DEVICE = /^tunl0$/;
/** Overlay devices that, down, cut every pod off from the other nodes (tunl0 is known by its routes instead). */
export const OVERLAY_DEVICE = /^(flannel\.\d+|flannel-wg|vxlan\.calico|cilium_vxlan|cilium_geneve|weave)$/;
/** A Calico pod's veth on the node. */
export const CALICO_VETH = /^cali[0-9a-f]{6,}$/;
/** Devices only a node has: the bridges and tunnels of CNIs, kube-proxy's IPVS dummy. */
export const NODE_DEVICE =
  /^(cni0|flannel\.\d+|flannel-wg|cali[0-9a-f]{6,}|tunl0|vxlan\.calico|vxlan-v6\.calico|cilium_host|cilium_vxlan|kube-ipvs0|kube-bridge|weave)$/;
/** Devices of the CNIs that route pod networks node by node (flannel, Calico). */
export const PER_NODE_ROUTING_DEVICE = /^(cni0|flannel\.\d+|tunl0|vxlan\.calico|cali[0-9a-f]{6,})$/;
