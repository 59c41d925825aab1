/**
 * The top floor: the launcher ({@link minicoin.node.NodeLauncher}, which refuses a bad
 * {@code -conf} before Vert.x starts and sets up logging and the cluster), the main verticle
 * {@link minicoin.node.NodeVerticle} that deploys the verticles of this JVM's roles, the role claims
 * that keep one chain and one wallet per logical node, and the chain and wallet workers
 * ({@link minicoin.node.ChainVerticle} over {@link minicoin.node.ChainService},
 * {@link minicoin.node.WalletVerticle}) that put the plain {@code chain} and {@code wallet} classes on
 * the bus. A start that fails for a known cause ends in one sentence and an {@link minicoin.node.ExitCode}
 * ({@link minicoin.node.StartupFailure}), with nothing new left in the data directory.
 *
 * <p>Nothing else in the node imports this package: the services it starts find each other through
 * {@code minicoin.bus} and read their settings from {@code minicoin.config}.
 */
package minicoin.node;
