package io.proconsul.dns.lookup;

import java.util.Objects;
import org.xbill.DNS.Name;

/**
 * The one question of a query, with the zone it falls in.
 *
 * @param name the name as asked (case kept: answers echo it)
 * @param type the dnsjava {@code Type} code
 * @param zone the domain or alt domain the name is under; answers built from catalog data use it, as
 *     Consul's {@code getResponseDomain}
 */
public record Question(Name name, int type, Name zone) {

    public Question {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(zone, "zone");
    }
}
