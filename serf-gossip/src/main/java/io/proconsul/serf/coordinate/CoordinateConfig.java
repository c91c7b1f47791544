package io.proconsul.serf.coordinate;

/**
 * Vivaldi's tuning (serf's {@code coordinate.DefaultConfig}). Immutable.
 *
 * @param dimensionality dimensions of the Euclidean part
 * @param vivaldiErrorMax the error a fresh coordinate starts with, and the cap
 * @param vivaldiCE how fast the error estimate moves
 * @param vivaldiCC how fast the coordinate moves
 * @param adjustmentWindowSize samples kept for the adjustment term (0 disables it)
 * @param heightMin the smallest height, in seconds
 * @param latencyFilterSize RTT samples per peer whose median is used
 * @param gravityRho how weakly coordinates are pulled back towards the origin, in seconds
 */
public record CoordinateConfig(int dimensionality, double vivaldiErrorMax, double vivaldiCE, double vivaldiCC,
        int adjustmentWindowSize, double heightMin, int latencyFilterSize, double gravityRho) {

    public static CoordinateConfig defaults() {
        return new CoordinateConfig(8, 1.5, 0.25, 0.25, 20, 10.0e-6, 3, 150.0);
    }
}
