package io.proconsul.core.catalog;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.databind.annotation.JsonSerialize;
import java.util.Objects;

/**
 * A Vivaldi network coordinate as the catalog stores and the HTTP API shows it (serf's
 * {@code coordinate.Coordinate}): a point, its error estimate, the adjustment term and the height (the
 * latency of the node's own access link), all in seconds. Immutable.
 *
 * <p>The distance math is serf's {@code DistanceTo} and Consul's {@code lib.ComputeDistance}
 * (lib/rtt.go); see the network coordinates guide, docs/architecture/coordinates.mdx. Numbers are written
 * as Go writes them ({@link GoFloat}).
 */
@JsonPropertyOrder({"Vec", "Error", "Adjustment", "Height"})
public record Coordinate(
        @JsonProperty("Vec") @JsonSerialize(using = GoFloat.Array.class) double[] vec,
        @JsonProperty("Error") @JsonSerialize(using = GoFloat.class) double error,
        @JsonProperty("Adjustment") @JsonSerialize(using = GoFloat.class) double adjustment,
        @JsonProperty("Height") @JsonSerialize(using = GoFloat.class) double height) {

    /** serf's default dimensionality: what a coordinate from another agent must have to be compared. */
    public static final int DIMENSIONALITY = 8;

    public Coordinate {
        vec = Objects.requireNonNull(vec, "Vec").clone();
    }

    @Override
    public double[] vec() {
        return vec.clone();
    }

    /** serf's {@code IsValid}: every component a finite number (older clients could send NaN or Inf). */
    @JsonIgnore
    public boolean isValid() {
        for (double v : vec) {
            if (!Double.isFinite(v)) {
                return false;
            }
        }
        return Double.isFinite(error) && Double.isFinite(adjustment) && Double.isFinite(height);
    }

    /** serf's {@code IsCompatibleWith}: only coordinates of one dimensionality can be compared. */
    public boolean isCompatibleWith(Coordinate other) {
        return vec.length == other.vec.length;
    }

    /**
     * serf's {@code DistanceTo} in seconds: the Euclidean distance plus both heights, plus both adjustments
     * when that keeps the estimate positive (a negative adjustment is ignored rather than yield a negative
     * round trip). Throws {@link IllegalArgumentException} for coordinates of other dimensionality, where
     * serf panics with {@code ErrDimensionalityConflict}.
     */
    public double distanceTo(Coordinate other) {
        if (!isCompatibleWith(other)) {
            throw new IllegalArgumentException("coordinate dimensionality does not match");
        }
        double sum = 0;
        for (int i = 0; i < vec.length; i++) {
            double d = vec[i] - other.vec[i];
            sum += d * d;
        }
        double dist = Math.sqrt(sum) + height + other.height;
        double adjusted = dist + adjustment + other.adjustment;
        return adjusted > 0.0 ? adjusted : dist;
    }

    /**
     * Consul's {@code lib.ComputeDistance}: seconds between two coordinates, positive infinity when either
     * is missing ({@code null}), so that nodes without a coordinate sort after every node with one.
     */
    public static double computeDistance(Coordinate a, Coordinate b) {
        if (a == null || b == null) {
            return Double.POSITIVE_INFINITY;
        }
        return a.distanceTo(b);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Coordinate c && java.util.Arrays.equals(vec, c.vec)
                && Double.compare(error, c.error) == 0 && Double.compare(adjustment, c.adjustment) == 0
                && Double.compare(height, c.height) == 0;
    }

    @Override
    public int hashCode() {
        return Objects.hash(java.util.Arrays.hashCode(vec), error, adjustment, height);
    }

    @Override
    public String toString() {
        return "Coordinate[vec=" + java.util.Arrays.toString(vec) + ", error=" + error + ", adjustment="
                + adjustment + ", height=" + height + "]";
    }
}
