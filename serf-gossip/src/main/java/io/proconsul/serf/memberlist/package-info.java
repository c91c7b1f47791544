/**
 * SWIM membership with Lifeguard, after hashicorp/memberlist, over Netty UDP and TCP with a binary format
 * of our own. {@link io.proconsul.serf.memberlist.Memberlist} is the entry; the layer above plugs in
 * through {@link io.proconsul.serf.memberlist.MemberlistDelegate}.
 */
package io.proconsul.serf.memberlist;
