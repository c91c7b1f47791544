package io.proconsul.serf.coordinate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class CoordinateClientTest {

    @Test
    void twoClientsLearnTheirRoundTripTime() {
        CoordinateClient a = new CoordinateClient(CoordinateConfig.defaults());
        CoordinateClient b = new CoordinateClient(CoordinateConfig.defaults());
        Duration rtt = Duration.ofMillis(50);
        for (int i = 0; i < 200; i++) {
            a.update("b", b.coordinate(), rtt);
            b.update("a", a.coordinate(), rtt);
        }
        long estimate = a.coordinate().distanceTo(b.coordinate()).toMillis();
        assertThat(estimate).isBetween(45L, 55L);
        assertThat(a.coordinate().error()).isLessThan(0.5);
        assertThat(a.resets()).isZero();
    }

    @Test
    void aSingleSpikeIsFilteredByTheMedian() {
        CoordinateClient a = new CoordinateClient(CoordinateConfig.defaults());
        Coordinate peer = Coordinate.origin(CoordinateConfig.defaults());
        for (int i = 0; i < 100; i++) {
            a.update("p", peer, Duration.ofMillis(10));
        }
        Duration before = a.coordinate().distanceTo(peer);
        a.update("p", peer, Duration.ofSeconds(5));
        assertThat(a.coordinate().distanceTo(peer).minus(before).abs()).isLessThan(Duration.ofMillis(2));
    }

    @Test
    void invalidInputIsRefused() {
        CoordinateClient a = new CoordinateClient(CoordinateConfig.defaults());
        Coordinate ok = Coordinate.origin(CoordinateConfig.defaults());
        assertThrows(IllegalArgumentException.class, () -> a.update("p", ok, Duration.ofSeconds(11)));
        assertThrows(IllegalArgumentException.class, () -> a.update("p", ok, Duration.ofMillis(-1)));
        assertThrows(IllegalArgumentException.class,
                () -> a.update("p", new Coordinate(new double[3], 1, 0, 0), Duration.ofMillis(1)));
        double[] nan = new double[8];
        nan[0] = Double.NaN;
        assertThrows(IllegalArgumentException.class,
                () -> a.update("p", new Coordinate(nan, 1, 0, 0), Duration.ofMillis(1)));
    }
}
