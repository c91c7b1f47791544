package io.proconsul.serf.memberlist;

import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Counts of what the transport carried and what was refused; a refused packet is only ever counted and
 * dropped. Thread-safe.
 */
public final class PacketCounters {

    final AtomicLong packetsReceived = new AtomicLong();
    final AtomicLong packetsSent = new AtomicLong();
    final AtomicLong streamsReceived = new AtomicLong();
    final AtomicLong foreign = new AtomicLong();
    final AtomicLong badVersion = new AtomicLong();
    final AtomicLong oversized = new AtomicLong();
    final AtomicLong malformed = new AtomicLong();

    void refused(MalformedPacketException e) {
        switch (e.kind()) {
            case FOREIGN -> foreign.incrementAndGet();
            case VERSION -> badVersion.incrementAndGet();
            case OVERSIZED -> oversized.incrementAndGet();
            case MALFORMED -> malformed.incrementAndGet();
        }
    }

    /** All packets and frames refused, whatever the reason. */
    public long refused() {
        return foreign.get() + badVersion.get() + oversized.get() + malformed.get();
    }

    /** Every counter by name. */
    public Map<String, Long> snapshot() {
        return Map.of("packets_received", packetsReceived.get(), "packets_sent", packetsSent.get(),
                "streams_received", streamsReceived.get(), "refused_foreign", foreign.get(),
                "refused_version", badVersion.get(), "refused_oversized", oversized.get(),
                "refused_malformed", malformed.get());
    }
}
