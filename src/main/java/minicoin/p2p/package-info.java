/**
 * The peer protocol's wire layer: frames (magic, type, length, checksum, payload) with a hard size
 * cap checked before any payload is buffered, an incremental {@link minicoin.p2p.FrameDecoder}, and
 * one small record per message type with its encode, decode and caps beside it.
 *
 * <p>Pure codec: no sockets, no Vert.x, no chain access. Every failure on hostile bytes is a
 * {@link minicoin.p2p.WireException} carrying a {@link minicoin.p2p.WireError}, so the peer layer
 * (the TCP verticle, still to come) can score misbehaviour and disconnect.
 */
package minicoin.p2p;
