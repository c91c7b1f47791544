package io.proconsul.serf.coordinate;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Deque;
import java.util.HashMap;
import java.util.Map;

/**
 * This member's Vivaldi coordinate (serf's {@code coordinate.Client}): each measured round trip to a peer
 * whose coordinate is known pulls ours (spring force, weighted by relative error), refines the adjustment
 * term, and applies a weak gravity towards the origin so the whole system does not drift. A result that
 * is no longer finite resets the coordinate and counts a reset ({@code coordinate_resets}).
 *
 * <p>Thread-safe (synchronized): updated from the gossip thread, read by the API.
 */
public final class CoordinateClient {

    /** Round trips outside (0, 10 s] are refused, as serf does. */
    static final Duration MAX_RTT = Duration.ofSeconds(10);

    private final CoordinateConfig config;
    private final Coordinate origin;
    private final double[] adjustmentSamples;
    private final Map<String, Deque<Double>> latencies = new HashMap<>();
    private Coordinate coord;
    private int adjustmentIndex;
    private long resets;

    public CoordinateClient(CoordinateConfig config) {
        this.config = config;
        this.origin = Coordinate.origin(config);
        this.coord = origin;
        this.adjustmentSamples = new double[config.adjustmentWindowSize()];
    }

    public synchronized Coordinate coordinate() {
        return coord;
    }

    /** How many times the coordinate diverged and was reset. */
    public synchronized long resets() {
        return resets;
    }

    /** Forgets a peer's latency samples (when it is reaped). */
    public synchronized void forget(String node) {
        latencies.remove(node);
    }

    /**
     * Folds one measured round trip to {@code node}, whose coordinate is {@code other}, into ours and returns
     * the new coordinate.
     *
     * @throws IllegalArgumentException for an incompatible or invalid coordinate or an RTT out of range
     */
    public synchronized Coordinate update(String node, Coordinate other, Duration rtt) {
        if (!coord.isCompatibleWith(other)) {
            throw new IllegalArgumentException("dimensions aren't compatible");
        }
        if (!other.isValid()) {
            throw new IllegalArgumentException("coordinate is invalid");
        }
        if (rtt.isNegative() || rtt.compareTo(MAX_RTT) > 0) {
            throw new IllegalArgumentException("round trip time not in valid range, duration " + rtt
                    + " is not a positive value less than " + MAX_RTT);
        }
        double rttSeconds = latencyFilter(node, rtt.toNanos() / 1.0e9);
        updateVivaldi(other, rttSeconds);
        updateAdjustment(other, rttSeconds);
        updateGravity();
        if (!coord.isValid()) {
            resets++;
            coord = origin;
        }
        return coord;
    }

    /** The median of the last few samples, which rejects one-off spikes. */
    private double latencyFilter(String node, double rttSeconds) {
        Deque<Double> samples = latencies.computeIfAbsent(node, n -> new ArrayDeque<>());
        samples.addLast(rttSeconds);
        if (samples.size() > config.latencyFilterSize()) {
            samples.removeFirst();
        }
        double[] sorted = samples.stream().mapToDouble(Double::doubleValue).toArray();
        Arrays.sort(sorted);
        return sorted[sorted.length / 2];
    }

    private void updateVivaldi(Coordinate other, double rttSeconds) {
        double rtt = Math.max(rttSeconds, Coordinate.ZERO_THRESHOLD);
        double dist = coord.distanceTo(other).toNanos() / 1.0e9;
        double wrongness = Math.abs(dist - rtt) / rtt;
        double totalError = Math.max(coord.error() + other.error(), Coordinate.ZERO_THRESHOLD);
        double weight = coord.error() / totalError;
        double error = config.vivaldiCE() * weight * wrongness + coord.error() * (1.0 - config.vivaldiCE() * weight);
        coord = coord.withError(Math.min(error, config.vivaldiErrorMax()));
        double force = config.vivaldiCC() * weight * (rtt - dist);
        coord = coord.applyForce(config, force, other);
    }

    private void updateAdjustment(Coordinate other, double rttSeconds) {
        if (adjustmentSamples.length == 0) {
            return;
        }
        // The raw distance: the adjustment is learned from what the coordinates alone get wrong.
        adjustmentSamples[adjustmentIndex] = rttSeconds - coord.rawDistanceTo(other);
        adjustmentIndex = (adjustmentIndex + 1) % adjustmentSamples.length;
        double sum = 0;
        for (double s : adjustmentSamples) {
            sum += s;
        }
        coord = coord.withAdjustment(sum / (2.0 * adjustmentSamples.length));
    }

    private void updateGravity() {
        double dist = origin.distanceTo(coord).toNanos() / 1.0e9;
        double force = -1.0 * Math.pow(dist / config.gravityRho(), 2.0);
        coord = coord.applyForce(config, force, origin);
    }
}
