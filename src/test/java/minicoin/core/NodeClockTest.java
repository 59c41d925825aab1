package minicoin.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.function.LongSupplier;
import org.junit.jupiter.api.Test;

class NodeClockTest {

    private static final LongSupplier FIXED = () -> 1_700_000_000L;

    @Test
    void theOffsetIsAddedToTheClock() {
        assertEquals(1_700_001_200L, NodeClock.withOffset(1_200, FIXED).getAsLong());
        assertEquals(1_699_998_800L, NodeClock.withOffset(-1_200, FIXED).getAsLong());
    }

    @Test
    void noOffsetIsTheClockItself() {
        assertSame(FIXED, NodeClock.withOffset(0, FIXED));
    }

    @Test
    void anOffsetBeyondADayIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> NodeClock.withOffset(NodeClock.MAX_OFFSET_SECONDS + 1, FIXED));
        assertThrows(IllegalArgumentException.class, () -> NodeClock.withOffset(-NodeClock.MAX_OFFSET_SECONDS - 1, FIXED));
    }

    @Test
    void withoutThePropertyTheNodeRunsOnTheSystemClock() {
        long before = System.currentTimeMillis() / 1000;
        long now = NodeClock.fromSystemProperties().getAsLong();
        assertEquals(before, now, 1);
    }
}
