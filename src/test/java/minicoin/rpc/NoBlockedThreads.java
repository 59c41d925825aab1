package minicoin.rpc;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.stream.Collectors;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Fails a test during which Vert.x's blocked-thread checker warned that an event loop (or worker)
 * was held too long. With default options that is an event loop busy for more than 2 s.
 */
final class NoBlockedThreads implements BeforeEachCallback, AfterEachCallback {

    /** The checker's logger (io.vertx.core.internal.threadchecker.BlockedThreadChecker.LOGGER_NAME). */
    static final String CHECKER_LOGGER = "io.vertx.core.impl.BlockedThreadChecker";

    // A strong reference: the log manager holds loggers weakly, and a collected one loses its handler.
    private final Logger logger = Logger.getLogger(CHECKER_LOGGER);
    private final List<LogRecord> warnings = new CopyOnWriteArrayList<>();
    private final Handler recorder = new Handler() {
        @Override
        public void publish(LogRecord record) {
            warnings.add(record);
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    };

    void watch() {
        warnings.clear();
        logger.addHandler(recorder);
    }

    void stopWatching() {
        logger.removeHandler(recorder);
    }

    List<LogRecord> warnings() {
        return List.copyOf(warnings);
    }

    Logger logger() {
        return logger;
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        watch();
    }

    @Override
    public void afterEach(ExtensionContext context) {
        stopWatching();
        assertTrue(warnings.isEmpty(), () -> "a thread was blocked: " + warnings.stream()
                .map(LogRecord::getMessage).collect(Collectors.joining("; ")));
    }
}
