package minicoin.rpc.explorer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class InFlightLimitTest {

    @Test
    void requestsBeyondTheLimitAreRefusedUntilOneEnds() {
        InFlightLimit limit = new InFlightLimit(2);
        assertTrue(limit.tryAcquire());
        assertTrue(limit.tryAcquire());

        assertFalse(limit.tryAcquire());

        limit.release();
        assertTrue(limit.tryAcquire());
        assertEquals(2, limit.inFlight());
    }

    @Test
    void aReleaseTooManyDoesNotOpenAnExtraPlace() {
        InFlightLimit limit = new InFlightLimit(1);
        limit.release();

        assertTrue(limit.tryAcquire());
        assertFalse(limit.tryAcquire());
    }
}
