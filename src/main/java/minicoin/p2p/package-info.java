/**
 * The peer protocol (docs/protocol.md). The wire layer: frames (magic, type, length, checksum,
 * payload) with a hard size cap checked before any payload is buffered, an incremental
 * {@link minicoin.p2p.FrameDecoder}, and one small record per message type with its encode, decode
 * and caps beside it. Every failure on hostile bytes is a {@link minicoin.p2p.WireException}
 * carrying a {@link minicoin.p2p.WireError}, which the peer scores ({@link minicoin.p2p.Misbehaviour}).
 *
 * <p>The behaviour: {@link minicoin.p2p.Peer} (one connection: handshake, headers-first sync,
 * relay, keep-alive, scoring) and {@link minicoin.p2p.PeerGroup} (all of them: dialling, accepting,
 * bans, shared downloads, announcements) are plain single-threaded classes that talk to the chain
 * through {@link minicoin.p2p.ChainAccess} and sign and verify handshake proofs through
 * {@link minicoin.p2p.ProofCrypto} (a worker pool in a node); tests drive them over a simulated network. The
 * connection rules are plain classes too: {@link minicoin.p2p.NodeProof} (the handshake proves the
 * node id), {@link minicoin.p2p.NetGroup} (address groups, the loopback exemption),
 * {@link minicoin.p2p.InboundEviction} (whom to drop when the inbound slots are full) and
 * {@link minicoin.p2p.BanList} (bans keyed on what a peer cannot choose).
 * {@link minicoin.p2p.PeerVerticle} is the thin TCP shell, and {@link minicoin.p2p.BusChainAccess}
 * turns chain access into event-bus requests to the chain worker.
 *
 * <p>What it does not do: validate blocks or transactions (the chain worker does), or find peers
 * (discovery publishes them).
 */
package minicoin.p2p;
