package io.proconsul.dns;

import java.net.InetAddress;
import java.net.UnknownHostException;
import org.xbill.DNS.Address;

/** IP literals without any name resolution: a catalog address is either an IP or a host name for a CNAME. */
public final class IpLiterals {

    private IpLiterals() {}

    /** The 4 or 16 bytes of an IPv4 or IPv6 literal; {@code null} for anything else (a host name, ""). */
    public static byte[] parse(String text) {
        if (text == null || text.isEmpty()) {
            return null;
        }
        byte[] v4 = Address.toByteArray(text, Address.IPv4);
        if (v4 != null) {
            return v4;
        }
        if (text.indexOf(':') < 0) {
            return null;
        }
        byte[] v6 = Address.toByteArray(text, Address.IPv6);
        if (v6 != null && isMappedV4(v6)) {
            // Go's net.ParseIP treats ::ffff:a.b.c.d as IPv4 (To4 != nil); so does Consul's DNS.
            byte[] mapped = new byte[4];
            System.arraycopy(v6, 12, mapped, 0, 4);
            return mapped;
        }
        return v6;
    }

    private static boolean isMappedV4(byte[] v6) {
        for (int i = 0; i < 10; i++) {
            if (v6[i] != 0) {
                return false;
            }
        }
        return (v6[10] & 0xff) == 0xff && (v6[11] & 0xff) == 0xff;
    }

    /** The address of 4 or 16 bytes (never a lookup). */
    public static InetAddress toInet(byte[] ip) {
        try {
            return InetAddress.getByAddress(ip);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("not an IP address of 4 or 16 bytes", e);
        }
    }
}
