/**
 * Launcher glue: the node's configuration ({@link minicoin.node.NodeConfig}, checked against
 * {@code config-schema.json}), the launcher that refuses a bad {@code -conf} before Vert.x starts,
 * and the main verticle that will deploy the verticles of this JVM's roles.
 *
 * <p>It knows nothing of blocks, keys or sockets; later rooms plug in through the roles.
 */
package minicoin.node;
