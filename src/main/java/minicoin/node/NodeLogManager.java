package minicoin.node;

import java.util.logging.LogManager;

/**
 * The JDK's log manager, except that it keeps its handlers while the JVM shuts down.
 *
 * <p>The JDK resets logging in a shutdown hook of its own, concurrently with the Vert.x hook that
 * undeploys the verticles; without this class the lines verticles log while stopping are lost
 * at random. Handlers need no release at exit: the console handler flushes every record.
 * {@link NodeLauncher} installs it through {@code java.util.logging.manager}.
 */
public final class NodeLogManager extends LogManager {

    public NodeLogManager() {
        super();
    }

    @Override
    public void reset() {
        if (!jvmShuttingDown()) {
            super.reset();
        }
    }

    /** Whether the JVM has begun to shut down (a signal, or System.exit): shutdown hooks can no longer be added. */
    static boolean jvmShuttingDown() {
        Thread probe = new Thread(() -> { });
        try {
            Runtime.getRuntime().addShutdownHook(probe);
            Runtime.getRuntime().removeShutdownHook(probe);
            return false;
        } catch (IllegalStateException e) {
            return true;
        }
    }
}
