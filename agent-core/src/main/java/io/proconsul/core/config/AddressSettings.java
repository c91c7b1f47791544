package io.proconsul.core.config;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Supplier;

/**
 * Resolves {@code bind_addr}, {@code advertise_addr}, {@code client_addr} and {@code addresses {}} as
 * Consul's builder does: each is a space-separated list of IP literals; the bind address must be exactly
 * one IP; the advertise address may not be "any"; when the bind address is "any" ({@code 0.0.0.0} or
 * {@code ::}) and no advertise address is set, the single private IPv4 (or public IPv6) address of the
 * host is advertised, and more than one is an error. go-sockaddr templates ({@code {{ GetPrivateIP }}})
 * and unix sockets are not supported yet and are rejected with a message saying so.
 */
final class AddressSettings {

    /** The resolved addresses; {@code advertise} is "" when the bind address is to be advertised. */
    record Resolved(String bind, String advertise, List<String> client, List<String> http, List<String> dns) {}

    private final MergedConfig c;
    private final Supplier<List<InetAddress>> interfaceAddresses;
    private final List<String> warnings;

    AddressSettings(MergedConfig c, Supplier<List<InetAddress>> interfaceAddresses, List<String> warnings) {
        this.c = c;
        this.interfaceAddresses = interfaceAddresses;
        this.warnings = warnings;
    }

    Resolved resolve() throws ConfigException {
        List<String> binds = ips("bind_addr");
        if (binds.isEmpty()) {
            throw c.error("bind_addr cannot be empty", "bind_addr");
        }
        if (binds.size() > 1) {
            throw c.error("bind_addr cannot contain multiple addresses. Use 'addresses.{dns,http,https}' instead.",
                    "bind_addr");
        }
        InetAddress bind = parseIp(binds.get(0));
        List<String> adv = ips("advertise_addr");
        if (adv.size() > 1) {
            throw c.error("advertise_addr: multiple addresses found: " + c.string("advertise_addr").strip(),
                    "advertise_addr");
        }
        if (!adv.isEmpty() && parseIp(adv.get(0)).isAnyLocalAddress()) {
            throw c.error("Advertise address cannot be 0.0.0.0, :: or [::]", "advertise_addr");
        }
        String advertise = adv.isEmpty() ? "" : adv.get(0);
        if (adv.isEmpty() && bind.isAnyLocalAddress()) {
            advertise = detect(bind);
        }
        List<String> client = ips("client_addr");
        if (client.isEmpty()) {
            warnings.add("client_addr is empty, client services (DNS, HTTP, HTTPS, GRPC) will not be listening "
                    + "for connections");
        }
        return new Resolved(binds.get(0), advertise, client, ips("addresses.http"), ips("addresses.dns"));
    }

    private String detect(InetAddress bind) throws ConfigException {
        boolean v4 = bind instanceof Inet4Address;
        String kind = v4 ? "private IPv4" : "public IPv6";
        List<InetAddress> found = new ArrayList<>();
        for (InetAddress a : interfaceAddresses.get()) {
            if (v4 ? a instanceof Inet4Address && isPrivate(a) : a instanceof Inet6Address && isPublicV6(a)) {
                found.add(a);
            }
        }
        if (found.isEmpty()) {
            throw c.error("No " + kind + " address found", "bind_addr");
        }
        if (found.size() > 1) {
            throw c.error("Multiple " + kind
                    + " addresses found. Please configure one with 'bind' and/or 'advertise'.", "bind_addr");
        }
        return literal(found.get(0));
    }

    /** RFC 1918 and the RFC 6598 shared space; link-local is not forwardable, so go-sockaddr skips it. */
    static boolean isPrivate(InetAddress a) {
        byte[] b = a.getAddress();
        int x = b[0] & 0xff;
        int y = b[1] & 0xff;
        return x == 10 || (x == 172 && y >= 16 && y < 32) || (x == 192 && y == 168)
                || (x == 100 && y >= 64 && y < 128);
    }

    private static boolean isPublicV6(InetAddress a) {
        int first = a.getAddress()[0] & 0xff;
        return !a.isLoopbackAddress() && !a.isLinkLocalAddress() && !a.isSiteLocalAddress()
                && (first & 0xfe) != 0xfc && !a.isAnyLocalAddress();
    }

    /** The IP literals in a space-separated key, or an error naming the key and the bad element. */
    private List<String> ips(String key) throws ConfigException {
        String value = c.string(key);
        List<String> out = new ArrayList<>();
        if (value == null || value.isBlank()) {
            return out;
        }
        if (value.contains("{{")) {
            throw c.error(key + ": go-sockaddr templates are not supported by Proconsul yet: " + value, key);
        }
        for (String field : value.strip().split("\\s+")) {
            if (field.startsWith("unix://")) {
                throw c.error(key + ": unix sockets are not supported by Proconsul yet: " + field, key);
            }
            String ip = field.equals("[::]") ? "::" : field;
            if (parseIp(ip) == null) {
                throw c.error(key + ": invalid ip address: " + field, key);
            }
            out.add(ip);
        }
        return out;
    }

    /** Parses an IP literal without ever resolving a host name. */
    static InetAddress parseIp(String s) {
        boolean v4 = s.matches("\\d{1,3}(\\.\\d{1,3}){3}")
                && Arrays.stream(s.split("\\.")).allMatch(p -> Integer.parseInt(p) <= 255);
        boolean v6 = s.contains(":") && s.matches("[0-9A-Fa-f:.]+");
        if (!v4 && !v6) {
            return null;
        }
        try {
            return InetAddress.getByName(s);
        } catch (UnknownHostException e) {
            return null;
        }
    }

    private static String literal(InetAddress a) {
        String s = a.getHostAddress();
        int zone = s.indexOf('%');
        return zone < 0 ? s : s.substring(0, zone);
    }
}
