package io.proconsul.core.catalog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The distance math against the numbers of serf's coordinate_test.go (TestCoordinate_DistanceTo). */
class CoordinateTest {

    private static final double EPS = 1.0e-6;

    private static Coordinate at(double adjustment, double height, double... vec) {
        return new Coordinate(vec, 1.5, adjustment, height);
    }

    @Test
    void distanceIsEuclideanPlusHeightsAndPositiveAdjustments() {
        // serf TestCoordinate_DistanceTo.
        Coordinate c1 = at(0, 0, -0.5, 1.3, 2.4);
        Coordinate c2 = at(0, 0, 1.2, -2.3, 3.4);
        assertThat(c1.distanceTo(c1)).isCloseTo(0.0, within(EPS));
        assertThat(c1.distanceTo(c2)).isCloseTo(c2.distanceTo(c1), within(EPS));
        assertThat(c1.distanceTo(c2)).isCloseTo(4.104875150354758, within(EPS));

        // A negative adjustment that would make the estimate negative is ignored.
        assertThat(at(-1.0e6, 0, -0.5, 1.3, 2.4).distanceTo(c2)).isCloseTo(4.104875150354758, within(EPS));

        // Positive adjustments and heights add up.
        Coordinate a1 = at(0.1, 0, -0.5, 1.3, 2.4);
        Coordinate a2 = at(0.2, 0, 1.2, -2.3, 3.4);
        assertThat(a1.distanceTo(a2)).isCloseTo(4.104875150354758 + 0.3, within(EPS));
        Coordinate h1 = at(0.1, 0.7, -0.5, 1.3, 2.4);
        Coordinate h2 = at(0.2, 2.1, 1.2, -2.3, 3.4);
        assertThat(h1.distanceTo(h2)).isCloseTo(4.104875150354758 + 0.3 + 2.8, within(EPS));
    }

    @Test
    void computeDistanceOfAMissingCoordinateIsInfinite() {
        // As lib.ComputeDistance: a nil coordinate is infinitely far.
        Coordinate a = at(0, 0, 0.5, 0, 0, 0, 0, 0, 0, 0);
        Coordinate b = at(0, 0, 0, 0.5, 0, 0, 0, 0, 0, 0);
        assertThat(Coordinate.computeDistance(a, b)).isCloseTo(Math.sqrt(0.5), within(EPS));
        assertThat(Coordinate.computeDistance(a, null)).isEqualTo(Double.POSITIVE_INFINITY);
        assertThat(Coordinate.computeDistance(null, b)).isEqualTo(Double.POSITIVE_INFINITY);
    }

    @Test
    void otherDimensionalityIsRefused() {
        assertThatThrownBy(() -> at(0, 0, 1, 2).distanceTo(at(0, 0, 1, 2, 3)))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void validityRejectsNonFiniteComponents() {
        assertThat(at(0, 0, 1, 2).isValid()).isTrue();
        assertThat(at(0, 0, 1, Double.NaN).isValid()).isFalse();
        assertThat(at(Double.POSITIVE_INFINITY, 0, 1, 2).isValid()).isFalse();
    }

    @Test
    void jsonUsesConsulsNames() throws Exception {
        ObjectMapper json = new ObjectMapper();
        CoordinateEntry e = new CoordinateEntry("agent-one", "", at(0, 0, 0, 0));
        String text = json.writeValueAsString(e);
        assertThat(text).isEqualTo(
                "{\"Node\":\"agent-one\",\"Segment\":\"\",\"Coord\":{\"Vec\":[0,0],\"Error\":1.5,"
                        + "\"Adjustment\":0,\"Height\":0}}");
        assertThat(json.readValue(text, CoordinateEntry.class)).isEqualTo(e);

        Coordinate small = new Coordinate(new double[] {4.104875150354758, -2.3e-7}, 1.5, -1.0e-6, 1.0e-5);
        String smallText = json.writeValueAsString(small);
        assertThat(smallText).isEqualTo(
                "{\"Vec\":[4.104875150354758,-2.3e-7],\"Error\":1.5,\"Adjustment\":-0.000001,\"Height\":0.00001}");
        assertThat(json.readValue(smallText, Coordinate.class)).isEqualTo(small);
    }

    @ParameterizedTest
    @CsvSource({"0, 0", "1, 1", "-1.5, -1.5", "100, 100", "0.00001, 0.00001", "1.0e-7, 1e-7", "-2.5e-9, -2.5e-9",
            "1.0e21, 1e+21", "123456789.125, 123456789.125"})
    void floatsAreWrittenAsGosEncodingJsonWritesThem(double value, String go) {
        assertThat(GoFloat.format(value)).isEqualTo(go);
    }
}
