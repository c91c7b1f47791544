package io.proconsul.dns.lookup;

import io.proconsul.dns.DnsSettings;
import java.util.List;
import org.xbill.DNS.Type;

/**
 * {@code <hex-ip>.addr.<domain>}: the address the name encodes, with {@code node_ttl}, no store read. As
 * Consul, a question of another type gets the record in the additional section rather than nothing.
 */
public final class AddrLookup {

    private final DnsSettings settings;

    public AddrLookup(DnsSettings settings) {
        this.settings = settings;
    }

    public Answer lookup(Question q, QueryName.Addr name) {
        int wanted = name.ip().length == 4 ? Type.A : Type.AAAA;
        org.xbill.DNS.Record r = Records.address(wanted, name.ip(), q.name(), settings.nodeTtlSeconds());
        if (q.type() == wanted || q.type() == Type.ANY) {
            return Answer.of(List.of(r), List.of());
        }
        return Answer.of(List.of(), List.of(r));
    }
}
