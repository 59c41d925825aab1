package minicoin.node;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.vertx.core.Vertx;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import minicoin.bus.BusAddresses;
import minicoin.config.NodeConfig;
import org.junit.jupiter.api.Test;

class RoleClaimLogTest {

    @Test
    void aNodeOutsideAClusterLogsNoRoleClaim() throws Exception {
        Logger logger = Logger.getLogger(RoleClaim.class.getName());
        List<LogRecord> records = new ArrayList<>();
        Handler capture = new Handler() {
            @Override
            public void publish(LogRecord record) {
                if (record.getLevel().intValue() >= Level.INFO.intValue()) {
                    records.add(record);
                }
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        Level level = logger.getLevel();
        boolean parents = logger.getUseParentHandlers();
        logger.setLevel(Level.ALL);
        // Captured here only: the test log stays quiet.
        logger.setUseParentHandlers(false);
        logger.addHandler(capture);
        Vertx vertx = Vertx.vertx();
        try {
            RoleClaim claim = RoleClaim.acquire(vertx, new BusAddresses("minicoin"), "minicoin", NodeConfig.Role.CHAIN)
                    .toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
            claim.release().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);

            assertEquals(List.of(), records.stream().map(LogRecord::getMessage).toList());
        } finally {
            logger.removeHandler(capture);
            logger.setUseParentHandlers(parents);
            logger.setLevel(level);
            vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        }
    }
}
