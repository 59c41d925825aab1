package minicoin.rpc.methods;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonObject;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import minicoin.config.NodeConfig.Network;
import org.junit.jupiter.api.Test;

/** The methods that read the time, with a clock the test moves. */
class ClockedMethodsTest {

    private static final Instant NOW = Instant.parse("2026-12-05T12:00:00Z");

    private static final class MovableClock extends Clock {
        Instant now = NOW;

        @Override
        public ZoneId getZone() {
            return ZoneId.of("UTC");
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }

    private static JsonObject chainInfo(int height, Long tipTime, int headers) {
        return chainInfo(height, tipTime, headers, height);
    }

    private static JsonObject chainInfo(int height, Long tipTime, int headers, long bestHeaderHeight) {
        return new JsonObject().put("height", height).put("headers", headers).put("bestHeaderHeight", bestHeaderHeight).put("bestHash", height < 0 ? null : "ab".repeat(32))
                .put("bits", "1d00ffff").put("difficulty", 1.0).put("chainWork", "100010001")
                .put("time", tipTime).put("medianTime", tipTime);
    }

    @Test
    void uptimeCountsWholeSecondsFromConstruction() {
        MovableClock clock = new MovableClock();
        Uptime uptime = new Uptime(clock);
        clock.now = NOW.plusMillis(90_999);

        assertEquals(90L, uptime.execute(null).result());
    }

    @Test
    void aTipOlderThanADayMeansInitialBlockDownloadAsInCore() {
        GetBlockchainInfo method = new GetBlockchainInfo(Network.DEVNET, new MovableClock());
        long fresh = NOW.minus(Duration.ofHours(23)).getEpochSecond();
        long stale = NOW.minus(GetBlockchainInfo.MAX_TIP_AGE).minusSeconds(1).getEpochSecond();

        JsonObject synced = method.shape(chainInfo(9, fresh, 20));
        JsonObject behind = method.shape(chainInfo(9, stale, 20));

        assertFalse(synced.getBoolean("initialblockdownload"));
        assertEquals(1.0, synced.getDouble("verificationprogress"));
        assertTrue(behind.getBoolean("initialblockdownload"));
        // Every block known to exist is verified: an old tip alone leaves nothing to verify.
        assertEquals(1.0, behind.getDouble("verificationprogress"));
        assertEquals("00000000ffff0000000000000000000000000000000000000000000000000000", synced.getString("target"));
        assertEquals("0000000000000000000000000000000000000000000000000000000100010001", synced.getString("chainwork"));
        assertEquals(9, synced.getInteger("headers"));
        assertEquals(1.0, synced.getDouble("difficulty"));
    }

    @Test
    void blocksStillToFetchBelowTheBestHeaderMeanInitialBlockDownloadWhateverTheTipsAge() {
        GetBlockchainInfo method = new GetBlockchainInfo(Network.DEVNET, new MovableClock());
        long fresh = NOW.minusSeconds(60).getEpochSecond();

        // Ten blocks (0..9) of twenty known headers (0..19); the index counts 25 entries with side branches.
        JsonObject syncing = method.shape(chainInfo(9, fresh, 25, 19));

        assertTrue(syncing.getBoolean("initialblockdownload"));
        assertEquals(0.5, syncing.getDouble("verificationprogress"));
        assertEquals(19, syncing.getInteger("headers"), "Core's headers: the best header's height");
        assertEquals(9, syncing.getInteger("blocks"));
    }

    @Test
    void beforeTheGenesisBlocksIsMinusOneAndNothingIsVerified() {
        JsonObject info = new GetBlockchainInfo(Network.REGTEST, new MovableClock()).shape(chainInfo(-1, null, 0));

        assertEquals(-1, info.getInteger("blocks"));
        assertNull(info.getString("bestblockhash"));
        assertTrue(info.getBoolean("initialblockdownload"));
        assertEquals(0.0, info.getDouble("verificationprogress"));
    }
}
