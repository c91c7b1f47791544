package io.proconsul.serf;

import io.proconsul.serf.coordinate.Coordinate;
import io.proconsul.serf.coordinate.CoordinateClient;
import io.proconsul.serf.coordinate.CoordinateConfig;
import io.proconsul.serf.memberlist.MalformedPacketException;
import io.proconsul.serf.memberlist.MalformedPacketException.Kind;
import io.proconsul.serf.memberlist.WireReader;
import io.proconsul.serf.memberlist.WireWriter;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The pool's network coordinates (serf's ping delegate and coordinate cache): our coordinate rides on
 * every direct ack we send; each ack we get back updates ours with the measured round trip and caches
 * the peer's. Thread-safe.
 */
final class PoolCoordinates {

    private static final Logger log = LoggerFactory.getLogger(PoolCoordinates.class);
    /** serf's {@code PingVersion}: the first byte of the ack payload. */
    private static final int PING_VERSION = 1;

    private final String localName;
    private final CoordinateClient client = new CoordinateClient(CoordinateConfig.defaults());
    private final Map<String, Coordinate> cache = new ConcurrentHashMap<>();

    PoolCoordinates(String localName) {
        this.localName = localName;
        cache.put(localName, client.coordinate());
    }

    Coordinate local() {
        return client.coordinate();
    }

    Optional<Coordinate> cached(String node) {
        return Optional.ofNullable(cache.get(node));
    }

    Map<String, Coordinate> all() {
        return Map.copyOf(cache);
    }

    long resets() {
        return client.resets();
    }

    void forget(String node) {
        cache.remove(node);
        client.forget(node);
    }

    byte[] ackPayload() {
        Coordinate c = client.coordinate();
        double[] vec = c.vec();
        WireWriter w = new WireWriter().u8(PING_VERSION).u8(vec.length);
        for (double v : vec) {
            w.i64(Double.doubleToLongBits(v));
        }
        return w.i64(Double.doubleToLongBits(c.error())).i64(Double.doubleToLongBits(c.adjustment()))
                .i64(Double.doubleToLongBits(c.height())).toByteArray();
    }

    void pingComplete(String node, Duration rtt, byte[] payload) {
        try {
            Coordinate theirs = decode(payload);
            cache.put(localName, client.update(node, theirs, rtt));
            cache.put(node, theirs);
        } catch (MalformedPacketException | IllegalArgumentException e) {
            log.debug("serf: rejected coordinate from {}: {}", node, e.getMessage());
        }
    }

    static Coordinate decode(byte[] payload) throws MalformedPacketException {
        WireReader r = new WireReader(payload, 0, payload.length);
        if (r.u8() != PING_VERSION) {
            throw new MalformedPacketException(Kind.VERSION, "unsupported ping version");
        }
        double[] vec = new double[r.u8()];
        for (int i = 0; i < vec.length; i++) {
            vec[i] = Double.longBitsToDouble(r.i64());
        }
        Coordinate c = new Coordinate(vec, Double.longBitsToDouble(r.i64()), Double.longBitsToDouble(r.i64()),
                Double.longBitsToDouble(r.i64()));
        if (r.remaining() != 0) {
            throw new MalformedPacketException(Kind.MALFORMED, "trailing bytes in coordinate");
        }
        return c;
    }
}
