package minicoin.node;

import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.stream.Collectors;

/**
 * The main verticle: reads the launcher's configuration and (in later issues) deploys the
 * verticles of this JVM's roles. An invalid configuration fails the deployment, so the launcher
 * exits non-zero.
 *
 * <p>An empty configuration means "defaults": {@link NodeLauncher} has already refused a
 * {@code -conf} that names no readable JSON file, which the stock launcher would turn into an
 * empty configuration with only a warning.
 */
public final class NodeVerticle extends VerticleBase {

    private static final Logger LOG = Logger.getLogger(NodeVerticle.class.getName());

    private NodeConfig nodeConfig;

    @Override
    public Future<?> start() {
        try {
            nodeConfig = NodeConfig.fromJson(config());
        } catch (ConfigException e) {
            LOG.log(Level.SEVERE, e.getMessage());
            return Future.failedFuture(e);
        }
        LOG.info(() -> "Minicoin node starting on network " + nodeConfig.network().id()
                + ", data dir " + nodeConfig.dataDir().toAbsolutePath().normalize()
                + ", roles " + nodeConfig.roles().stream()
                        .map(NodeConfig.Role::id)
                        .collect(Collectors.joining(", ", "[", "]")));
        LOG.info(() -> "Configuration " + nodeConfig.toJson().encode());
        return Future.succeededFuture();
    }

    @Override
    public Future<?> stop() {
        LOG.info("Minicoin node stopped");
        return Future.succeededFuture();
    }

    /** The configuration this verticle started with; null before a successful start. */
    NodeConfig nodeConfig() {
        return nodeConfig;
    }
}
