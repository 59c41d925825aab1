package minicoin.chain.store;

import java.util.ArrayList;
import java.util.List;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/** Keeps what {@code minicoin.chain} logs while it is open, off the console, for tests to read. */
final class LogCapture extends Handler implements AutoCloseable {

    private final Logger logger = Logger.getLogger("minicoin.chain");
    private final boolean usedParent;
    private final Level level;
    private final List<String> messages = new ArrayList<>();

    LogCapture() {
        usedParent = logger.getUseParentHandlers();
        level = logger.getLevel();
        logger.setUseParentHandlers(false);
        logger.setLevel(Level.INFO);
        logger.addHandler(this);
    }

    @Override
    public synchronized void publish(LogRecord record) {
        messages.add(record.getMessage());
    }

    synchronized List<String> messages() {
        return List.copyOf(messages);
    }

    /** The first message containing {@code text}, or null. */
    synchronized String find(String text) {
        return messages.stream().filter(message -> message.contains(text)).findFirst().orElse(null);
    }

    @Override
    public void flush() {
    }

    @Override
    public void close() {
        logger.removeHandler(this);
        logger.setUseParentHandlers(usedParent);
        logger.setLevel(level);
    }
}
