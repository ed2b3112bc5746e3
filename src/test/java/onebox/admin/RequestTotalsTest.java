package onebox.admin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.junit.jupiter.api.Test;

class RequestTotalsTest {

    private static final double INF = Double.POSITIVE_INFINITY;

    @Test
    void quantileInterpolatesInsideTheBucketOfTheInterval() {
        RequestTotals earlier = new RequestTotals(10, 0, Map.of(0.1, 10.0, 0.2, 10.0, INF, 10.0));
        // 100 new requests: 50 under 0.1 s, 50 between 0.1 and 0.2 s.
        RequestTotals now = new RequestTotals(110, 3, Map.of(0.1, 60.0, 0.2, 110.0, INF, 110.0));
        assertEquals(0.1, now.quantileSince(earlier, 0.5), 1e-9);
        assertEquals(0.198, now.quantileSince(earlier, 0.99), 1e-9);
    }

    @Test
    void quantileInTheOpenBucketIsItsLowerBound() {
        RequestTotals now = new RequestTotals(4, 0, Map.of(10.0, 0.0, INF, 4.0));
        assertEquals(10.0, now.quantileSince(RequestTotals.ZERO, 0.99), 1e-9);
    }

    @Test
    void noTrafficHasNoQuantile() {
        RequestTotals now = new RequestTotals(5, 0, Map.of(0.1, 5.0, INF, 5.0));
        assertTrue(Double.isNaN(now.quantileSince(now, 0.5)));
    }
}
