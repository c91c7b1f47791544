package io.proconsul.serf.coordinate;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.ThreadLocalRandom;

/**
 * A Vivaldi network coordinate (serf's {@code coordinate.Coordinate}): a point in a Euclidean space plus a
 * height (the access link's latency) and an adjustment (a correction learned from recent errors). The
 * distance between two coordinates estimates their round-trip time. Immutable; JSON names are Consul's
 * ({@code /v1/coordinate/nodes}).
 */
public record Coordinate(
        @JsonProperty("Vec") double[] vec,
        @JsonProperty("Error") double error,
        @JsonProperty("Adjustment") double adjustment,
        @JsonProperty("Height") double height) {

    static final double ZERO_THRESHOLD = 1.0e-6;

    public Coordinate {
        vec = vec.clone();
    }

    /** The origin with the maximum error: where every client starts. */
    public static Coordinate origin(CoordinateConfig config) {
        return new Coordinate(new double[config.dimensionality()], config.vivaldiErrorMax(), 0.0,
                config.heightMin());
    }

    @Override
    public double[] vec() {
        return vec.clone();
    }

    /** Whether every component is a finite number (a diverged update yields NaN or infinity). */
    public boolean isValid() {
        for (double v : vec) {
            if (!Double.isFinite(v)) {
                return false;
            }
        }
        return Double.isFinite(error) && Double.isFinite(adjustment) && Double.isFinite(height);
    }

    public boolean isCompatibleWith(Coordinate other) {
        return vec.length == other.vec.length;
    }

    /** The estimated round-trip time to {@code other}, adjustments included when they keep it positive. */
    public Duration distanceTo(Coordinate other) {
        double dist = rawDistanceTo(other);
        double adjusted = dist + adjustment + other.adjustment;
        if (adjusted > 0.0) {
            dist = adjusted;
        }
        return Duration.ofNanos((long) (dist * 1.0e9));
    }

    double rawDistanceTo(Coordinate other) {
        return magnitude(diff(vec, other.vec)) + height + other.height;
    }

    /** Moves this coordinate by {@code force} seconds along the line from {@code other}. */
    Coordinate applyForce(CoordinateConfig config, double force, Coordinate other) {
        double[] d = diff(vec, other.vec);
        double mag = magnitude(d);
        double[] unit = unitVector(d, mag);
        double[] moved = vec.clone();
        for (int i = 0; i < moved.length; i++) {
            moved[i] += unit[i] * force;
        }
        double h = height;
        if (mag > ZERO_THRESHOLD) {
            h = Math.max((height + other.height) * force / mag + height, config.heightMin());
        }
        return new Coordinate(moved, error, adjustment, h);
    }

    Coordinate withError(double e) {
        return new Coordinate(vec, e, adjustment, height);
    }

    Coordinate withAdjustment(double a) {
        return new Coordinate(vec, error, a, height);
    }

    /** The unit vector along {@code d}; a random one when the two points coincide, so they can separate. */
    private static double[] unitVector(double[] d, double mag) {
        if (mag > ZERO_THRESHOLD) {
            return scale(d, 1.0 / mag);
        }
        double[] r = new double[d.length];
        for (int i = 0; i < r.length; i++) {
            r[i] = ThreadLocalRandom.current().nextDouble() - 0.5;
        }
        double m = magnitude(r);
        if (m > ZERO_THRESHOLD) {
            return scale(r, 1.0 / m);
        }
        double[] first = new double[d.length];
        first[0] = 1.0;
        return first;
    }

    private static double[] diff(double[] a, double[] b) {
        double[] r = new double[a.length];
        for (int i = 0; i < a.length; i++) {
            r[i] = a[i] - b[i];
        }
        return r;
    }

    private static double[] scale(double[] a, double f) {
        double[] r = new double[a.length];
        for (int i = 0; i < a.length; i++) {
            r[i] = a[i] * f;
        }
        return r;
    }

    private static double magnitude(double[] a) {
        double sum = 0;
        for (double v : a) {
            sum += v * v;
        }
        return Math.sqrt(sum);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Coordinate c && Arrays.equals(vec, c.vec) && error == c.error
                && adjustment == c.adjustment && height == c.height;
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(vec) * 31 + Double.hashCode(error + adjustment + height);
    }

    @Override
    public String toString() {
        return "Coordinate" + Arrays.toString(vec) + "[error=" + error + ", adjustment=" + adjustment + ", height="
                + height + "]";
    }
}
